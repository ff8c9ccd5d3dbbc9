using Appliance.Server.Hosting;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Appliance.Server.Models;

/// <summary>
/// Watches the model manifest folders (<c>*.json</c>) once the host has read them and, after
/// <see cref="ModelsOptions.WatchDelay"/> of quiet (an editor or <c>appliancectl models add</c>
/// writes a file in several steps), has the host apply what changed
/// (<see cref="ModelHost.RescanAsync"/>). One rescan at a time; a change during one runs another.
/// Like the task library's watch: a folder missing at start is not watched.
/// </summary>
internal sealed partial class ModelFolderWatch : IDisposable
{
    private readonly ModelHost _host;
    private readonly ModelsOptions _options;
    private readonly ILogger<ModelFolderWatch> _logger;
    private readonly ITimer _quiet;
    private readonly SemaphoreSlim _one = new(1, 1);
    private readonly List<IDisposable> _watches = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private Task _running = Task.CompletedTask;

    public ModelFolderWatch(ModelHost host, IOptions<ModelsOptions> options, ILogger<ModelFolderWatch> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _host = host;
        _options = options.Value;
        _logger = logger;
        _quiet = time.CreateTimer(_ => Run(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts watching the folders the host read (call after <see cref="ModelHost.Discover"/>).</summary>
    public void Start()
    {
        if (!_options.WatchFolders)
        {
            return;
        }

        foreach (var folder in _host.Directories.Where(Directory.Exists).Distinct(StringComparer.Ordinal))
        {
            var files = new PhysicalFileProvider(folder);
            _watches.Add(files);
            try
            {
                _watches.Add(ChangeToken.OnChange(() => files.Watch("*.json"), OnChanged));
                LogWatching(_logger, folder);
            }
            catch (IOException ex)
            {
                // Out of inotify instances (fs.inotify.max_user_instances): the models read keep serving, unwatched.
                LogNotWatched(_logger, folder, ex.Message);
            }
        }
    }

    /// <summary>The rescan under way (tests and shutdown wait for it).</summary>
    public Task Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _quiet.Dispose();
        foreach (var watch in _watches)
        {
            watch.Dispose();
        }
    }

    private void OnChanged()
    {
        if (!_stop.IsCancellationRequested)
        {
            _quiet.Change(_options.WatchDelay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Run()
    {
        lock (_gate)
        {
            _running = RescanAsync();
        }
    }

    private async Task RescanAsync()
    {
        await _one.WaitAsync(_stop.Token);
        try
        {
            await _host.RescanAsync(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down.
        }
#pragma warning disable CA1031 // A rescan runs on a timer thread: an exception there would end the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogRescanFailed(_logger, ex);
        }
        finally
        {
            _one.Release();
        }
    }

    [LoggerMessage(EventId = 1024, Level = LogLevel.Warning, Message = "Not watching model manifests in {Folder} ({Reason}): changes there need appliancectl models load/reload or a restart")]
    private static partial void LogNotWatched(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Watching model manifests in {Folder}")]
    private static partial void LogWatching(ILogger logger, string folder);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Error, Message = "Reading the model folders again failed; the models loaded keep serving")]
    private static partial void LogRescanFailed(ILogger logger, Exception exception);
}
