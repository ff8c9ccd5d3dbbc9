namespace Appliance.Core.Logging;

/// <summary>One feature's block of log event ids (see <see cref="LogEventIds"/>).</summary>
/// <param name="First">First id of the block.</param>
/// <param name="Last">Last id of the block.</param>
/// <param name="Namespace">The namespace whose log messages use the block (its sub-namespaces with their own block use theirs).</param>
/// <param name="Feature">What the messages are about, for operators.</param>
public sealed record LogEventRange(int First, int Last, string Namespace, string Feature)
{
    /// <summary>Whether <paramref name="id"/> is in the block.</summary>
    public bool Contains(int id) => id >= First && id <= Last;
}
