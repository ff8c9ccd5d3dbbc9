using Appliance.Contracts.V1;

namespace Appliance.LoadGen;

/// <summary>One load-generator run: where, what, and how hard. Parsed by <see cref="LoadGenArgs"/>.</summary>
internal sealed record LoadGenOptions
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public string Server { get; init; } = DefaultServer;

    public LoadGenMode Mode { get; init; } = LoadGenMode.Generate;

    /// <summary>Generate mode: the door the streams go through (<c>--api</c>).</summary>
    public ApiDoor Api { get; init; } = ApiDoor.Grpc;

    /// <summary>The OpenAI-compatible door's base address (<c>--openai-url</c>), ending in <c>/v1/</c>.</summary>
    public string OpenAiUrl { get; init; } = "http://127.0.0.1:8080/v1/";

    /// <summary>The model id; in embed mode a comma-separated list (see <see cref="ModelIds"/>).</summary>
    public string Model { get; init; } = "";

    /// <summary>Embed mode: the models to compare, in order; the last is the baseline of the ratios.</summary>
    public IReadOnlyList<string> ModelIds => [.. Model.Split(',', StringSplitOptions.TrimEntries)];

    /// <summary>Embed mode: texts per Embed call.</summary>
    public int TextsPerRequest { get; init; } = 1;

    /// <summary>Embed mode: words per text.</summary>
    public int TextWords { get; init; } = 24;

    /// <summary>Streams in flight, one level after another (closed loop; ignored when <see cref="Rates"/> is set).</summary>
    public IReadOnlyList<int> Concurrency { get; init; } = [1];

    /// <summary>Open loop: Poisson arrivals per second, one level after another; null means closed loop.</summary>
    public IReadOnlyList<double>? Rates { get; init; }

    /// <summary>
    /// Requests per level; null means "4 per stream, at least 8" (open loop: "10 s of arrivals, at
    /// least 8") unless <see cref="Duration"/> is set.
    /// </summary>
    public int? Requests { get; init; }

    /// <summary>How long each level issues new requests; requests in flight at the end still finish.</summary>
    public TimeSpan? Duration { get; init; }

    public int MaxTokens { get; init; } = 128;

    /// <summary>Approximate prompt length in words (the server reports the real token count).</summary>
    public int PromptTokens { get; init; } = 256;

    /// <summary>0 is greedy decoding.</summary>
    public float Temperature { get; init; }

    /// <summary>Sequential requests before the first level, not measured.</summary>
    public int Warmup { get; init; } = 2;

    /// <summary>Markdown report to append to; null writes none.</summary>
    public string? Out { get; init; } = "docs/benchmarks-loadgen.md";

    /// <summary>Seeds the prompts' word choice and the sampler, so runs repeat.</summary>
    public uint Seed { get; init; } = 1;

    /// <summary>Deadline of each request.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Free text for the report (hardware, server settings...).</summary>
    public string? Note { get; init; }

    /// <summary>Sent as GenerateRequest.client when <see cref="Clients"/> is null, so the server's fair sharing sees one caller.</summary>
    public string Client { get; init; } = "loadgen";

    /// <summary>Client ids and their shares of the requests; null sends every request as <see cref="Client"/>.</summary>
    public WeightedMix<string>? Clients { get; init; }

    /// <summary>Priority classes and their shares of the requests.</summary>
    public WeightedMix<Priority> PriorityMix { get; init; } = new([(Priority.Normal, 1.0)]);

    /// <summary>Words of the system message every request shares (0: no system message).</summary>
    public int SharedPrefixTokens { get; init; }

    public WeightedMix<string> ClientMix => Clients ?? new([(Client, 1.0)]);

    /// <summary>
    /// Cached prompt tokens from which a request counts as a prefix-cache hit: half the shared prefix,
    /// so the chat template's few common tokens alone do not count; any when there is no shared prefix.
    /// </summary>
    public int CacheHitTokens => Math.Max(1, SharedPrefixTokens / 2);

    /// <summary>The levels to run, in order.</summary>
    public IReadOnlyList<LevelLoad> Levels => Rates is { } rates
        ? [.. rates.Select(r => new LevelLoad(0, r))]
        : [.. Concurrency.Select(c => new LevelLoad(c))];

    /// <summary>How many requests a level issues at most.</summary>
    public int RequestsFor(LevelLoad level) =>
        Requests ?? (Duration is not null ? int.MaxValue
            : level.Rate is { } rate ? (int)Math.Clamp(Math.Ceiling(rate * 10), 8, int.MaxValue)
            : Math.Max(8, level.Concurrency * 4));
}
