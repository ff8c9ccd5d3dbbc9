using System.Collections.Concurrent;
using Appliance.Catalog.Demo;
using Appliance.Catalog.Gguf;
using Appliance.Core.Models;
using Appliance.Core.Security;
using Appliance.Server.Models;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Appliance.Testing.Server;

/// <summary>
/// The real server (<c>ApplianceApp.Create</c>: real Kestrel, real gRPC, real engines) on
/// 127.0.0.1:0 with the synthetic GGUF models it writes (<see cref="Models"/>), over plaintext,
/// TLS or mutual TLS on the in-test PKI (<see cref="Transport"/>), with API-key clients
/// (<see cref="AddApiKeyClient"/>) and every log line captured. Options are set in a derived
/// constructor (xunit's class and collection fixtures) or an object initializer (a server of one
/// test: <c>await using var server = await new ApplianceServerFixture { ... }.StartAsync();</c>).
/// All it writes is in one temp folder, deleted on dispose.
/// </summary>
public class ApplianceServerFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The model staged unless <see cref="Models"/> says otherwise.</summary>
    public const string ModelId = "tiny";

    private readonly List<ApiKeyClient> _clients = [];
    private readonly List<string> _serving = [];
    private TestCertificates? _pki;
    private readonly bool _sharedPki;
    private TestServer? _server;

    /// <summary>The profile, <c>Testing</c> unless set (<c>Production</c>: the shipped defaults, TLS insisted on but for loopback plaintext).</summary>
    public string Environment { get; init; } = "Testing";

    public ServerTransport Transport { get; init; } = ServerTransport.Plain;

    /// <summary>With TLS: the PKI has an issuing CA under the root (see <see cref="TestCertificates.Create"/>).</summary>
    public bool IntermediateCa { get; init; }

    /// <summary>The synthetic models staged and awaited SERVING: <see cref="ModelId"/> (Q8_0, 256-token context, 2 sequences) unless set.</summary>
    public IReadOnlyList<StagedModel> Models { get; init; } = [new(ModelId)];

    /// <summary>Whether the start waits until every staged model is SERVING (true unless set: a test that holds a load back sets false).</summary>
    public bool AwaitModels { get; init; } = true;

    /// <summary>Whether calls without credentials run as "anonymous" (true unless set).</summary>
    public bool AllowAnonymous { get; init; } = true;

    /// <summary>The lowest level logged (and so captured in <see cref="Logs"/>); the profile's unless set.</summary>
    public LogLevel? MinimumLogLevel { get; init; }

    /// <summary>Settings on top of the test defaults (free ports, models folder, two llama.cpp threads, a temp audit folder).</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>More configuration sources or services (a test seam such as <c>ITextGenerationEngineLoader</c>).</summary>
    public Action<WebApplicationBuilder>? ConfigureServer { get; init; }

    /// <summary>What the start's health checks present; the first API-key client's key when anonymous callers are refused, unless set.</summary>
    public Metadata? Credentials { get; init; }

    /// <summary>The fixture's temp folder (models, PKI, key files).</summary>
    public TempFolder Folder { get; } = new("appliance-server");

    /// <summary>The manifests and weights the server loads (<c>Appliance:Models:ManifestDirectories:0</c>).</summary>
    public string ModelsDirectory => Folder.Combine("models");

    /// <summary>The in-test PKI under <see cref="Folder"/> (created on first use; the TLS transports use it).</summary>
    public TestCertificates Pki
    {
        get => _pki ??= TestCertificates.Create(IntermediateCa, Folder.Folder("pki"));

        // Several boxes of one fleet share a PKI (one CA, one client certificate); its owner disposes it.
        init
        {
            _pki = value;
            _sharedPki = true;
        }
    }

    /// <summary>Every log line of the server (see <see cref="CapturingLoggerProvider"/>).</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public TestServer Server => _server ?? throw new InvalidOperationException("the server has not started: await InitializeAsync or StartAsync first");

    /// <summary>The gRPC endpoint (http:// or https://127.0.0.1:port).</summary>
    public string Address => Server.Address;

    /// <summary>Calls to the server over <see cref="Transport"/>, each bounded (see <see cref="TestServer.Channel"/>).</summary>
    public CallInvoker Channel => Server.Channel;

    /// <summary>Base address of the server's metrics port (plaintext whatever the transport).</summary>
    public Uri MetricsAddress => Server.MetricsAddress ?? throw new InvalidOperationException("metrics are disabled");

    /// <summary>Base address of the OpenAI-compatible door, ending in <c>/v1/</c> (set <c>Appliance:OpenAi:Enabled</c> and <c>:Url</c>).</summary>
    public Uri OpenAiAddress => Server.OpenAiAddress ?? throw new InvalidOperationException("the OpenAI door is off");

    public ModelHost Host => Server.App.Services.GetRequiredService<ModelHost>();

    public IReadOnlyList<ApiKeyClient> ApiKeyClients => _clients;

    /// <summary>Registers a calling system with a new API key (in a key file under <see cref="Folder"/>) for <paramref name="allowedModels"/> (every model when none); before the start.</summary>
    public ApiKeyClient AddApiKeyClient(string id, params string[] allowedModels)
    {
        ArgumentNullException.ThrowIfNull(allowedModels);
        if (_server is not null)
        {
            throw new InvalidOperationException("clients are registered before the start");
        }

        var key = ApiKeyHash.NewKey();
        var client = new ApiKeyClient(id, key, SecretFile.Write(Folder.Combine(id + ".key"), key + "\n"));
        Settings[$"Appliance:Clients:{id}:ApiKeyHashes:0"] = ApiKeyHash.Hash(key);
        string[] models = allowedModels.Length == 0 ? ["*"] : allowedModels;
        for (var i = 0; i < models.Length; i++)
        {
            Settings[$"Appliance:Clients:{id}:AllowedModels:{i}"] = models[i];
        }

        _clients.Add(client);
        return client;
    }

    /// <summary>Stages the models, starts the server and waits until every staged model is SERVING.</summary>
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ModelsDirectory);
        using (var staging = new CancellationTokenSource(Bounded.StartTimeout))
        {
            await StageModelsAsync(staging.Token);
        }

        var tls = Transport != ServerTransport.Plain;
        _server = await TestServer.StartAsync(
            Environment,
            ServerSettings(),
            builder =>
            {
                if (MinimumLogLevel is { } level)
                {
                    builder.Logging.SetMinimumLevel(level);
                }

                builder.Logging.AddProvider(new CapturingLoggerProvider(Logs));
                ConfigureServer?.Invoke(builder);
            },
            https: tls,
            handler: tls ? TlsClient.Handler(Pki, Transport == ServerTransport.MutualTls ? Pki.GoodClient : null) : null);

        var credentials = Credentials ?? (AllowAnonymous || _clients.Count == 0 ? null : _clients[0].Header);
        foreach (var id in _serving.Where(_ => AwaitModels))
        {
            await Server.WaitForServingAsync(HealthReporter.ServiceName(id), Bounded.StartTimeout, credentials);
        }
    }

    /// <summary>Polls until the model's worker has no running or waiting request.</summary>
    public Task WaitForIdleAsync(string modelId = ModelId)
    {
        var worker = Host.Get(modelId)!.State.Worker!;
        return Bounded.UntilAsync(() => worker.RunningCount + worker.WaitingCount == 0, $"{modelId} to be idle", TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(20));
    }

    public virtual async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }

        if (!_sharedPki)
        {
            _pki?.Dispose();
        }
        Folder.Dispose();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes the models into <see cref="ModelsDirectory"/>: <see cref="Models"/> unless overridden.</summary>
    protected virtual async Task StageModelsAsync(CancellationToken cancellationToken)
    {
        foreach (var model in Models)
        {
            var manifest = await SyntheticModelFiles.WriteAsync(ModelsDirectory, model.Id, model.Weights, model.MaxSequences, model.BatchTokens, cancellationToken);
            _serving.Add(model.Id);
            foreach (var alias in model.Aliases)
            {
                StageManifest(manifest with { Id = alias });
            }

            foreach (var alias in model.ReasoningAliases)
            {
                StageManifest(manifest with { Id = alias, Reasoning = ReasoningTemplates.Think });
            }
        }
    }

    /// <summary>Writes <paramref name="manifest"/> into <see cref="ModelsDirectory"/> as <c>{id}.json</c>; <paramref name="serving"/>: the start waits for it.</summary>
    protected ModelManifest StageManifest(ModelManifest manifest, bool serving = true)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var written = TestManifests.Write(manifest with { ManifestPath = Path.Combine(ModelsDirectory, manifest.Id + ".json") });
        if (serving)
        {
            _serving.Add(manifest.Id);
        }

        return written;
    }

    /// <summary>Has the start wait for a model the server provides itself (the default embedding model).</summary>
    protected void AwaitServing(string modelId) => _serving.Add(modelId);

    private Dictionary<string, string?> ServerSettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = ModelsDirectory,
            ["Appliance:Llama:Threads"] = "2",
            ["Appliance:Security:AllowAnonymous"] = AllowAnonymous ? "true" : "false",
        };
        if (Transport != ServerTransport.Plain)
        {
            foreach (var (key, value) in Pki.Settings(Transport == ServerTransport.MutualTls ? "Require" : "Allow"))
            {
                settings[key] = value;
            }
        }

        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        return settings;
    }
}
