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
/// Completeness: the chain head on disk (<see cref="Head"/>) is published for anchoring off the
/// box and logged at every rotation and at shutdown; retention that deletes files appends a
/// checkpoint record naming the first record kept (<see cref="AuditCheckpoint"/>).
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

    private AuditAnchor _head = AuditAnchor.Empty;
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

    /// <summary>
    /// The chain head on disk: the last record flushed to its file (sequence and hash;
    /// <see cref="AuditAnchor.Empty"/> before the first). It lags the records written by at most
    /// <see cref="AuditOptions.FlushInterval"/>, so an anchor taken from it survives a crash.
    /// </summary>
    public AuditAnchor Head => Volatile.Read(ref _head);

    /// <summary>True when the log is written (<see cref="AuditOptions.Enabled"/>).</summary>
    public bool Enabled => _options.Enabled;

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

        AuditFiles.CreateFolder(Directory);

        // The tail is read before retention, so the chain continues even when every file has expired.
        var tail = await AuditFiles.ReadTailAsync(Directory, cancellationToken);
        _sequence = tail.Last?.Sequence ?? 0;
        _prev = tail.Last?.Hash ?? AuditRecord.GenesisHash;
        Volatile.Write(ref _head, new AuditAnchor(_sequence, _prev));
        var now = _time.GetUtcNow();
        if (await ApplyRetentionAsync(now, cancellationToken) is { } checkpoint)
        {
            // The queue is empty and the writer not started: the checkpoint is the run's first record.
            _queue.Writer.TryWrite(checkpoint with { Timestamp = now });
        }

        if (tail.Torn)
        {
            // Never append after a torn line: the next record opens a new file chained to the last whole record.
            AuditLogMessages.TornTail(_logger, tail.File!.Path, _sequence);
        }
        else if (tail.File is { } newest && newest.Day == Today(now))
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

            AuditLogMessages.Stopped(_logger, _head.Sequence, _head.Hash);
        }
    }

    /// <summary>Chains and appends one record (after a checkpoint when rotating ran retention); false (logged) when the file could not be written.</summary>
    private async Task<bool> AppendAsync(AuditRecord record)
    {
        try
        {
            var line = Seal(record);
            var day = Today(record.Timestamp);
            if (_file is null || _current!.Day != day || (_length > 0 && _length + line.Length > _options.MaxFileBytes))
            {
                if (await OpenNextAsync(day, record.Timestamp) is { } checkpoint)
                {
                    await WriteAsync(Seal(checkpoint with { Timestamp = record.Timestamp }));
                    line = Seal(record);
                }
            }

            await WriteAsync(line);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            AuditLogMessages.WriteFailed(_logger, ex);
            _file = null;
            return false;
        }
    }

    /// <summary>The record chained after the last one written: its sequence, hash and line (UTF-8, with the newline).</summary>
    private SealedLine Seal(AuditRecord record)
    {
        var (sealedRecord, line) = AuditChain.Seal(record with { Sequence = _sequence + 1, Prev = _prev });
        return new SealedLine(sealedRecord.Sequence, sealedRecord.Hash!, Encoding.UTF8.GetBytes(line + "\n"));
    }

    private async Task WriteAsync(SealedLine line)
    {
        await _file!.WriteAsync(line.Bytes);
        _length += line.Length;
        _sequence = line.Sequence;
        _prev = line.Hash;
    }

    /// <summary>Closes the current file (logging the head), runs retention on a new day, and opens the next file; returns a checkpoint to write first, if retention deleted records.</summary>
    private async Task<AuditRecord?> OpenNextAsync(DateOnly day, DateTimeOffset now)
    {
        if (_file is not null)
        {
            _file.Flush(flushToDisk: true);
            await _file.DisposeAsync();
            _file = null;
            Durable();
            AuditLogMessages.Rotated(_logger, _current!.Path, _sequence, _prev);
        }

        var checkpoint = day != _retentionDay ? await ApplyRetentionAsync(now, CancellationToken.None) : null;
        var index = AuditFiles.List(Directory).Where(e => e.Day == day).Select(e => e.Index).DefaultIfEmpty(0).Max() + 1;
        var path = Path.Combine(Directory, AuditFiles.NameOf(day, index));
        _file = AuditFiles.OpenAppend(path);
        _current = new AuditFiles.Entry(path, day, index);
        _length = 0;
        return checkpoint;
    }

    private async Task<AuditRecord?> ApplyRetentionAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        _retentionDay = Today(now);
        return await AuditRetentionRun.DeleteExpiredAsync(
            Directory, now, _options.RetentionDays, _current?.Path, new AuditAnchor(_sequence, _prev), _logger, cancellationToken);
    }

    private void Flush()
    {
        try
        {
            _file?.Flush(flushToDisk: true);
            Durable();
        }
        catch (IOException ex)
        {
            AuditLogMessages.WriteFailed(_logger, ex);
        }
    }

    /// <summary>Publishes the last record written as the head: called once it is flushed to disk.</summary>
    private void Durable()
    {
        if (_head.Sequence != _sequence)
        {
            Volatile.Write(ref _head, new AuditAnchor(_sequence, _prev));
        }
    }

    private static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);
}
