namespace Appliance.PeerBench;

/// <summary>Prepares the model and prompts, runs the rounds (contestants in turn, their order reversed every other round), writes the report.</summary>
internal static class PeerRun
{
    public static async Task<int> RunAsync(PeerOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(options.Work);
        var manifests = Path.Combine(options.Work, "manifests");
        var model = await PeerModel.PrepareAsync(options, manifests, cancellationToken);
        var levels = Levels(options, model);
        var contestants = options.Contestants.Select(name => Create(name, options, model, manifests))
            .Concat(options.Variants.Select(v => new ApplianceContestant(options, ServerDll(options), manifests, PeerModel.Id, v.Name, v.Settings)))
            .ToArray();
        var runs = new List<LevelRun>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var order = round % 2 == 1 ? contestants : contestants.Reverse().ToArray();
            foreach (var contestant in order)
            {
                await error.WriteAsync($"round {round}/{options.Rounds}: {contestant.Name}... ");
                var result = await contestant.RunRoundAsync(round, levels, cancellationToken);
                runs.AddRange(result);
                await error.WriteLineAsync(string.Join(", ", result.Select(r => FormattableString.Invariant($"{r.Streams} streams {r.TokensPerSecond:F1} tok/s"))));
            }
        }

        var report = PeerReport.Render(options, model, runs);
        foreach (var appliance in contestants.OfType<ApplianceContestant>())
        {
            report = (report.Markdown + ProfileReport.Render(appliance.Name, appliance.Profiles, [.. runs.Where(r => r.Contestant == appliance.Name)]), report.Stamp);
        }

        await output.WriteLineAsync(report.Markdown);
        var charts = options.Charts ?? (options.Out is { } o ? Path.GetDirectoryName(Path.GetFullPath(o))! : options.Work);
        foreach (var chart in PeerReport.WriteCharts(runs, charts, report.Stamp))
        {
            await error.WriteLineAsync($"chart: {chart}");
        }

        if (options.Out is { } path)
        {
            await File.AppendAllTextAsync(path, report.Markdown + Environment.NewLine, cancellationToken);
            await error.WriteLineAsync($"appended to {Path.GetFullPath(path)}");
        }

        return 0;
    }

    private static List<LevelPrompts> Levels(PeerOptions options, string model)
    {
        // In a hospital mix the urgent streams leave the level's other requests to the others, and
        // get more short prompts than they can send before those are done (the loop stops them).
        var others = options.Streams.Select(s => (s - options.UrgentStreams) * options.RequestsPerStream).ToArray();
        var prompts = PeerPrompts.Build(model, others.Sum(), options.PromptTokens, options.SharedPrefixTokens);
        var urgentPerLevel = options.UrgentStreams * options.RequestsPerStream * 16;
        var urgent = options.UrgentStreams > 0 ? PeerPrompts.Build(model, urgentPerLevel * options.Streams.Count, options.UrgentPromptTokens, 0, "Urgent") : [];
        var levels = new List<LevelPrompts>();
        var used = 0;
        for (var l = 0; l < options.Streams.Count; l++)
        {
            levels.Add(new LevelPrompts(options.Streams[l], [.. prompts.Skip(used).Take(others[l])], [.. urgent.Skip(l * urgentPerLevel).Take(urgentPerLevel)], options.UrgentStreams));
            used += others[l];
        }

        return levels;
    }

    private static IContestant Create(string name, PeerOptions options, string model, string manifests) => name switch
    {
        "llama-server" => new LlamaServerContestant(options, model),
        "appliance" => new ApplianceContestant(options, ServerDll(options), manifests, PeerModel.Id),
        "raw" => new RawContestant(options, model),
        _ => throw new ArgumentException($"unknown contestant '{name}' (llama-server, appliance, raw)"),
    };

    /// <summary>The server to start: --appliance-server, else the repository's Release build, else its Debug build.</summary>
    private static string ServerDll(PeerOptions options)
    {
        if (options.ApplianceServer is { } given)
        {
            return Path.GetFullPath(given);
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Appliance.sln")))
        {
            directory = directory.Parent;
        }

        var candidates = new[] { "Release", "Debug" }
            .Select(c => Path.Combine(directory?.FullName ?? ".", "src", "Appliance.Server", "bin", c, "net10.0", "Appliance.Server.dll"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new ArgumentException("no Appliance.Server.dll found: build src/Appliance.Server (-c Release) or pass --appliance-server");
    }
}
