namespace Appliance.Core.Generation;

/// <summary>One chat turn.</summary>
/// <param name="Role">system, user or assistant.</param>
/// <param name="Content">The turn's text (patient data: never logged).</param>
public sealed record ChatMessage(string Role, string Content);
