using Appliance.Core.Security;

namespace Appliance.Cli.Commands;

/// <summary>What appliancectl accepts as an API key, wherever it reads one from.</summary>
internal static class ApiKeyText
{
    /// <summary>
    /// Null when <paramref name="key"/> (already trimmed) can be an API key; else why not, without
    /// quoting the key. It travels as a gRPC header value, so printable ASCII without spaces only.
    /// </summary>
    public static string? Problem(string key)
    {
        if (key.Length == 0)
        {
            return "it is empty";
        }

        if (key.Any(c => c is < '!' or > '~'))
        {
            return "it contains spaces, line breaks or characters other than printable ASCII; an API key is one word (make one with 'appliancectl keys new')";
        }

        return key.Length < ApiKeyHash.MinimumKeyLength
            ? $"it is {key.Length} characters; an API key must be at least {ApiKeyHash.MinimumKeyLength} (make one with 'appliancectl keys new')"
            : null;
    }
}
