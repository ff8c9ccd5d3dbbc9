using System.Diagnostics;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>appliancectl config check</c>: runs the server program in its check mode (<c>Appliance.Server --check-config</c>),
/// which composes the server as a start does and runs its own start-up validation (settings shape and
/// validators, clients.json, TLS files, model manifests, and whatever checks later features register),
/// then exits without listening. Running the server's code rather than a copy of its validators keeps the
/// verdict exactly the server's; and before an upgrade the NEW version's program judges the box's configuration.
/// </summary>
internal sealed class ConfigCheckCommand(CommandContext context)
{
    public const string ConfigDirectoryVariable = "APPLIANCE_CONFIG_DIR";
    public const string ServerBinaryVariable = "APPLIANCE_SERVER_BINARY";
    public const string InstalledServer = "/opt/appliance/current/bin/server/Appliance.Server";
    private const string CheckArgument = "--check-config";

    public async Task<int> RunAsync(string? configDirectory, string? serverBinary, CancellationToken cancellationToken)
    {
        var binary = serverBinary ?? Environment.GetEnvironmentVariable(ServerBinaryVariable) ?? FindServer();
        if (binary is null || !File.Exists(binary))
        {
            context.Error.WriteLine(binary is null
                ? $"error: no server program found beside appliancectl or at {InstalledServer}"
                : $"error: --server-binary: file {binary} not found");
            context.Error.WriteLine($"hint: give the server program with --server-binary PATH (or ${ServerBinaryVariable}); in a bundle it is bin/server/Appliance.Server");
            return ExitCodes.InvalidArgument;
        }

        var start = new ProcessStartInfo(Path.GetFullPath(binary))
        {
            // The content root: the shipped appsettings*.json are read from there, as the unit's WorkingDirectory does.
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(binary))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CheckArgument);
        if (configDirectory is not null)
        {
            start.Environment[ConfigDirectoryVariable] = Path.GetFullPath(configDirectory);
        }

        // The installed unit's profile, unless the caller chose one.
        start.Environment.TryAdd("ASPNETCORE_ENVIRONMENT", "Production");
        start.Environment["ORT_DISABLE_TELEMETRY"] = "1";

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"{binary} did not start");
        var output = CopyAsync(process.StandardOutput, context.Output, cancellationToken);
        var error = CopyAsync(process.StandardError, context.Error, cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(output, error);
        return process.ExitCode switch
        {
            0 => ExitCodes.Success,
            1 => ExitCodes.Failure,
            var other => Unexpected(binary, other),
        };
    }

    private int Unexpected(string binary, int code)
    {
        context.Error.WriteLine($"error: {binary} {CheckArgument} ended with exit code {code}; is it an Appliance server of this version or later?");
        return ExitCodes.InvalidArgument;
    }

    /// <summary>The server of the bundle this appliancectl came with (bin/cli/appliancectl -> bin/server/Appliance.Server), else the installed one.</summary>
    private static string? FindServer()
    {
        var beside = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "server", "Appliance.Server"));
        return File.Exists(beside) ? beside : File.Exists(InstalledServer) ? InstalledServer : null;
    }

    private static async Task CopyAsync(StreamReader from, TextWriter to, CancellationToken cancellationToken)
    {
        while (await from.ReadLineAsync(cancellationToken) is { } line)
        {
            await to.WriteLineAsync(line);
        }
    }
}
