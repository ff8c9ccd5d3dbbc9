using System.Diagnostics;
using System.Text;
using Appliance.Core.Engines;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Core.Models;
using LLama;
using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>
/// A GGUF model in one llama.cpp context with <see cref="EngineLimits.MaxSequences"/> sequence
/// slots over a shared KV cache. Every step is one synchronous <c>llama_decode</c> of a batch
/// mixing prefill chunks and decode tokens of many sequences.
/// </summary>
/// <remarks>
/// Start/Step/Release must come from one long-lived thread (the model's worker): decode is
/// not re-entrant, and llama.cpp's OpenMP pool is per calling thread, so hopping between
/// pool threads makes thread sets fight over the cores (measured: -45% single stream).
/// </remarks>
internal sealed class LlamaEngine : ITextGenerationEngine
{
    private readonly LLamaWeights _weights;
    private readonly LLamaContext _context;
    private readonly LlamaChatTemplate _template;
    private readonly LlamaChatTokenizer _chatTokenizer;
    private readonly SequenceState?[] _slots;
    private readonly LLamaBatch _batch = new();
    private readonly List<(int BatchIndex, int Slot)> _sampleAt = [];
    private readonly SlotKvContents _kv;
    private readonly bool _prefixCache;
    private readonly LlamaGrammarCheck _grammarCheck;
    private readonly SamplerBuffers _samplerBuffers = new();
    private Utf8TokenTable? _utf8;
    private ModelTraits? _traits;
    private bool _disposed;

    public LlamaEngine(LLamaWeights weights, LLamaContext context, LlamaChatTemplate template, EngineLimits limits, string backend, bool prefixCache, string? libraryPath = null)
    {
        _grammarCheck = new LlamaGrammarCheck(libraryPath);
        _prefixCache = prefixCache;
        _kv = new SlotKvContents(limits.MaxSequences);
        _weights = weights;
        _context = context;
        _template = template;
        _chatTokenizer = new LlamaChatTokenizer(weights.NativeHandle, LlamaSpecialTokens.Read(weights.NativeHandle));
        Limits = limits;
        Backend = backend;
        _slots = new SequenceState?[limits.MaxSequences];
    }

    public EngineLimits Limits { get; }

    public string Backend { get; }

    public ModelTraits Traits => _traits ??= LlamaModelTraits.Read(_weights.NativeHandle, _template);

    public IReadOnlyList<int> Tokenize(string text)
    {
        var tokens = _weights.NativeHandle.Tokenize(text, _weights.Vocab.ShouldAddBOS, special: true, Encoding.UTF8);
        var result = new int[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            result[i] = (int)tokens[i];
        }

        return result;
    }

    public RenderedChat RenderChat(IReadOnlyList<ChatMessage> messages) => _template.Render(messages);

    public IReadOnlyList<int> TokenizeChat(RenderedChat chat) => _chatTokenizer.Tokenize(chat);

