using System.CommandLine;
using Appliance.Cli.CommandLine;

namespace Appliance.Server.Tests.Cli;

/// <summary>Runs appliancectl's whole command line (parsing, global options, credentials) in-process, capturing its output.</summary>
public sealed class CliRunner
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public string Output => _out.ToString();

    public string Error => _err.ToString();

    /// <summary>Everything written, both streams (for "never shows the key" checks).</summary>
    public string All => Output + Error;

    public async Task<int> RunAsync(params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var invocation = new InvocationConfiguration
        {
            Output = _out,
            Error = _err,
            // Let a bug surface as the test's exception, and leave the test host's signals alone.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await RootCommandLine.Create().Parse(args).InvokeAsync(invocation, timeout.Token).WaitAsync(TimeSpan.FromSeconds(150));
    }
}
