using System.Globalization;

namespace Appliance.LoadGen;

/// <summary>Parses the command line into <see cref="LoadGenOptions"/>: "--name value" or "--name=value".</summary>
internal static class LoadGenArgs
{
    /// <summary>EmbedRequest.texts takes 1 to 256 texts.</summary>
    private const int MaxTextsPerRequest = 256;

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

        return Validate(options) is { } error ? (null, error) : (options, null);
    }

    private static LoadGenOptions Apply(LoadGenOptions options, string name, string value) => name switch
    {
        "--mode" => options with { Mode = ParseMode(value) },
        "--server" => options with { Server = value },
        "--api" => options with { Api = value.Trim().ToLowerInvariant() switch
        {
            "grpc" => ApiDoor.Grpc,
            "openai" => ApiDoor.OpenAi,
            "both" => ApiDoor.Both,
            _ => throw new FormatException($"unknown door '{value}' (grpc, openai or both)"),
        } },
        "--openai-url" => options with { OpenAiUrl = value.EndsWith('/') ? value : value + "/" },
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
        "--texts-per-request" => options with { TextsPerRequest = Positive(value, MaxTextsPerRequest) },
        "--text-words" => options with { TextWords = Positive(value, 1 << 16) },
        _ => throw new FormatException("unknown option"),
    };

    /// <summary>What no single option can check: the model list, and options that do not fit the mode.</summary>
    private static string? Validate(LoadGenOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Model))
        {
            return "--model is required";
        }

        if (options.Mode != LoadGenMode.Embed)
        {
            return null;
        }

        if (options.Rates is not null)
        {
            return "--rate: embed mode is closed loop only (use --concurrency)";
        }

        var ids = options.ModelIds;
        if (ids.Any(id => id.Length == 0))
        {
            return $"--model: empty model id in '{options.Model}'";
        }

        return ids.GroupBy(id => id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? $"--model: '{twice.Key}' appears twice"
            : null;
    }

    private static LoadGenMode ParseMode(string value) => value.Trim().ToUpperInvariant() switch
    {
        "GENERATE" => LoadGenMode.Generate,
        "EMBED" => LoadGenMode.Embed,
        _ => throw new FormatException($"unknown mode '{value}' (generate or embed)"),
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
