using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Appliance.Server.Hosting;

/// <summary>
/// Kestrel's HTTP/2 flood protection (a client that opens and resets streams faster than they can
/// be answered: "rapid reset", CVE-2023-44487) closes the connection by one of three limits,
/// whichever the flood reaches first: the output queue (logged Critical with a stack trace, though
/// it is the server defending itself), too many ENHANCE_YOUR_CALM refusals a second, or the flow
/// control queue (both logged only at Debug, so a flood went unseen). Each names only a connection
/// id. Here each becomes one Warning naming the peer address, which IT can act on; other Critical
/// lines of that Kestrel category still go out at Critical. How: a connection middleware remembers
/// each connection's peer address; a logging filter keeps Kestrel's HTTP/2 Critical lines from
/// every sink but <see cref="Provider"/>, which also sees the category's Debug lines and re-logs
/// the three limits and the Critical lines.
/// </summary>
internal static partial class KestrelProtectionLog
{
    /// <summary>Kestrel's HTTP/2 log category.</summary>
    public const string Http2Category = "Microsoft.AspNetCore.Server.Kestrel.Http2";

    /// <summary>Kestrel's "exceeded the output operations maximum queue size" (Http2QueueOperationsExceeded, Critical).</summary>
    public const int QueueOperationsExceeded = 60;

    /// <summary>Kestrel's "aborted since at least N ENHANCE_YOUR_CALM responses were recorded per second" (Http2TooManyEnhanceYourCalms, Debug).</summary>
    public const int TooManyEnhanceYourCalms = 64;

    /// <summary>Kestrel's "exceeded the output flow control maximum queue size" (Http2FlowControlQueueOperationsExceeded, Debug).</summary>
    public const int FlowControlQueueOperationsExceeded = 65;

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
        builder.Logging.AddFilter<Provider>(Http2Category, LogLevel.Debug);
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

    /// <summary>Receives Kestrel's HTTP/2 lines from Debug up and re-logs the flood limits and the Critical lines (nothing else) through the appliance's own category.</summary>
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

        private void Relog<TState>(LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is QueueOperationsExceeded or TooManyEnhanceYourCalms or FlowControlQueueOperationsExceeded)
            {
                var connection = (state as IReadOnlyList<KeyValuePair<string, object?>>)?.FirstOrDefault(f => f.Key == "ConnectionId").Value as string;
                FloodRefused(Log, peers.PeerOf(connection), connection ?? "unknown");
            }
            else if (level == LogLevel.Critical)
            {
                var message = formatter(state, exception);
                KestrelCritical(Log, eventId.Id, message, exception);
            }
        }

        private sealed class Http2Logger(Provider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel is LogLevel.Debug or LogLevel.Critical;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Relog(logLevel, eventId, state, exception, formatter);
        }
    }

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning,
        Message = "HTTP/2 flood refused: the client at {Peer} opened and reset streams faster than they could be answered (rapid reset); Kestrel closed its connection {ConnectionId}. Other callers are unaffected; if it repeats, find that system")]
    private static partial void FloodRefused(ILogger logger, string peer, string connectionId);

    [LoggerMessage(EventId = 22, Level = LogLevel.Critical, Message = "Kestrel HTTP/2 event {KestrelEventId}: {KestrelMessage}")]
    private static partial void KestrelCritical(ILogger logger, int kestrelEventId, string kestrelMessage, Exception? exception);
}
