using System.Collections.Concurrent;
using System.Text.Json;
using Appliance.Catalog.Demo;
using Appliance.Catalog.Gguf;
using Appliance.Catalog.Manifests;
using Appliance.Core.Security;
using Appliance.Server.Models;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// The real server in the production profile with authentication on (no anonymous callers)
/// and calling systems in a watched JSON file, as /etc/appliance is on the box:
/// <c>his</c> (two API keys, model <see cref="ModelId"/> only), <c>lis</c> (Embed only),
/// <c>quota</c> (10 tokens a minute) and <c>busy</c> (one call in flight). A second manifest,
/// <see cref="OtherModelId"/>, serves the same weights under another id.
/// </summary>
public sealed class SecureServerFixture : IAsyncLifetime
{
    public const string ModelId = "tiny";
    public const string OtherModelId = "tiny-b";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "appliance-secure-" + Guid.NewGuid().ToString("N")[..8]);
    private TestServer? _server;

    public string HisOldKey { get; } = ApiKeyHash.NewKey();

    public string HisNewKey { get; } = ApiKeyHash.NewKey();

    public string LisKey { get; } = ApiKeyHash.NewKey();

    public string QuotaKey { get; } = ApiKeyHash.NewKey();

    public string BusyKey { get; } = ApiKeyHash.NewKey();

    public string ConfigFile => Path.Combine(_directory, "clients.json");

    public string AuditDirectory => Path.Combine(_directory, "audit");

    public ConcurrentQueue<string> Logs { get; } = new();

    public TestServer Server => _server!;

    public async Task InitializeAsync()
    {
        var models = Path.Combine(_directory, "models");
        var manifest = await SyntheticModelFiles.WriteAsync(models, ModelId, new SyntheticModelOptions { WeightType = GgmlType.Q8_0, ContextLength = 512 },
            maxSequences: 2, batchTokens: 64, CancellationToken.None);
        var other = Path.Combine(models, OtherModelId + ".json");
        ManifestWriter.Write(manifest with { Id = OtherModelId, ManifestPath = other }, other);
        WriteClients(includeOldKey: true);

        _server = await TestServer.StartAsync("Production", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = models,
            ["Appliance:Security:AllowAnonymous"] = "false",
            ["Appliance:Audit:Directory"] = AuditDirectory,
            ["Appliance:Audit:FlushInterval"] = "00:00:00.100",
            ["Appliance:Llama:Threads"] = "2",
            ["Appliance:Server:EnableReflection"] = "true", // a duplex-streaming service, to prove those are authenticated too
        }, builder =>
        {
            builder.Configuration.AddJsonFile(ConfigFile, optional: false, reloadOnChange: true);
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(new CapturingLoggerProvider(Logs));
        });
        await WaitForModelAsync(Server, ModelId, HisNewKey);
        await WaitForModelAsync(Server, OtherModelId, HisNewKey);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Metadata carrying an API key.</summary>
    public static Metadata Key(string key) => new() { { "x-api-key", key } };

    /// <summary>(Re)writes the watched clients file; the server picks it up without a restart.</summary>
    public void WriteClients(bool includeOldKey, string? hisHashOverride = null)
    {
        var hisKeys = hisHashOverride is not null ? [hisHashOverride]
            : includeOldKey ? new[] { ApiKeyHash.Hash(HisOldKey), ApiKeyHash.Hash(HisNewKey) } : [ApiKeyHash.Hash(HisNewKey)];
        var clients = new Dictionary<string, object>
        {
            ["his"] = new { DisplayName = "HIS", ApiKeyHashes = hisKeys, AllowedModels = new[] { ModelId }, PriorityCeiling = "Normal", Weight = 3 },
            ["lis"] = new { ApiKeyHashes = new[] { ApiKeyHash.Hash(LisKey) }, AllowedModels = new[] { "*" }, AllowedMethods = new[] { "Embed" } },
            ["quota"] = new { ApiKeyHashes = new[] { ApiKeyHash.Hash(QuotaKey) }, AllowedModels = new[] { "*" }, TokensPerMinute = 10 },
            ["busy"] = new { ApiKeyHashes = new[] { ApiKeyHash.Hash(BusyKey) }, AllowedModels = new[] { "*" }, MaxConcurrentCalls = 1 },
        };
        var json = JsonSerializer.Serialize(new { Appliance = new { Clients = clients } });
        var temp = ConfigFile + ".tmp";
        File.WriteAllText(temp, json);
        File.Move(temp, ConfigFile, overwrite: true);
    }

    /// <summary>Polls the model's health with <paramref name="key"/> until it serves (60 s at most).</summary>
    public static async Task WaitForModelAsync(TestServer server, string id, string key)
    {
        var health = new Grpc.Health.V1.Health.HealthClient(server.Channel);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var reply = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = HealthReporter.ServiceName(id) }, Key(key), cancellationToken: timeout.Token);
            if (reply.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving)
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
