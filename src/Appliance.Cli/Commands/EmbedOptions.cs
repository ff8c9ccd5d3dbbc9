using Appliance.Contracts.V1;

namespace Appliance.Cli.Commands;

/// <summary>What <c>appliancectl embed</c> sends and prints.</summary>
/// <param name="Model">Embedding model id.</param>
/// <param name="Texts">The texts, one vector each.</param>
/// <param name="Normalize">Unit-length vectors.</param>
/// <param name="Truncate">Cut over-long texts instead of failing.</param>
/// <param name="Priority">Priority class.</param>
/// <param name="Client">Calling system, or null.</param>
/// <param name="Json">Print each full vector as a JSON array instead of a summary.</param>
public sealed record EmbedOptions(string Model, IReadOnlyList<string> Texts, bool Normalize, bool Truncate, Priority Priority, string? Client, bool Json);
