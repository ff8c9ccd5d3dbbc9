using System.CommandLine;
using Appliance.Cli.Commands;

namespace Appliance.Cli.CommandLine;

/// <summary><c>audit</c> and its subcommands (local files only; no server needed).</summary>
internal static class AuditCommandLine
{
    public static Command Create()
    {
        var audit = new Command("audit", "The server's tamper-evident audit log.");
        audit.Subcommands.Add(CreateVerify());
        return audit;
    }

    private static Command CreateVerify()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Audit files (audit-YYYYMMDD-NNN.jsonl), oldest first: verified as one chain",
            Arity = ArgumentArity.OneOrMore,
        };
        var verify = new Command("verify", "Check the hash chain of audit files: each record's hash, prev link and sequence number.")
        {
            files,
        };
        verify.SetAction(async (parse, cancellationToken) =>
            await new AuditVerifyCommand(ConsoleContext.For(parse)).RunAsync(parse.GetRequiredValue(files), cancellationToken));
        return verify;
    }
}
