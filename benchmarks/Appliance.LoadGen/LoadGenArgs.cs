using System.Globalization;

namespace Appliance.LoadGen;

/// <summary>Parses the command line into <see cref="LoadGenOptions"/>: "--name value" or "--name=value".</summary>
internal static class LoadGenArgs
{
    public const string Usage = """
        Appliance load generator: streams Generate calls level after level (closed loop: fixed
        concurrency; open loop: Poisson arrivals) and reports throughput, time to first token,
        inter-token latency and rejections, per priority class, per client and for the prefix cache.

        usage: dotnet run -c Release --project benchmarks/Appliance.LoadGen -- --model ID [options]

          --server URL          server address [$APPLIANCE_SERVER or http://127.0.0.1:5080]
          --model ID            model to load (required)
          --concurrency LIST    closed loop: streams in flight, e.g. 1,4,16: one level each [1];
                                ignored with --rate (the open loop has no cap: the server's
                                queue limit rejects the excess)
          --rate LIST           open loop: Poisson arrivals per second from the seed, e.g. 0.5,2:
                                one level each; a rejection is counted, not retried
          --requests N          requests per level [4 per stream, at least 8; with --rate: 10 s
                                of arrivals, at least 8]
          --duration SECONDS    issue requests for this long per level instead (30, 30s, 2m)
          --max-tokens N        max_tokens of each request [128]
          --prompt-tokens N     prompt length, in words (about one token each) [256]
          --shared-prefix-tokens N
                                every request starts with the same system message of about N
                                words (from the seed), then its own prompt, so the server can
                                reuse the prefix's KV [0: none]. Warmup requests use another
                                prefix of that length; a later run with the same seed may find
                                the prefix still cached: change --seed for a cold first request
          --priority-mix MIX    priority classes' shares, e.g. urgent:0.1,normal:0.6,batch:0.3
                                (normalised); each request draws its class from the seed [normal:1]
          --clients MIX         client ids' shares, e.g. his:1,lis:3 [the one --client]. Closed
                                loop: the streams are divided between the clients in proportion
                                (16 streams: 4 his, 12 lis), each client keeping its own streams
                                busy, so the token shares show the server's fair share (its
                                weights come from its configuration, not from here). Open loop,
                                or too few streams for every client to get one: each request
                                draws its client from the seed
          --client NAME         GenerateRequest.client of every request when --clients is absent [loadgen]
          --temperature T       sampling temperature; 0 is greedy [0]
          --warmup N            unmeasured sequential requests first [2]
          --seed N              seed of the prompts, the sampler, the draws and the arrivals [1]
          --timeout SECONDS     deadline of each request [600]
          --out PATH            markdown report to append to [docs/benchmarks-loadgen.md]
          --no-report           write no report
          --note TEXT           a line for the report (hardware, server settings)

        scheduler targets, e.g.:
          urgent under saturating batch load:  --concurrency 16 --priority-mix urgent:0.1,batch:0.9
          fair share between two clients:     --concurrency 16 --clients emr:1,lis:1
          shared prompt (prefix cache):       --concurrency 1 --shared-prefix-tokens 512 --requests 8
        """;

    /// <summary>Null and an error message when the arguments are wrong; null and null for --help.</summary>
    public static (LoadGenOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new LoadGenOptions
        {
            Server = Environment.GetEnvironmentVariable("APPLIANCE_SERVER") is { Length: > 0 } env ? env : LoadGenOptions.DefaultServer,
        };
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inlineValue) = Split(args[i]);
            if (name is "--help" or "-h" or "-?")
            {
                return (null, null);
            }

            if (name == "--no-report")
            {
                options = options with { Out = null };
                continue;
            }

            var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null)
            {
                return (null, $"{name}: missing value");
            }

            try
            {
                options = Apply(options, name, value);
            }
            catch (FormatException exception)
            {
                return (null, $"{name}: {exception.Message}");
            }
        }

        return string.IsNullOrWhiteSpace(options.Model) ? (null, "--model is required") : (options, null);
    }

    private static LoadGenOptions Apply(LoadGenOptions options, string name, string value) => name switch
    {
        "--server" => options with { Server = value },
        "--model" or "-m" => options with { Model = value },
        "--concurrency" or "-c" => options with { Concurrency = [.. value.Split(',').Select(v => Positive(v, 4096))] },
        "--requests" or "-n" => options with { Requests = Positive(value, int.MaxValue) },
        "--duration" => options with { Duration = Seconds(value) },
        "--max-tokens" => options with { MaxTokens = Positive(value, 1 << 20) },
        "--prompt-tokens" => options with { PromptTokens = Positive(value, 1 << 20) },
        "--temperature" => options with { Temperature = Temperature(value) },
        "--warmup" => options with { Warmup = NonNegative(value) },
        "--seed" => options with { Seed = uint.Parse(value, CultureInfo.InvariantCulture) },
        "--timeout" => options with { Timeout = Seconds(value) },
        "--out" => options with { Out = value },
        "--note" => options with { Note = value },
        "--client" => options with { Client = value },
        "--clients" => options with { Clients = Mix(value, Client) },
        "--priority-mix" => options with { PriorityMix = Mix(value, PriorityNames.Parse) },
        "--shared-prefix-tokens" => options with { SharedPrefixTokens = NonNegative(value) },
        "--rate" => options with { Rates = [.. value.Split(',').Select(Rate)] },
        _ => throw new FormatException("unknown option"),
    };

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static int Positive(string value, int max)
    {
        var number = int.Parse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
        return number >= 1 && number <= max ? number : throw new FormatException($"must be between 1 and {max} (got {number})");
    }

    /// <summary>"name:weight,name:weight"; a name alone has weight 1.</summary>
    private static WeightedMix<T> Mix<T>(string value, Func<string, T> parse)
        where T : notnull =>
        new(value.Split(',').Select(entry =>
        {
            var colon = entry.LastIndexOf(':');
            var name = (colon < 0 ? entry : entry[..colon]).Trim();
            if (name.Length == 0)
            {
                throw new FormatException($"empty name in '{value}'");
            }

            var weight = colon < 0 ? 1 : double.Parse(entry[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
            return (parse(name), weight);
        }));

    private static string Client(string name) => name;

    private static double Rate(string value)
    {
        var rate = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return rate is > 0 and <= 10_000 ? rate : throw new FormatException($"must be in (0, 10000] requests per second (got {value})");
    }

    private static int NonNegative(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static float Temperature(string value)
    {
        var t = float.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return t is >= 0 and <= 5 ? t : throw new FormatException($"must be in [0, 5] (got {t})");
    }

    /// <summary>"30", "30s", "2m" or "1h".</summary>
    private static TimeSpan Seconds(string value)
    {
        var (number, scale) = value[^1] switch
        {
            's' => (value[..^1], 1),
            'm' => (value[..^1], 60),
            'h' => (value[..^1], 3600),
            _ => (value, 1),
        };
        var seconds = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture) * scale;
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new FormatException($"must be positive (got {value})");
    }
}
