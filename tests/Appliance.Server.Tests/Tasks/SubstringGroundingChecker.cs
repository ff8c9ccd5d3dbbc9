using Appliance.Core.Grounding;

namespace Appliance.Server.Tests.Tasks;

/// <summary>
/// A deterministic stand-in for the grounding checker (the real one is issue 16 item 4, built beside
/// this layer), so the task layer's policies can be tested: one item per output text, grounded when
/// some source holds that text verbatim (the evidence is where), ungrounded otherwise.
/// </summary>
public sealed class SubstringGroundingChecker : IGroundingChecker
{
    public const string Reason = "not found in the inputs";

    private int _checks;

    /// <summary>How many checks ran.</summary>
    public int Checks => Volatile.Read(ref _checks);

    public GroundingReport Check(IReadOnlyList<GroundingText> sources, IReadOnlyList<GroundingText> outputs, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _checks);
        return new GroundingReport([.. outputs.Select(o => Item(sources, o))]);
    }

    private static GroundingItem Item(IReadOnlyList<GroundingText> sources, GroundingText output)
    {
        var location = new GroundingSpan(output.Name, 0, output.Text.Length);
        foreach (var source in sources)
        {
            var at = source.Text.IndexOf(output.Text, StringComparison.Ordinal);
            if (at >= 0)
            {
                return new GroundingItem(GroundingItemKind.Dose, output.Text, location, true, new GroundingSpan(source.Name, at, output.Text.Length), null);
            }
        }

        return new GroundingItem(GroundingItemKind.Dose, output.Text, location, false, null, Reason);
    }
}
