using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Appliance.Server.Metrics;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Security;

/// <summary>
/// Counts failed authentications per source address (the connection's, never a header) and
/// decides, before any credential is checked, whether a call from that address is refused
/// unchecked (<see cref="FailedAuthenticationOptions"/>). Fixed windows: an address's window
/// starts at its first failure; after <c>MaxFailures</c> failures in it, every call from the
/// address is refused until the window ends, then credentials are checked again. Memory is
/// bounded: at most <c>MaxTrackedAddresses</c> entries (new addresses beyond it share one), each
/// dropped by <see cref="Sweep"/> once its window has ended and its refusals were summarised; at
/// most <see cref="MaxHeldRefusals"/> refusals held back at once. Thread-safe: one lock per entry.
/// </summary>
internal sealed class FailedAuthenticationThrottle
{
    /// <summary>Most refusals held back at once; beyond it a refusal goes out at once, so memory stays bounded whatever the callers' concurrency.</summary>
    public const int MaxHeldRefusals = 1024;

    /// <summary>How the shared entry of addresses beyond <c>MaxTrackedAddresses</c> is named in the log and the audit log.</summary>
    public const string OtherAddresses = "other addresses";

    private const string UnknownAddress = "unknown address";

    private readonly FailedAuthenticationOptions _options;
    private readonly TimeProvider _time;
    private readonly ApplianceMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<IPAddress, Entry> _entries = new();
    private readonly Entry _other = new(DateTimeOffset.MinValue);
    private int _held;
    private int _tracked; // _entries.Count without ConcurrentDictionary.Count's taking every lock

    public FailedAuthenticationThrottle(IOptions<SecurityOptions> options, TimeProvider time, ApplianceMetrics metrics, ILogger<FailedAuthenticationThrottle> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.FailedAuthentication;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>Addresses tracked now (the shared entry not included).</summary>
    public int TrackedAddresses => Volatile.Read(ref _tracked);

    /// <summary>Refusals being held back now.</summary>
    public int HeldRefusals => Volatile.Read(ref _held);

    /// <summary>
    /// Before authentication: null when the call's credentials are to be checked; otherwise the
    /// refusal (counted, and logged once per address and window when throttling begins).
    /// </summary>
    public ThrottledCall? Check(IPAddress? source)
    {
        if (!_options.Enabled)
        {
            return null;
        }

        var key = KeyOf(source);
        if (!_entries.TryGetValue(key, out var entry))
        {
            if (Volatile.Read(ref _tracked) < _options.MaxTrackedAddresses)
            {
                return null; // the common case: an address that never failed costs one lookup
            }

            entry = _other;
        }

        var now = _time.GetUtcNow();
        ThrottledCall refusal;
        lock (entry)
        {
            var until = entry.WindowStart + _options.Window;
            if (entry.Removed || now >= until || entry.Failures < _options.MaxFailures)
            {
                return null;
            }

            entry.Refused++;
            if (entry.Unreported++ == 0)
            {
                entry.UnreportedSince = now;
            }

            refusal = new ThrottledCall(NameOf(entry, key), entry.Failures, DelayOf(entry.Refused), until, entry.Refused == 1);
        }

        _metrics.AuthenticationThrottled.Inc();
        if (refusal.First)
        {
            FailedAuthenticationLog.ThrottleStarted(_logger, refusal.Source, refusal.Failures, _options.Window, refusal.Until);
        }

        return refusal;
    }

    /// <summary>After authentication failed (its credentials were checked): counts the failure against the address.</summary>
    public void Failed(IPAddress? source)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var key = KeyOf(source);
        var now = _time.GetUtcNow();
        while (true)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                if (Volatile.Read(ref _tracked) >= _options.MaxTrackedAddresses)
                {
                    entry = _other;
                }
                else if (_entries.TryAdd(key, entry = new Entry(now)))
                {
                    Interlocked.Increment(ref _tracked);
                }
                else
                {
                    continue; // another call added it meanwhile: look it up again
                }
            }

            bool windowStarted;
            lock (entry)
            {
                if (entry.Removed)
                {
                    continue; // swept away meanwhile: count it in a fresh entry
                }

                windowStarted = now >= entry.WindowStart + _options.Window;
                if (windowStarted)
                {
                    (entry.WindowStart, entry.Failures, entry.Refused) = (now, 0, 0);
                }

                entry.Failures++;
            }

