using Appliance.Core.Grounding;

namespace Appliance.Server.Tests.Tasks;

/// <summary>
/// The real grounding checker, except for checks whose sources carry <see cref="Tag"/>: those go to
/// <see cref="SubstringGroundingChecker"/>, so a policy test decides exactly which items are
/// ungrounded while the shipped templates and CheckGrounding run on the real checker.
/// </summary>
internal sealed class RoutingGroundingChecker(IGroundingChecker real, SubstringGroundingChecker substring) : IGroundingChecker
{
    public const string Tag = "(test-double)";

    public GroundingReport Check(IReadOnlyList<GroundingText> sources, IReadOnlyList<GroundingText> outputs, CancellationToken cancellationToken = default) =>
        sources.Any(s => s.Text.Contains(Tag, StringComparison.Ordinal))
            ? substring.Check(sources, outputs, cancellationToken)
            : real.Check(sources, outputs, cancellationToken);
}
