using Appliance.Core.Generation;
using Appliance.Tasks.Templates;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Appliance.Server.Tasks;

/// <summary>
/// The task templates in force, reloaded when a file of the shipped or the site folder changes
/// (after <see cref="TasksOptions.ReloadDelay"/> of quiet), like the clients file: a change with any
/// problem (a broken file, a tie) keeps the previous catalog whole, logs every problem as
/// <c>file: key: problem (line N)</c> and shows 0 in <c>appliance_config_in_force{file="tasks"}</c>
/// until a good change. A start with a problem stops (<see cref="TaskTemplatesCheck"/>). Output schemas
/// must compile with the engine's grammar parser (<see cref="IGrammarCompiler"/>). A folder that does not
/// exist at start is not watched (create it, then restart).
/// </summary>
internal sealed class TaskLibrary : IDisposable
{
    private readonly TasksOptions _options;
    private readonly IGrammarCompiler? _grammars;
    private readonly ILogger<TaskLibrary> _logger;
    private readonly Lock _gate = new();
    private readonly ITimer _quiet;
    private readonly List<IDisposable> _watches = [];
    private TaskCatalog _current;
    private volatile bool _inForce = true;
    private bool _disposed;

    public TaskLibrary(IOptions<TasksOptions> options, ILogger<TaskLibrary> logger, TimeProvider time, IGrammarCompiler? grammars = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options.Value;
        _logger = logger;
        _grammars = grammars;
        var result = Build(_options, _grammars);
        _current = result.Catalog ?? TaskCatalog.Empty; // TaskTemplatesCheck stops a start with problems; a test host may skip it
        LogLoaded(_current);
        _quiet = time.CreateTimer(_ => Reload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        foreach (var folder in Folders(_options).Select(f => f.Path).Where(Directory.Exists))
        {
            var files = new PhysicalFileProvider(folder);
            _watches.Add(files);
            try
            {
                _watches.Add(ChangeToken.OnChange(() => files.Watch("*.y*ml"), OnChanged));
            }
            catch (IOException ex)
            {
                // Out of inotify instances (fs.inotify.max_user_instances): serve the templates read, unwatched.
                TasksLog.NotWatched(_logger, folder, ex.Message);
            }
        }
    }

    /// <summary>The catalog in force now.</summary>
    public TaskCatalog Current => Volatile.Read(ref _current);

    /// <summary>Whether the files' current content is in force (false after a refused change, until a good one).</summary>
    public bool InForce => _inForce;

    /// <summary>The shipped folder, then the site's (a later folder's id replaces an earlier one's).</summary>
    public static IReadOnlyList<TaskFolder> Folders(TasksOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [new TaskFolder(options.ShippedPath(), TaskOrigin.Shipped), new TaskFolder(options.SitePath(), TaskOrigin.Site)];
    }

    /// <summary>Reads every template of both folders; with <paramref name="grammars"/>, output schemas must compile there too.</summary>
    public static TaskCatalogResult Build(TasksOptions options, IGrammarCompiler? grammars) => new TaskCatalogBuilder(grammars).Build(Folders(options));

    /// <summary>Reads the folders now (the watcher calls it after the quiet period; tests call it directly).</summary>
    public void Reload()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                var result = Build(_options, _grammars);
                if (result.Catalog is null)
                {
                    _inForce = false;
                    TasksLog.ReloadRefused(_logger, Current.All.Count, string.Join("; ", result.Problems));
                    return;
                }

                Volatile.Write(ref _current, result.Catalog);
                _inForce = true;
                LogLoaded(result.Catalog);
            }
#pragma warning disable CA1031 // A reload runs on a timer thread: an exception there would end the process.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _inForce = false;
                TasksLog.ReloadFailed(_logger, ex, Current.All.Count);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _quiet.Dispose();
        foreach (var watch in _watches)
        {
            watch.Dispose();
        }
    }

    private void OnChanged()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _quiet.Change(_options.ReloadDelay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void LogLoaded(TaskCatalog catalog)
    {
        var site = catalog.All.Count(t => t.Origin == TaskOrigin.Site);
        var folder = _options.SitePath();
        TasksLog.Loaded(_logger, catalog.All.Count, catalog.ByFamily.Count, catalog.All.Count - site, site, folder);
    }
}
