using System.Net;
using Appliance.Cli.Metrics;
using Appliance.Contracts.Balancing;

namespace Appliance.Cli.CommandLine;

/// <summary>
/// The boxes <c>status</c> reports on one by one: the <c>--server</c> addresses, or the addresses a
/// single DNS name resolves to, each with its metrics address. <c>--metrics</c> gives one address per
/// box (commas, same order) or one whose scheme and port every box shares (on the box's own host).
/// </summary>
internal static class FleetBoxes
{
    /// <summary>
    /// One box: its gRPC address as typed, the address to connect to when that is one of a DNS name's
    /// addresses (null: the name's own; host header and TLS keep the name), and its metrics address.
    /// </summary>
    public sealed record Box(Uri Address, IPAddress? ConnectTo, string Metrics)
    {
        /// <summary>How the screens name the box: the address typed, with the resolved address of a DNS name.</summary>
        public string Label => ConnectTo is null ? Address.Authority : $"{Address.Authority} ({ConnectTo})";
    }

    /// <summary>Resolves a host name; <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/> unless a test gives another.</summary>
    public delegate Task<IPAddress[]> Resolver(string host, CancellationToken cancellationToken);

    /// <summary>Null when <paramref name="metrics"/> is one address or a comma list of them; else why not.</summary>
    public static string? ValidateMetrics(string? metrics) =>
        (metrics ?? string.Empty).Split(',', StringSplitOptions.TrimEntries).Select(MetricsScraper.Validate).FirstOrDefault(e => e is not null);

    /// <summary>
    /// The boxes of <paramref name="server"/>, or null when it names one box (a single address, or a
    /// DNS name with one address): then <c>status</c> draws its one screen. Throws
    /// <see cref="ArgumentException"/> naming the option when <paramref name="metrics"/> does not fit.
    /// </summary>
    public static async Task<IReadOnlyList<Box>?> ResolveAsync(string server, string metrics, Resolver resolve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        var addresses = BoxAddresses.Parse(server, out var error) ?? throw new ArgumentException($"--server: {error}");
        if (addresses.Count == 1 && FleetChannel.IsFleet(addresses))
        {
            // Each address of the name is a box; the calls still name the host (TLS checks the name every certificate carries).
            var resolved = (await resolve(addresses[0].DnsSafeHost, cancellationToken)).Distinct().ToList();
            return resolved.Count > 1 ? WithMetrics([.. resolved.Select(ip => (addresses[0], (IPAddress?)ip))], metrics) : null;
        }

        return addresses.Count == 1 ? null : WithMetrics([.. addresses.Select(a => (a, (IPAddress?)null))], metrics);
    }

    private static IReadOnlyList<Box> WithMetrics(IReadOnlyList<(Uri Address, IPAddress? ConnectTo)> boxes, string metrics)
    {
        var pages = metrics.Split(',', StringSplitOptions.TrimEntries);
        if (pages.Length != 1 && pages.Length != boxes.Count)
        {
            throw new ArgumentException($"--metrics: {pages.Length} addresses for {boxes.Count} boxes; give one per box (same order as --server), or one whose port every box uses");
        }

        return [.. boxes.Select((box, i) => new Box(box.Address, box.ConnectTo, pages.Length == 1 ? OnHost(pages[0], box.ConnectTo?.ToString() ?? box.Address.Host) : pages[i]))];
    }

    /// <summary>The metrics address <paramref name="page"/> moved to <paramref name="host"/> (same scheme, port and path).</summary>
    private static string OnHost(string page, string host) => new UriBuilder(new Uri(page, UriKind.Absolute)) { Host = host }.Uri.ToString();
}
