using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Appliance.Server.Hosting;

/// <summary>
/// Kestrel's HTTP/2 flood protection (a client that opens and resets streams faster than they can
/// be answered: "rapid reset", CVE-2023-44487) logs Critical with a stack trace, though it is
/// the server defending itself, and names only a connection id. Here it becomes one Warning
/// naming the peer address, which IT can act on; other Critical lines of that Kestrel category
/// still go out at Critical. How: a connection middleware remembers each connection's peer
/// address; a logging filter keeps Kestrel's HTTP/2 Critical lines from every sink but
/// <see cref="Provider"/>, which re-logs them.
/// </summary>
internal static partial class KestrelProtectionLog
{
    /// <summary>Kestrel's HTTP/2 log category.</summary>
    public const string Http2Category = "Microsoft.AspNetCore.Server.Kestrel.Http2";

    /// <summary>Kestrel's "exceeded the output operations maximum queue size" (Http2QueueOperationsExceeded).</summary>
    public const int QueueOperationsExceeded = 60;

    /// <summary>
    /// Registers the provider and the filter; returns the peer table, whose <see cref="ConnectionPeers.Track"/>
    /// the caller adds to Kestrel's endpoint defaults (there is one such action: a second call replaces the first).
    /// </summary>
    public static ConnectionPeers AddKestrelProtectionLog(this WebApplicationBuilder builder)
    {
        var peers = new ConnectionPeers();
        builder.Services.AddSingleton<ILoggerProvider>(sp => new Provider(peers, sp));

        // The most specific rule wins per sink: every sink sees the category below Critical as before
        // (Warning and up, as "Microsoft.AspNetCore" is configured); only the provider sees Critical.
        builder.Logging.AddFilter(Http2Category, level => level is >= LogLevel.Warning and < LogLevel.Critical);
        builder.Logging.AddFilter<Provider>(Http2Category, LogLevel.Critical);
        return peers;
    }

    /// <summary>Connection id to peer address, for the connections open now.</summary>
    internal sealed class ConnectionPeers
    {
        private readonly ConcurrentDictionary<string, string> _peers = new(StringComparer.Ordinal);

        public ConnectionDelegate Track(ConnectionDelegate next) => async connection =>
        {
            _peers[connection.ConnectionId] = connection.RemoteEndPoint?.ToString() ?? "unknown";
            try
            {
                await next(connection);
            }
            finally
            {
                _peers.TryRemove(connection.ConnectionId, out _);
            }
        };

        public string PeerOf(string? connectionId) =>
            connectionId is not null && _peers.TryGetValue(connectionId, out var peer) ? peer : "unknown (connection closed)";
    }

    /// <summary>Receives Kestrel's HTTP/2 Critical lines (and nothing else) and re-logs them through the appliance's own category.</summary>
    [ProviderAlias("KestrelProtection")]
    internal sealed class Provider(ConnectionPeers peers, IServiceProvider services) : ILoggerProvider
    {
        private ILogger? _log;

        public ILogger CreateLogger(string categoryName) =>
            categoryName == Http2Category ? new Http2Logger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void Dispose()
        {
        }

        // Resolved on first use: the logger factory is built from the providers, this one included.
        private ILogger Log => _log ??= services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KestrelProtectionLog).FullName!);

        private void Relog(EventId eventId, string message, IReadOnlyList<KeyValuePair<string, object?>>? fields, Exception? exception)
        {
            if (eventId.Id == QueueOperationsExceeded)
            {
                var connection = fields?.FirstOrDefault(f => f.Key == "ConnectionId").Value as string;
                FloodRefused(Log, peers.PeerOf(connection), connection ?? "unknown");
            }
            else
            {
                KestrelCritical(Log, eventId.Id, message, exception);
            }
        }

        private sealed class Http2Logger(Provider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Critical;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel == LogLevel.Critical)
                {
                    owner.Relog(eventId, formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>>, exception);
                }
            }
        }
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "HTTP/2 flood refused: the client at {Peer} opened and reset streams faster than they could be answered (rapid reset); Kestrel closed its connection {ConnectionId}. Other callers are unaffected; if it repeats, find that system")]
    private static partial void FloodRefused(ILogger logger, string peer, string connectionId);

    [LoggerMessage(EventId = 22, Level = LogLevel.Critical, Message = "Kestrel HTTP/2 event {KestrelEventId}: {KestrelMessage}")]
    private static partial void KestrelCritical(ILogger logger, int kestrelEventId, string kestrelMessage, Exception? exception);
}
