namespace Appliance.Server.Tasks;

/// <summary>What a door read of a task call before its handler runs (transport-free).</summary>
/// <param name="Task">A variant id or a family.</param>
/// <param name="Attributes">The request's attributes for selection.</param>
/// <param name="PriorityGiven">Whether the request asked for a priority (else the template's default applies).</param>
internal sealed record TaskCallStart(string Task, IReadOnlyDictionary<string, string> Attributes, bool PriorityGiven);
