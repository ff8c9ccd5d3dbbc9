using System.Globalization;

namespace Appliance.Server.Hosting;

/// <summary>
/// <c>Appliance.Server --check-config</c> (run by <c>appliancectl config check</c> and by the bundle's
/// upgrade before it switches versions): composes the server exactly as a start does, with the same
/// configuration sources, then runs every <see cref="IConfigurationCheck"/> and prints each problem on one
/// line, without listening, loading a model or writing anything. Exit code 0 when all pass, else
/// <see cref="StartupFailure.ConfigurationExitCode"/>, the code a start with this configuration would end with.
/// </summary>
public static class ConfigurationCheckRun
{
    /// <summary>The server's command-line switch for this mode.</summary>
    public const string Argument = "--check-config";

    /// <summary>Checks the configuration <paramref name="args"/> (and the environment) give; <paramref name="configure"/> is for tests.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        WebApplication app;
        try
        {
            app = ApplianceApp.Create(args, builder =>
            {
                // Nothing of a normal start on the console: the report below is the whole output.
                builder.Logging.ClearProviders();
                configure?.Invoke(builder);
            });
        }
        catch (Exception ex) when (StartupFailure.Problems(ex) is { } problems)
        {
            // A settings file that does not parse stops the server before any other check can run.
            Report(output, "settings files", problems);
            return Summary(output, problems.Count);
        }

        await using (app)
        {
            // The settings first: the other checks read options that would throw the settings' problems again.
            var settings = new SettingsCheck();
            var settingsProblems = settings.Problems(app.Services);
            Report(output, settings.Name, settingsProblems);
            var total = settingsProblems.Count;
            foreach (var check in app.Services.GetServices<IConfigurationCheck>().Where(c => c is not SettingsCheck))
            {
                if (settingsProblems.Count > 0)
                {
                    output.WriteLine($"skipped {check.Name}: fix the settings first");
                    continue;
                }

                var problems = check.Problems(app.Services);
                Report(output, check.Name, problems);
                total += problems.Count;
            }

            return Summary(output, total);
        }
    }

    private static void Report(TextWriter output, string name, IReadOnlyList<string> problems)
    {
        if (problems.Count == 0)
        {
            output.WriteLine($"ok      {name}");
            return;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"FAILED  {name}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}"));
        foreach (var problem in problems)
        {
            output.WriteLine($"  - {problem}");
        }
    }

    private static int Summary(TextWriter output, int problems)
    {
        if (problems == 0)
        {
            output.WriteLine("configuration OK: the server would start with it");
            return 0;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"configuration NOT OK: {problems} problem{(problems == 1 ? "" : "s")}; the server would not start (or a model would fail) with it"));
        return StartupFailure.ConfigurationExitCode;
    }
}
