using System.CommandLine;
using Appliance.Cli.Commands;

namespace Appliance.Cli.CommandLine;

/// <summary>
/// The <see cref="CommandContext"/> of an invocation: its output and error writers (the console,
/// unless the caller of <c>InvokeAsync</c> set others, as the tests do) and the system clock.
/// </summary>
internal static class ConsoleContext
{
    public static CommandContext For(ParseResult parse, string serverAddress = "")
    {
        var invocation = parse.InvocationConfiguration;
        return new CommandContext(invocation.Output, invocation.Error, TimeProvider.System, serverAddress);
    }
}
