using Appliance.Server.Models;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>
/// Starts the model host with the server: manifests are read before Kestrel listens (so
/// ListModels shows every model from the first call), weights load in the background
/// (health turns SERVING per model as each is ready), then the manifest folders are watched
/// (<see cref="ModelFolderWatch"/>) and idle evictable models evicted; shutdown drains the workers.
/// </summary>
internal sealed class ModelHostService : BackgroundService
{
    private readonly ModelHost _host;
    private readonly ModelFolderWatch _watch;
    private readonly TimeProvider _time;
    private readonly DemoModelProvisioner _demo;
    private readonly ModelsOptions _options;
    private readonly string _contentRoot;

    public ModelHostService(
        ModelHost host,
        ModelFolderWatch watch,
        TimeProvider time,
        DemoModelProvisioner demo,
        IOptions<ModelsOptions> options,
        IOptions<ServerOptions> server,
        IHostApplicationLifetime lifetime,
        IHostEnvironment environment)
    {
        _contentRoot = environment.ContentRootPath;
        _host = host;
        _watch = watch;
        _time = time;
        _demo = demo;
        _options = options.Value;

        // Before Kestrel waits for in-flight calls: refuse new work so the drain converges; with a
        // leave-pool delay only announce it (health NOT_SERVING), ShutdownGrace refuses later.
        lifetime.ApplicationStopping.Register(server.Value.LeavePoolDelay > TimeSpan.Zero ? _host.LeavePool : _host.BeginDrain);
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Relative folders are relative to the content root (the server's folder), not to whatever the working directory is.
        var directories = _options.ManifestDirectories.Select(d => Path.GetFullPath(d, _contentRoot)).ToList();
        if (_options.DemoModel)
        {
            directories.Add(await _demo.EnsureDemoModelAsync(cancellationToken));
        }

        if (_options.EmbeddingModel)
        {
            directories.Add(await _demo.EnsureEmbeddingModelAsync(cancellationToken));
        }

        _host.Discover(directories);
        _watch.Start();
        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _watch.Dispose();
        await base.StopAsync(cancellationToken);
        await _host.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await _host.LoadAllAsync(stoppingToken);

        // Checked a few times per EvictAfter (at most every 30 s), so an idle model goes within about a quarter of it.
        var period = TimeSpan.FromTicks(Math.Clamp(_options.EvictAfter.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
        using var timer = new PeriodicTimer(period, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await _host.EvictIdleAsync(_options.EvictAfter, _options.EvictUrgentGrace, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
