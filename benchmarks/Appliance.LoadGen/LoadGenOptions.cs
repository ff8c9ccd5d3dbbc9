namespace Appliance.LoadGen;

/// <summary>One load-generator run: where, what, and how hard. Parsed by <see cref="LoadGenArgs"/>.</summary>
internal sealed record LoadGenOptions
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    public string Server { get; init; } = DefaultServer;

    public string Model { get; init; } = "";

    /// <summary>Streams in flight, one level after another.</summary>
    public IReadOnlyList<int> Concurrency { get; init; } = [1];

    /// <summary>Requests per level; null means "4 per stream, at least 8" unless <see cref="Duration"/> is set.</summary>
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

    /// <summary>Sent as GenerateRequest.client, so the server's fair sharing sees one caller.</summary>
    public string Client { get; init; } = "loadgen";

    /// <summary>How many requests a level issues at most.</summary>
    public int RequestsFor(int concurrency) =>
        Requests ?? (Duration is null ? Math.Max(8, concurrency * 4) : int.MaxValue);
}
