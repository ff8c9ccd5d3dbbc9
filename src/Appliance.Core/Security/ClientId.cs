namespace Appliance.Core.Security;

/// <summary>
/// The shape of a calling system's id (<c>Appliance:Clients:&lt;id&gt;</c>), shared by the
/// server's configuration validator and <c>appliancectl keys</c>, so a snippet the CLI prints
/// is never refused by the server for its id.
/// </summary>
public static class ClientId
{
    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "1-64 of a-z 0-9 . _ - starting with a letter or digit, and not 'anonymous' or 'other'";

    /// <summary>Ids no configured client may take: they mean something in metrics and the audit log.</summary>
    public static IReadOnlyList<string> Reserved { get; } = ["anonymous", "other"];

    /// <summary>Whether <paramref name="id"/> may name a configured client.</summary>
    public static bool IsValid(string? id) =>
        Identifiers.IsId(id) && !Reserved.Contains(id, StringComparer.Ordinal);
}
