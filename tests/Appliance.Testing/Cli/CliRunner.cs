using System.CommandLine;
using Appliance.Cli.CommandLine;

namespace Appliance.Testing.Cli;

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
        // Cancelled after StartTimeout (a command that waits for a model, such as health --wait 120); the await fails a little later still.
        using var timeout = new CancellationTokenSource(Bounded.StartTimeout);
        var invocation = new InvocationConfiguration
        {
            Output = _out,
            Error = _err,
            // Let a bug surface as the test's exception, and leave the test host's signals alone.
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await RootCommandLine.Create().Parse(args).InvokeAsync(invocation, timeout.Token).Within(Bounded.StartTimeout + TimeSpan.FromSeconds(30));
    }
}
