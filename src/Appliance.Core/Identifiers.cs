using System.Text.RegularExpressions;

namespace Appliance.Core;

/// <summary>
/// The one shape of model and client ids: 1-64 of a-z 0-9 . _ - starting with a letter or
/// digit. Anything else a caller sends where an id belongs is treated as free text (it may
/// be patient data) and is never echoed in statuses, logs or the audit log.
/// </summary>
public static partial class Identifiers
{
    /// <summary>What the audit log and messages show instead of free text sent as an id.</summary>
    public const string NotAnId = "(not a valid id)";

    /// <summary>Whether <paramref name="value"/> has the id shape.</summary>
    public static bool IsId(string? value) => value is not null && Shape().IsMatch(value);

    /// <summary><paramref name="value"/> when it is an id (or null), else <see cref="NotAnId"/>.</summary>
    public static string? OrPlaceholder(string? value) => value is null || IsId(value) ? value : NotAnId;

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
