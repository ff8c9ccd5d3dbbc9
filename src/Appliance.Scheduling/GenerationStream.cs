using System.Runtime.CompilerServices;
using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>An admitted request's output: pieces, then exactly one <see cref="GenerationCompleted"/>, or an error.</summary>
public sealed class GenerationStream
{
    private readonly GenerationSequence _sequence;

    internal GenerationStream(GenerationSequence sequence)
    {
        _sequence = sequence;
    }

    /// <summary>Tokens in the rendered prompt.</summary>
    public int PromptTokens => _sequence.PromptTokens.Length;

    /// <summary>
    /// Reads events as the worker produces them. Cancelling <paramref name="cancellationToken"/>
    /// stops reading only; cancel the token given to Submit to stop generation.
    /// </summary>
    public async IAsyncEnumerable<GenerationEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var item in _sequence.Events.ReadAllAsync(cancellationToken))
        {
            yield return item;
        }
    }
}
