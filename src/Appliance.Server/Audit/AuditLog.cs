using System.Text;
using System.Threading.Channels;
using Appliance.Core.Audit;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Audit;

/// <summary>
/// The tamper-evident audit log. Callers <see cref="Write"/> records without ever blocking (a
/// bounded queue; when it is full the record is dropped, counted, and a warning is logged at
/// most once per flush interval). One background task, the single reader, chains the records
/// (sequence, prev, hash), appends them as JSON lines, rotates files by size and UTC day, runs
/// retention daily, and flushes to disk every <see cref="AuditOptions.FlushInterval"/>, so a
/// crash loses at most the last interval. The chain continues across files and restarts.
/// </summary>
internal sealed class AuditLog : IAsyncDisposable
{
    /// <summary>Queue capacity: records waiting for the writer.</summary>
    public const int Capacity = 8192;

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private readonly AuditOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<AuditRecord> _queue = Channel.CreateBounded<AuditRecord>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private long _dropped;
    private long _lastDropWarning = long.MinValue;
    private Task? _writer;

    // Writer state: touched only by the writer task (and StartAsync before it runs).
    private FileStream? _file;
    private AuditFiles.Entry? _current;
    private long _length;
    private long _sequence;
    private string _prev = AuditRecord.GenesisHash;
    private DateOnly _retentionDay;

    public AuditLog(IOptions<AuditOptions> options, TimeProvider time, ILogger<AuditLog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Records dropped because the queue was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>The folder written to.</summary>
    public string Directory => _options.Directory ?? AuditOptions.DefaultDirectory;

    /// <summary>Creates the folder, applies retention, finds where the chain left off, and starts the writer.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            AuditLogMessages.Disabled(_logger);
            return;
        }

        try
        {
            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(Directory);
            }
            else
            {
                System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Fail closed: a box that cannot keep its audit trail does not serve.
            throw new InvalidOperationException(
                $"the audit log folder '{Directory}' (Appliance:Audit:Directory) cannot be created: {ex.Message}. " +
                "Create it writable for the service user, or point Appliance:Audit:Directory elsewhere.", ex);
        }

        ApplyRetention(_time.GetUtcNow());
        var tail = await AuditFiles.ReadTailAsync(Directory, cancellationToken);
        _sequence = tail.Last?.Sequence ?? 0;
        _prev = tail.Last?.Hash ?? AuditRecord.GenesisHash;
        if (tail.Torn)
        {
            // Never append after a torn line: the next record opens a new file chained to the last whole record.
            AuditLogMessages.TornTail(_logger, tail.File!.Path, _sequence);
        }
        else if (tail.File is { } newest && newest.Day == Today(_time.GetUtcNow()))
        {
            _current = newest;
            _length = tail.Length;
            _file = AuditFiles.OpenAppend(newest.Path);
        }

        AuditLogMessages.Started(_logger, Directory, _sequence + 1);
        _writer = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>Queues <paramref name="record"/> stamped with the current time; never blocks. Sequence, prev and hash are set by the writer.</summary>
    public void Write(AuditRecord record)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (_queue.Writer.TryWrite(record with { Timestamp = now }))
        {
            return;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        var last = Interlocked.Read(ref _lastDropWarning);
        if (now.UtcTicks - last >= _options.FlushInterval.Ticks
            && Interlocked.CompareExchange(ref _lastDropWarning, now.UtcTicks, last) == last)
        {
            AuditLogMessages.Dropped(_logger, dropped);
        }
    }

    /// <summary>Stops admitting, writes what is queued (within a deadline), flushes and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is { } writer)
        {
            await writer.WaitAsync(DrainTimeout, _time);
        }
        else if (_file is not null)
        {
            await _file.DisposeAsync();
            _file = null;
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var lastFlush = _time.GetUtcNow();
        var dirty = false;
        try
        {
            while (true)
            {
                bool more;
                if (dirty)
                {
                    var remaining = _options.FlushInterval - (_time.GetUtcNow() - lastFlush);
                    if (remaining <= TimeSpan.Zero)
                    {
                        Flush();
                        (dirty, lastFlush) = (false, _time.GetUtcNow());
                        continue;
                    }

                    using var stop = new CancellationTokenSource();
                    var wait = reader.WaitToReadAsync(stop.Token).AsTask();
                    var delay = Task.Delay(remaining, _time, stop.Token);
                    var first = await Task.WhenAny(wait, delay);
                    await stop.CancelAsync();
                    if (first != wait)
                    {
                        continue;
                    }

                    more = await wait;
                }
                else
                {
                    more = await reader.WaitToReadAsync();
                }

                if (!more)
                {
                    break;
                }

                while (reader.TryRead(out var record))
                {
                    dirty |= await AppendAsync(record);
                }
            }
        }
        finally
        {
            Flush();
            if (_file is not null)
            {
                await _file.DisposeAsync();
                _file = null;
            }
        }
    }

    /// <summary>Chains and appends one record; false (logged) when the file could not be written.</summary>
    private async Task<bool> AppendAsync(AuditRecord record)
    {
        var (sealedRecord, line) = AuditChain.Seal(record with { Sequence = _sequence + 1, Prev = _prev });
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        try
        {
            var day = Today(record.Timestamp);
            if (_file is null || _current!.Day != day || (_length > 0 && _length + bytes.Length > _options.MaxFileBytes))
            {
                await OpenNextAsync(day, record.Timestamp);
            }

            await _file!.WriteAsync(bytes);
            _length += bytes.Length;
            _sequence = sealedRecord.Sequence;
            _prev = sealedRecord.Hash!;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuditLogMessages.WriteFailed(_logger, ex);
            _file = null;
            return false;
        }
    }

    private async Task OpenNextAsync(DateOnly day, DateTimeOffset now)
    {
        if (_file is not null)
        {
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync();
            _file = null;
        }

        if (day != _retentionDay)
        {
            ApplyRetention(now);
        }

        var index = AuditFiles.List(Directory).Where(e => e.Day == day).Select(e => e.Index).DefaultIfEmpty(0).Max() + 1;
        var path = Path.Combine(Directory, AuditFiles.NameOf(day, index));
        _file = AuditFiles.OpenAppend(path);
        _current = new AuditFiles.Entry(path, day, index);
        _length = 0;
    }

    private void ApplyRetention(DateTimeOffset now)
    {
        _retentionDay = Today(now);
        foreach (var file in AuditFiles.DeleteExpired(Directory, now, _options.RetentionDays, _current?.Path))
        {
            AuditLogMessages.Deleted(_logger, file);
        }
    }

    private void Flush()
    {
        try
        {
            _file?.Flush(flushToDisk: true);
        }
        catch (IOException ex)
        {
            AuditLogMessages.WriteFailed(_logger, ex);
        }
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);
}
