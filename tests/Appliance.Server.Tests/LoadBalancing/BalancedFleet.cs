using Appliance.Catalog.Demo;
using Appliance.Catalog.Manifests;
using Appliance.Core.Security;
using Grpc.Net.Client;

namespace Appliance.Server.Tests.LoadBalancing;

/// <summary>
/// Three boxes (server processes, each serving the demo model and <see cref="SecondModel"/>, the same
/// weights under a second id) behind the shipped HAProxy configuration routing by model
/// (model-backends.sh for both ids), and a client channel to the balancer. Each box registers the
/// API key <see cref="AdminKey"/> with the admin role (ModelAdmin on one box). The boxes leave the pool for 3 s before refusing on
/// SIGTERM (Appliance:Server:LeavePoolDelay; the balancer's checks need up to about 1.5 s), then
/// keep the port open 1 s. Every test starts with the three boxes serving (<see cref="AllServingAsync"/>
/// restarts any an earlier test stopped).
/// </summary>
public sealed class BalancedFleet : IAsyncLifetime
{
    /// <summary>The second model every box serves (routing by model).</summary>
    public const string SecondModel = "appliance-demo-b";

    private readonly Dictionary<string, string> _boxSettings = new()
    {
        ["Appliance__Server__LeavePoolDelay"] = "00:00:03",
        ["Appliance__Server__ShutdownGracePeriod"] = "00:00:01",
        ["Appliance__Clients__it__AllowedModels__0"] = "*",
        ["Appliance__Clients__it__Roles__0"] = "admin",
    };

    private readonly TempFolder _folder = new("appliance-fleet");
    private HaproxyBalancer? _balancer;

    internal IReadOnlyList<ApplianceBox> Boxes { get; private set; } = [];

    internal GrpcChannel Channel { get; private set; } = null!;

    /// <summary>The API key of the admin client every box knows.</summary>
    internal string AdminKey { get; } = ApiKeyHash.NewKey();

    /// <summary>Every process's last lines, for a failure message.</summary>
    internal string Outputs => string.Join("\n", Boxes.Select(b => $"---- {b.Name}\n{b.Output}")) + $"\n---- haproxy\n{_balancer?.Output}";

    public async Task InitializeAsync()
    {
        // Written once here: three processes generating the same file at once would race.
        var cache = _folder.Folder("demo-cache");
        var demo = ManifestLoader.LoadFile(Path.Combine(await DemoModel.EnsureAsync(cache, CancellationToken.None), DemoModel.Id + ".json")).Manifest!;
        _boxSettings["Appliance__Clients__it__ApiKeyHashes__0"] = ApiKeyHash.Hash(AdminKey);
        Boxes = [.. Enumerable.Range(1, 3).Select(i =>
        {
            var folder = _folder.Folder($"box{i}");
            ManifestWriter.Write(demo with { Id = SecondModel }, Path.Combine(_folder.Folder($"box{i}", "models"), SecondModel + ".json"));
            return new ApplianceBox($"box{i}", folder, cache, _boxSettings);
        })];
        foreach (var box in Boxes)
        {
            box.Start();
        }

        await Task.WhenAll(Boxes.Select(b => b.WaitServingAsync()));
        _balancer = await HaproxyBalancer.StartRoutedAsync(Boxes, _folder.Folder("haproxy"), [DemoModel.Id, SecondModel]);
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_balancer.Port}");
        var probe = new BalancedLoad(Channel);
        await Bounded.UntilAsync(
            async _ => (await probe.CallAsync(1)).Status == Grpc.Core.StatusCode.OK,
            () => $"the balancer to pass a call; calls: {string.Join("; ", probe.Calls.TakeLast(3))}\n{Outputs}",
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(100));
    }

    internal ApplianceBox Box(string name) => Boxes.Single(b => b.Name == name);

    /// <summary>How many lines HAProxy wrote that contain <paramref name="text"/>.</summary>
    internal int BalancerLines(string text) => _balancer?.Count(text) ?? 0;

    /// <summary>The processes (boxes, earlier runs of a restarted box included, and the balancer) that wrote <paramref name="text"/>.</summary>
    internal IReadOnlyList<string> Writers(string text) =>
        [.. Boxes.Where(b => b.Wrote(text)).Select(b => b.Name), .. _balancer?.Wrote(text) == true ? ["haproxy"] : Array.Empty<string>()];

    /// <summary>Restarts any box an earlier (failed) test left stopped, so each test starts with three.</summary>
    internal async Task AllServingAsync()
    {
        foreach (var box in Boxes.Where(b => b.Process is { HasExited: true }))
        {
            await RejoinAsync(box);
        }
    }

    /// <summary>Starts <paramref name="box"/> again on its ports and waits until a call through the balancer lands on it.</summary>
    internal async Task RejoinAsync(ApplianceBox box)
    {
        box.Start();
        await box.WaitServingAsync();
        var load = new BalancedLoad(Channel);
        await Bounded.UntilAsync(
            async _ => (await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => load.CallAsync(2)))).Any(c => c.Box == box.Name),
            () => $"{box.Name} to take calls again through the balancer; calls: {string.Join("; ", load.Calls)}\n{Outputs}",
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(200));
    }

    public async Task DisposeAsync()
    {
        Channel?.Dispose();
        if (_balancer is not null)
        {
            await _balancer.DisposeAsync();
        }

        foreach (var box in Boxes)
        {
            await box.DisposeAsync();
        }

        _folder.Dispose();
    }
}
