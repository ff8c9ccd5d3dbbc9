namespace Appliance.Server.Security;

/// <summary>Calls from one address refused without a credential check during one summary interval: one log line and one audit record.</summary>
/// <param name="Source">The address as logged and audited.</param>
/// <param name="Refused">How many calls were refused unchecked.</param>
/// <param name="From">When the first of them was refused.</param>
/// <param name="To">When the summary was taken.</param>
internal sealed record ThrottleSummary(string Source, long Refused, DateTimeOffset From, DateTimeOffset To);
