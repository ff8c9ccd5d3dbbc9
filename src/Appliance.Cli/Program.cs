using System.CommandLine;
using Appliance.Cli.CommandLine;

// appliancectl: the command tree is in CommandLine/RootCommandLine.cs; each command's work lives in Commands/.
var root = RootCommandLine.Create();

// Ctrl+C / SIGTERM cancel the action's token; a command that has not returned 2 s later is ended
// with 130 / 143. (System.CommandLine 2.0 leaves signals alone unless this is set.)
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(2) };
return await root.Parse(args).InvokeAsync(invocation);
