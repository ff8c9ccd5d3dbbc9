using System.CommandLine;

namespace Appliance.Cli.CommandLine;

/// <summary>Options every command accepts.</summary>
internal sealed class GlobalOptions
{
    public GlobalOptions()
    {
        Server = new Option<string>("--server")
        {
            Description = $"Address of the appliance server (or set ${ServerChannel.EnvironmentVariable})",
            HelpName = "url",
            Recursive = true,
            DefaultValueFactory = _ => ServerChannel.DefaultFromEnvironment(),
        };

        // Runs for the default value too, so a bad $APPLIANCE_SERVER is a parse error, not a crash.
        Server.Validators.Add(result =>
        {
            if (ServerChannel.Validate(result.GetValueOrDefault<string>()) is { } error)
            {
                var source = result.Implicit ? ServerChannel.EnvironmentVariable : "--server";
                result.AddError($"{source}: {error}");
            }
        });
    }

    public Option<string> Server { get; }
}
