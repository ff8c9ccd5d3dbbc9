using Appliance.Core.Generation;
using Appliance.Core.Models;

namespace Appliance.Core.Engines;

/// <summary>
/// A loaded text-generation model, driven step by step by its worker: the scheduler plans,
/// the engine executes.
/// </summary>
/// <remarks>
/// Threading contract: <see cref="Tokenize"/>, <see cref="RenderChat"/>, <see cref="TokenizeChat"/> and <see cref="Limits"/>
/// are safe from any thread. <see cref="Start"/>, <see cref="Step"/> and <see cref="Release"/>
/// belong to one owner thread (the model's worker): native decode is not re-entrant, and
/// its OpenMP worker pool is per calling thread.
/// </remarks>
public interface ITextGenerationEngine : IDisposable
{
    /// <summary>Sizes the engine was created with.</summary>
    EngineLimits Limits { get; }

    /// <summary>Human-readable backend description (native library, CPU/GPU), for logs and ListModels.</summary>
    string Backend { get; }

    /// <summary>What callers may know of the model once loaded (chat template presence, special tokens); safe from any thread.</summary>
    ModelTraits Traits => ModelTraits.None;

    /// <summary>
    /// Tokenises a raw prompt as the model does, with BOS if the model wants one and special
    /// tokens parsed: the expert path, where the caller writes the control tokens itself. Never
    /// for text that embeds a caller's message in a template: that is <see cref="TokenizeChat"/>.
    /// </summary>
    IReadOnlyList<int> Tokenize(string text);

    /// <summary>
    /// Renders chat turns with the model's chat template, ending with the assistant turn's
    /// opening, keeping the template's text apart from the messages' text.
    /// </summary>
    /// <exception cref="Errors.InvalidRequestException">The model has no usable chat template.</exception>
    RenderedChat RenderChat(IReadOnlyList<ChatMessage> messages);

    /// <summary>
    /// Tokenises a rendered chat: control tokens are honoured in the template's text only; message
    /// text is plain text, so <c>&lt;|im_end|&gt;</c> written in a message never becomes the control
    /// token. For ordinary text the result equals <see cref="Tokenize"/> of the whole rendered text,
    /// so a chat's token sequence is deterministic and its prefix can be reused.
    /// </summary>
    IReadOnlyList<int> TokenizeChat(RenderedChat chat);

    /// <summary>
    /// Compiles a grammar the way <see cref="Start"/> would, to refuse a broken one before the
    /// request is queued; safe from any thread. Returns null when it compiles, else why not (never
    /// the grammar's text).
    /// </summary>
    string? CheckGrammar(ConstraintGrammar grammar) => "grammars are not supported by this model's engine";

    /// <summary>Reserves a sequence slot (KV) for a request. Owner thread only.</summary>
    SequenceStartResult Start(SequenceStart start);

    /// <summary>
    /// Runs one forward pass over a batch that mixes prefill chunks and single decode tokens of
    /// several sequences, and samples one token for every item with <see cref="StepItem.Sample"/>.
    /// Owner thread only.
    /// </summary>
    /// <exception cref="Errors.EngineFailureException">The native decode failed; the KV state of the listed sequences is undefined and they must be released.</exception>
    IReadOnlyList<SampledToken> Step(StepPlan plan);

    /// <summary>
    /// Where the last <see cref="Step"/>'s time went inside the engine (native decode against
    /// batch assembly, sampling and detokenising); default when the engine does not measure it.
    /// Owner thread only.
    /// </summary>
    EngineStepTimings LastStepTimings => default;

    /// <summary>
    /// Replaces the grammar of a sequence started with one (<see cref="SequenceStart.Grammar"/>):
    /// a reasoning model's response format starts where its answer begins, and stops where the
    /// model turns out to reason. <paramref name="grammar"/> null: sample unconstrained from here.
    /// The new grammar is fed <paramref name="outputSoFar"/> first (output it must already cover).
    /// Owner thread only. False when those tokens are no start of a sentence of the grammar: it is
    /// dropped and the answer check at the end decides.
    /// </summary>
    bool SetGrammar(SequenceSlot slot, ConstraintGrammar? grammar, ReadOnlySpan<int> outputSoFar) => false;

    /// <summary>Frees the sequence's KV cells at once. Owner thread only. Releasing twice is a no-op.</summary>
    void Release(SequenceSlot slot);
}
