using System.Diagnostics;
using Appliance.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Tests.Hosting;

/// <summary>
/// Configuration mistakes at start (issue 13, items 7, 8 and 10): a misspelt key in any section the
/// server binds, a value outside the allowed ones and a bad clients file stop the start naming the
/// key (with a did-you-mean) or the file; the real server process then exits with code 1 and writes
/// the message alone on stderr, without a .NET stack trace.
/// </summary>
public sealed class StartupConfigurationErrorTests
{
    private static string NoModels() => Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string, string, string> MisspeltKeys() => new()
    {
        { "Appliance:Security:ClientCertificateMod", "Allow", "Appliance:Security:ClientCertificateMod: unknown key (did you mean Appliance:Security:Tls:ClientCertificateMode?)" },
        { "Appliance:Server:EnableReflecton", "true", "Appliance:Server:EnableReflecton: unknown key (did you mean Appliance:Server:EnableReflection?)" },
        { "Appliance:Scheduler:MaxWaitingRequest", "8", "Appliance:Scheduler:MaxWaitingRequest: unknown key (did you mean Appliance:Scheduler:MaxWaitingRequests?)" },
        { "Appliance:Llama:Thread", "2", "Appliance:Llama:Thread: unknown key (did you mean Appliance:Llama:Threads?)" },
        { "Appliance:Models:DemoModels", "false", "Appliance:Models:DemoModels: unknown key (did you mean Appliance:Models:DemoModel?)" },
        { "Appliance:Metrics:Prot", "0", "Appliance:Metrics:Prot: unknown key (did you mean Appliance:Metrics:Port?)" },
        { "Appliance:Audit:Directry", "/tmp", "Appliance:Audit:Directry: unknown key (did you mean Appliance:Audit:Directory?)" },
        { "Appliance:Secruity:AllowAnonymous", "true", "Appliance:Secruity: unknown section (did you mean Appliance:Security?)" },
        { "Appliance:Clients:his:AllowedMethds:0", "Embed", "Appliance:Clients:his:AllowedMethds: unknown key (did you mean Appliance:Clients:his:AllowedMethods?)" },
    };

    [Theory]
    [MemberData(nameof(MisspeltKeys))]
    public async Task Start_MisspeltKey_FailsNamingItWithASuggestion(string key, string value, string expected)
    {
        await using var app = TestServer.Create("Testing", Settings((key, value)));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains(expected, StartupFailure.Describe(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Appliance:Clients:his:PriorityCeiling", "Emergency", "Appliance:Clients:his:PriorityCeiling: \"Emergency\" is not allowed; use Normal, Urgent or Batch")]
    [InlineData("Appliance:Security:Tls:ClientCertificateMode", "Required", "Appliance:Security:Tls:ClientCertificateMode: \"Required\" is not allowed; use Require or Allow")]
    [InlineData("Appliance:Scheduler:DrainTimeout", "30s", "Appliance:Scheduler:DrainTimeout: \"30s\" is not a time span")]
    public async Task Start_ValueNotAllowed_FailsNamingKeyAndAllowedValues(string key, string value, string expected)
    {
        await using var app = TestServer.Create("Testing", Settings((key, value)));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProcess_ConfigurationErrors_ExitCode1_MessageAloneOnStderr()
    {
        using var folder = new TempFolder("appliance-config");
        File.WriteAllText(folder.Combine("clients.json"), "{ \"Appliance\": { \"Clients\": { \"his\": { \"AllowedModels\": [ \"*\" ],, } } } }");

        var (exitCode, stdout, stderr) = await RunServerAsync(folder.Path, ("Appliance__Security__ClientCertificateMod", "Allow"), ("Appliance__Llama__Threads", "0"));

        Assert.True(exitCode == 1, $"exit code {exitCode}\n{stderr}");
        // Every problem at once, the clients file's included (issue 21: it used to surface only after the others were fixed).
        Assert.StartsWith("Appliance did not start: the configuration has 3 problems", stderr, StringComparison.Ordinal);
        Assert.Contains($"{folder.Combine("clients.json")}: malformed JSON at line 1, position ", stderr, StringComparison.Ordinal);
        Assert.Contains("Appliance:Security:ClientCertificateMod: unknown key (did you mean Appliance:Security:Tls:ClientCertificateMode?)", stderr, StringComparison.Ordinal);
        Assert.Contains("Appliance:Llama:Threads must be > 0", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr + stdout, StringComparison.Ordinal);

        // Those fixed, the clients file's problem remains.
        (exitCode, _, stderr) = await RunServerAsync(folder.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains($"{folder.Combine("clients.json")}: malformed JSON at line 1, position ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProcess_PortAlreadyInUse_ExitCode1_NamesTheAddressAndTheKey()
    {
        using var folder = new TempFolder("appliance-config");
        using var occupied = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port;

        var (exitCode, _, stderr) = await RunServerAsync(
            folder.Path, ("Kestrel__Endpoints__Grpc__Url", $"http://127.0.0.1:{port}"), ("Appliance__Models__DemoModel", "false"));

        Assert.True(exitCode == 1, $"exit code {exitCode}\n{stderr}");
        Assert.Contains($"127.0.0.1:{port}", stderr, StringComparison.Ordinal);
        Assert.Contains("address already in use: another process listens there", stderr, StringComparison.Ordinal);
        Assert.Contains("Kestrel:Endpoints:Grpc:Url", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // (the host's own log line, on stdout, keeps its stack: not a configuration error)
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] values)
    {
        var settings = new Dictionary<string, string?> { ["Appliance:Models:ManifestDirectories:0"] = NoModels() };
        foreach (var (key, value) in values)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Runs the built server (Appliance.Server.dll beside the tests) with its site configuration in <paramref name="configDirectory"/>.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunServerAsync(string configDirectory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Appliance.Server.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment[ApplianceApp.ConfigDirectoryVariable] = configDirectory;
        start.Environment["Appliance__Models__ManifestDirectories__0"] = NoModels();
        start.Environment["Appliance__Models__EmbeddingModel"] = "false";
        start.Environment["Appliance__Metrics__Port"] = "0";
        start.Environment["Appliance__Security__AllowAnonymous"] = "true";
        start.Environment["Appliance__Security__AllowLoopbackPlaintext"] = "true";
        start.Environment["Appliance__Audit__Directory"] = Path.Combine(configDirectory, "audit");
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().Within(Bounded.StartTimeout);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
