using System.ClientModel;
using Appliance.Engines.Onnx.MiniLm;
using Appliance.Server.Tests.Inference;
using OpenAI;

namespace Appliance.Server.Tests.OpenAiApi;

/// <summary>
/// The real server with the OpenAI-compatible door on (plaintext on 127.0.0.1:0, a 64 KiB body
/// limit), authentication on, the synthetic text model <see cref="ModelId"/> (8192-token context, so
/// a stream can run for a while), the real MiniLM embedding model, and a model whose file is missing
/// (<see cref="MissingModelId"/>: FAILED, so 503). Calling systems: <c>app</c> (everything),
/// <c>narrow</c> (MiniLM only), <c>quota</c> (10 tokens a minute), <c>grpconly</c> (the gRPC Generate
/// method only). The audit log in the fixture's folder.
/// </summary>
public sealed class OpenAiServerFixture : ApplianceServerFixture
{
    /// <summary>The synthetic text model (here too for the tests' <c>using static</c>).</summary>
    public new const string ModelId = ApplianceServerFixture.ModelId;

    public const string MiniLm = MiniLmModel.Id;
    public const string MissingModelId = "tiny-missing";
    public const int BodyLimit = 64 * 1024;

    public OpenAiServerFixture()
    {
        Models = [new StagedModel(ModelId) { ContextLength = 8192 }];
        AllowAnonymous = false;
        App = AddApiKeyClient("app");
        Narrow = AddApiKeyClient("narrow", MiniLm);
        Quota = AddApiKeyClient("quota");
        GrpcOnly = AddApiKeyClient("grpconly");
        Settings["Appliance:Clients:quota:TokensPerMinute"] = "10";
        Settings["Appliance:Clients:grpconly:AllowedMethods:0"] = "Generate";
        Settings["Appliance:OpenAi:Enabled"] = "true";
        Settings["Appliance:OpenAi:Url"] = "http://127.0.0.1:0";
        Settings["Appliance:OpenAi:MaxRequestBodyBytes"] = BodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Settings["Appliance:Models:EmbeddingModel"] = "true";
        Settings["Appliance:Models:CacheDirectory"] = InferenceServerFixture.CacheDirectory;
        Settings["Appliance:Audit:Directory"] = AuditDirectory;
        Settings["Appliance:Audit:FlushInterval"] = "00:00:00.100";
    }

    public ApiKeyClient App { get; }

    public ApiKeyClient Narrow { get; }

    public ApiKeyClient Quota { get; }

    public ApiKeyClient GrpcOnly { get; }

    public string AuditDirectory => Folder.Combine("audit");

    /// <summary>The official OpenAI SDK pointed at the door with <paramref name="key"/> (retries off: a refusal is seen as sent).</summary>
    public OpenAIClient Sdk(string key) => new(new ApiKeyCredential(key), new OpenAIClientOptions
    {
        Endpoint = OpenAiAddress,
        NetworkTimeout = Bounded.CallTimeout,
        RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
    });

    /// <summary>A raw client of the door.</summary>
    public OpenAiHttp Http(string? key) => new(OpenAiAddress, key);

    protected override async Task StageModelsAsync(CancellationToken cancellationToken)
    {
        await base.StageModelsAsync(cancellationToken);
        StageManifest(TestManifests.TextGeneration(MissingModelId, Path.Combine(ModelsDirectory, "absent.gguf")), serving: false);
        AwaitServing(MiniLm);
    }
}

[CollectionDefinition(Name)]
public sealed class OpenAiServerCollection : ICollectionFixture<OpenAiServerFixture>
{
    public const string Name = "openai server";
}