            if (windowStarted && ReferenceEquals(entry, _other))
            {
                FailedAuthenticationLog.TooManyAddresses(_logger, _options.MaxTrackedAddresses, _options.Window);
            }

            return;
        }
    }

    /// <summary>
    /// Takes the refusals not yet summarised, one summary per address, and forgets addresses whose
    /// window has ended. Called every <c>SummaryInterval</c> and once at shutdown.
    /// </summary>
    public IReadOnlyList<ThrottleSummary> Sweep()
    {
        var now = _time.GetUtcNow();
        var summaries = new List<ThrottleSummary>();
        foreach (var (key, entry) in _entries)
        {
            lock (entry)
            {
                Summarise(entry, key, now, summaries);
                if (now >= entry.WindowStart + _options.Window)
                {
                    entry.Removed = true;
                    if (_entries.TryRemove(new KeyValuePair<IPAddress, Entry>(key, entry)))
                    {
                        Interlocked.Decrement(ref _tracked);
                    }
                }
            }
        }

        lock (_other)
        {
            Summarise(_other, IPAddress.None, now, summaries);
        }

        return summaries;
    }

    /// <summary>Holds a refusal back for <paramref name="delay"/> without a thread (a timer); returns early when the call is cancelled or too many are held.</summary>
    public async Task HoldAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        if (Interlocked.Increment(ref _held) > MaxHeldRefusals)
        {
            Interlocked.Decrement(ref _held);
            return;
        }

        try
        {
            await Task.Delay(delay, _time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The caller left or its deadline passed: nothing more to hold.
        }
        finally
        {
            Interlocked.Decrement(ref _held);
        }
    }

    /// <summary>
    /// The address failures are counted under: IPv4 (an IPv4-mapped IPv6 address as IPv4), an
    /// IPv6 address by its /64 prefix (one host holds a whole /64), <see cref="IPAddress.None"/>
    /// when the transport gave none.
    /// </summary>
    internal static IPAddress KeyOf(IPAddress? source)
    {
        if (source is null)
        {
            return IPAddress.None;
        }

        if (source.IsIPv4MappedToIPv6)
        {
            return source.MapToIPv4();
        }

        if (source.AddressFamily != AddressFamily.InterNetworkV6 || IPAddress.IsLoopback(source))
        {
            return source;
        }

        Span<byte> bytes = stackalloc byte[16];
        source.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }

    /// <summary>One call's address as the audit log shows it (IPv4-mapped IPv6 as IPv4).</summary>
    internal static string AddressText(IPAddress? source) =>
        source is null ? UnknownAddress : (source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source).ToString();

    /// <summary>An address's entry as the log and the audit log show it (an IPv6 address by its /64).</summary>
    internal static string Describe(IPAddress? source)
    {
        var key = KeyOf(source);
        return key.Equals(IPAddress.None) ? UnknownAddress
            : key.AddressFamily == AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(key) ? $"{key}/64"
            : key.ToString();
    }

    private string NameOf(Entry entry, IPAddress key) => ReferenceEquals(entry, _other) ? OtherAddresses : Describe(key);

    private void Summarise(Entry entry, IPAddress key, DateTimeOffset now, List<ThrottleSummary> summaries)
    {
        if (entry.Unreported > 0)
        {
            summaries.Add(new ThrottleSummary(NameOf(entry, key), entry.Unreported, entry.UnreportedSince, now));
            entry.Unreported = 0;
        }

        if (ReferenceEquals(entry, _other) && now >= entry.WindowStart + _options.Window)
        {
            (entry.Failures, entry.Refused) = (0, 0);
        }
    }

    /// <summary>The <paramref name="refused"/>-th refusal's delay: FirstDelay doubled each time, at most MaxDelay.</summary>
    private TimeSpan DelayOf(int refused)
    {
        var ticks = _options.FirstDelay.Ticks * Math.Pow(2, Math.Min(refused - 1, 62));
        return ticks >= _options.MaxDelay.Ticks ? _options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>One address's state; guarded by locking the entry itself.</summary>
    private sealed class Entry(DateTimeOffset windowStart)
    {
        public DateTimeOffset WindowStart = windowStart;
        public int Failures;
        public int Refused;
        public long Unreported;
        public DateTimeOffset UnreportedSince;
        public bool Removed;
    }
}