    public string? CheckGrammar(ConstraintGrammar grammar)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _grammarCheck.Check(_weights.NativeHandle, grammar);
    }

    public SequenceStartResult Start(SequenceStart start)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(start);
        var free = Enumerable.Range(0, _slots.Length).Where(i => _slots[i] is null).ToList();
        if (free.Count == 0)
        {
            throw new InvalidOperationException($"all {_slots.Length} sequence slots are in use: the scheduler must not over-admit");
        }

        var (slot, common) = _prefixCache ? _kv.Best(free, start.PromptTokens) : (free[0], 0);

        // At least the last prompt token is always fed again: its logits give the first sample.
        common = Math.Min(common, start.PromptTokens.Count - 1);
        if (_kv.Count(slot) > common)
        {
            _context.NativeHandle.MemorySequenceRemove((LLamaSeqId)slot, common, -1);
            _kv.TruncateTo(slot, common);
        }

        // The token bytes for the UTF-8 guard are read once, at the model's first constrained sequence.
        var utf8 = start.Grammar is null ? null : _utf8 ??= new Utf8TokenTable(_weights.NativeHandle, _weights.Vocab.Count);
        var sampler = LlamaSequenceSampler.Create(
            start.Sampling, start.PromptTokens, _weights.Vocab, start.Grammar, start.GeneratedTokens, start.GrammarFrom, utf8);
        var decoder = new StreamingTokenDecoder(Encoding.UTF8, _weights.NativeHandle);

        // A resumed sequence: its text was sent already, but a character its last tokens began
        // (byte-fallback tokens) must still be completed by the next one, so replay and drop (a
        // reasoning model's answer alone: see SetGrammar).
        var replayFrom = start.PromptTokens.Count - start.GeneratedTokens + (start.Grammar is null ? 0 : start.GrammarFrom ?? 0);
        for (var i = replayFrom; i < start.PromptTokens.Count; i++)
        {
            decoder.Add((LLamaToken)start.PromptTokens[i]);
        }

        _ = decoder.Read();
        _slots[slot] = new SequenceState(sampler, decoder) { Position = common };
        return new SequenceStartResult(new SequenceSlot(slot), CachedTokens: common);
    }

    public bool SetGrammar(SequenceSlot slot, ConstraintGrammar? grammar, ReadOnlySpan<int> outputSoFar)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var state = Slot(slot);
        if (grammar is not null && outputSoFar.IsEmpty)
        {
            // The answer starts here: a character the reasoning left unfinished (its budget cut it)
            // is the reasoning's, not the first answer character's.
            state.Decoder.Reset();
        }

        return state.Sampler.SetGrammar(grammar, outputSoFar);
    }

    public EngineStepTimings LastStepTimings { get; private set; }

    public IReadOnlyList<SampledToken> Step(StepPlan plan)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Four clock reads a step (tens of ns against milliseconds of decode): the profile stays on.
        var assembling = Stopwatch.GetTimestamp();
        _batch.Clear();
        _sampleAt.Clear();
        foreach (var item in plan.Items)
        {
            var state = Slot(item.Slot);
            var tokens = item.Tokens.Span;
            for (var i = 0; i < tokens.Length; i++)
            {
                var wantLogits = item.Sample && i == tokens.Length - 1;
                var index = _batch.Add((LLamaToken)tokens[i], state.Position + i, (LLamaSeqId)item.Slot.Id, wantLogits);
                if (wantLogits)
                {
                    _sampleAt.Add((index, item.Slot.Id));
                }
            }
        }

        var decoding = Stopwatch.GetTimestamp();
        var result = _context.NativeHandle.Decode(_batch);
        var decoded = Stopwatch.GetTimestamp();
        if (result != DecodeResult.Ok)
        {
            // The KV of these sequences is undefined now: forget it, so nothing reuses it.
            foreach (var item in plan.Items)
            {
                Forget(item.Slot.Id);
            }

            throw new EngineFailureException($"llama_decode returned {result} for a batch of {_batch.TokenCount} tokens");
        }

        foreach (var item in plan.Items)
        {
            Slot(item.Slot).Position += item.Tokens.Length;
            _kv.Append(item.Slot.Id, item.Tokens.Span);
        }

        var sampled = SampleAll();
        LastStepTimings = new EngineStepTimings(
            Stopwatch.GetElapsedTime(decoding, decoded), Stopwatch.GetElapsedTime(assembling, decoding) + Stopwatch.GetElapsedTime(decoded));
        return sampled;
    }

    public void Release(SequenceSlot slot)
    {
        if (_disposed || (uint)slot.Id >= (uint)_slots.Length || _slots[slot.Id] is not { } state)
        {
            return;
        }

        if (!_prefixCache)
        {
            Forget(slot.Id);
        }

        state.Sampler.Dispose();
        _slots[slot.Id] = null;
    }

    /// <summary>Drops a slot's KV cells and what we know of them.</summary>
    private void Forget(int slot)
    {
        _context.NativeHandle.MemorySequenceRemove((LLamaSeqId)slot, -1, -1);
        _kv.TruncateTo(slot, 0);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var state in _slots)
        {
            state?.Sampler.Dispose();
        }

        _context.Dispose();
        _weights.Dispose();
    }

    private List<SampledToken> SampleAll()
    {
        var sampled = new List<SampledToken>(_sampleAt.Count);
        var vocab = _weights.Vocab;
        foreach (var (batchIndex, slotId) in _sampleAt)
        {
            var state = _slots[slotId]!;
            var token = state.Sampler.Sample(_context.NativeHandle, batchIndex, _samplerBuffers);
            var endOfGeneration = token.IsEndOfGeneration(vocab);
            var text = string.Empty;
            if (!endOfGeneration)
            {
                state.Decoder.Add(token);
                text = state.Decoder.Read();
            }

            sampled.Add(new SampledToken(new SequenceSlot(slotId), (int)token, text, endOfGeneration));
        }

        return sampled;
    }

    private SequenceState Slot(SequenceSlot slot) =>
        (uint)slot.Id < (uint)_slots.Length && _slots[slot.Id] is { } state
            ? state
            : throw new InvalidOperationException($"sequence slot {slot.Id} is not started");

    private sealed class SequenceState(LlamaSequenceSampler sampler, StreamingTokenDecoder decoder)
    {
        public LlamaSequenceSampler Sampler { get; } = sampler;

        public StreamingTokenDecoder Decoder { get; } = decoder;

        /// <summary>Next KV position of this sequence (tokens already decoded).</summary>
        public int Position { get; set; }
    }
}
