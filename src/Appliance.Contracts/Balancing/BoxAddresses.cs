namespace Appliance.Contracts.Balancing;

/// <summary>
/// The boxes a client balances over, from one setting (appliancectl's and LoadGen's
/// <c>--server</c>): one address, or several separated by commas
/// (<c>https://box1:5443,https://box2:5443</c>), each an absolute http:// or https:// URL,
/// all with the same scheme. A single address whose host is a DNS name resolving to several
/// addresses is balanced too (<see cref="FleetChannel"/> re-resolves it).
/// </summary>
public static class BoxAddresses
{
    /// <summary>The addresses in <paramref name="value"/>, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static IReadOnlyList<Uri>? Parse(string? value, out string? error)
    {
        var parts = (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries);
        var boxes = new List<Uri>(parts.Length);
        foreach (var part in parts)
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                error = $"'{part}' is not a server address; expected e.g. http://127.0.0.1:5080 (http:// for HTTP/2 cleartext, https:// for TLS), several separated by commas";
                return null;
            }

            boxes.Add(uri);
        }

        if (boxes.Select(b => b.Scheme).Distinct().Count() > 1)
        {
            error = $"'{value}' mixes http:// and https:// addresses; every box of one fleet is reached the same way";
            return null;
        }

        error = null;
        return boxes;
    }
}
