using System.Globalization;

namespace Appliance.PeerBench;

/// <summary>Command line of a peer run (see <see cref="Usage"/>).</summary>
internal sealed record PeerOptions
{
    public const string Usage = """
        usage: Appliance.PeerBench (--model FILE.gguf | --preset realistic|tiny) [--llama-server PATH] [--appliance-server PATH/Appliance.Server.dll]
                 [--streams 1,16] [--prompt-tokens 95] [--max-tokens 64] [--requests-per-stream 2] [--rounds 3] [--threads 2]
                 [--batch-tokens 2048] [--contestants llama-server,appliance,raw] [--native-library PATH/libllama.so]
                 [--server-setting Key=Value]... [--variant NAME=Key=Value[;Key=Value]]... [--out REPORT.md] [--charts DIR] [--work DIR]
                 [--urgent-streams K [--urgent-prompt-tokens 32] [--urgent-max-tokens 16]] [--shared-prefix-tokens N] [--client-nice N] [--warmup-requests 16]
          --variant adds an appliance contestant NAME with those settings (Appliance:Scheduler:PrefillChunkTokens=128)
          or environment variables (OMP_WAIT_POLICY=PASSIVE), run in the same rounds as the others;
          the setting rpc=complete makes it call unary Complete instead of streamed Generate
          hospital mix (llama-server and appliance only): K of each level's streams send short urgent calls
          (URGENT on the appliance; the others BATCH) until the rest are done; --shared-prefix-tokens makes
          every other prompt open with the same N-token template (llama-server then runs with cache_prompt)
          --client-nice N: the client runs at niceness N, the contestants at 0 (root): a client that yields the CPUs
        """;

    public string? Model { get; init; }
    public string? Preset { get; init; }
    public string? LlamaServer { get; init; }
    public string? ApplianceServer { get; init; }
    public IReadOnlyList<int> Streams { get; init; } = [1, 16];
    public int PromptTokens { get; init; } = 95;
    public int MaxTokens { get; init; } = 64;
    public int RequestsPerStream { get; init; } = 2;
    public int Rounds { get; init; } = 3;
    public int Threads { get; init; } = 2;
    public int BatchTokens { get; init; } = 2048;
    public IReadOnlyList<string> Contestants { get; init; } = ["llama-server", "appliance", "raw"];
    public string? NativeLibrary { get; init; }
    public IReadOnlyList<string> ServerSettings { get; init; } = [];
    public int UrgentStreams { get; init; }
    public int UrgentPromptTokens { get; init; } = 32;
    public int UrgentMaxTokens { get; init; } = 16;
    public int SharedPrefixTokens { get; init; }
    public int ClientNice { get; init; }

    /// <summary>Full-length calls each server gets after its start, before the levels (the appliance's JIT settles over its first calls).</summary>
    public int WarmupRequests { get; init; } = 16;

    /// <summary>Extra appliance contestants: name and their settings or environment variables.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<string> Settings)> Variants { get; init; } = [];
    public string? Out { get; init; }
    public string? Charts { get; init; }
    public string Work { get; init; } = Path.Combine(Path.GetTempPath(), "appliance-peerbench");

    /// <summary>KV cells per sequence: prompt and output with room to spare, the same for every contestant.</summary>
    public int ContextPerSequence => (PromptTokens + MaxTokens + 63) / 64 * 64 + 64;

    public int MaxStreams => Streams.Max();

    public static PeerOptions Parse(IReadOnlyList<string> args)
    {
        var options = new PeerOptions();
        var settings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value\n{Usage}");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = name switch
            {
                "--model" => options with { Model = Next() },
                "--preset" => options with { Preset = Next() },
                "--llama-server" => options with { LlamaServer = Next() },
                "--appliance-server" => options with { ApplianceServer = Next() },
                "--streams" => options with { Streams = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))] },
                "--prompt-tokens" => options with { PromptTokens = Int() },
                "--max-tokens" => options with { MaxTokens = Int() },
                "--requests-per-stream" => options with { RequestsPerStream = Int() },
                "--rounds" => options with { Rounds = Int() },
                "--threads" => options with { Threads = Int() },
                "--batch-tokens" => options with { BatchTokens = Int() },
                "--contestants" => options with { Contestants = Next().Split(',') },
                "--native-library" => options with { NativeLibrary = Next() },
                "--server-setting" => Add(options, settings, Next()),
                "--variant" => Variant(options, Next()),
                "--urgent-streams" => options with { UrgentStreams = Int() },
                "--urgent-prompt-tokens" => options with { UrgentPromptTokens = Int() },
                "--urgent-max-tokens" => options with { UrgentMaxTokens = Int() },
                "--shared-prefix-tokens" => options with { SharedPrefixTokens = Int() },
                "--client-nice" => options with { ClientNice = Int() },
                "--warmup-requests" => options with { WarmupRequests = Int() },
                "--out" => options with { Out = Next() },
                "--charts" => options with { Charts = Next() },
                "--work" => options with { Work = Next() },
                _ => throw new ArgumentException($"unknown option {name}\n{Usage}"),
            };
        }

        if ((options.Model is null) == (options.Preset is null))
        {
            throw new ArgumentException($"give exactly one of --model and --preset\n{Usage}");
        }

        if ((options.UrgentStreams > 0 || options.SharedPrefixTokens > 0) && options.Contestants.Contains("raw"))
        {
            throw new ArgumentException($"a hospital mix (--urgent-streams, --shared-prefix-tokens) has no raw contestant: it has neither priorities nor a prefix cache (--contestants llama-server,appliance)\n{Usage}");
        }

        if (options.UrgentStreams < 0 || options.UrgentStreams >= options.Streams.Min())
        {
            throw new ArgumentException($"--urgent-streams must leave at least one other stream at every level (streams {string.Join(',', options.Streams)}, got {options.UrgentStreams})\n{Usage}");
        }

        if (options.SharedPrefixTokens < 0 || options.SharedPrefixTokens >= options.PromptTokens - 8)
        {
            throw new ArgumentException($"--shared-prefix-tokens must be under --prompt-tokens minus 8 ({options.PromptTokens - 8}), got {options.SharedPrefixTokens}\n{Usage}");
        }

        if (options.Contestants.Contains("llama-server") && options.LlamaServer is null)
        {
            throw new ArgumentException($"--llama-server PATH is needed (or leave llama-server out of --contestants)\n{Usage}");
        }

        return options;
    }

    private static PeerOptions Variant(PeerOptions options, string spec)
    {
        var equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--variant NAME=Key=Value[;Key=Value] (got '{spec}')\n{Usage}");
        }

        return options with { Variants = [.. options.Variants, (spec[..equals], spec[(equals + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries))] };
    }

    private static PeerOptions Add(PeerOptions options, List<string> settings, string setting)
    {
        settings.Add(setting);
        return options with { ServerSettings = [.. settings] };
    }
}
