using System.CommandLine;
using Appliance.Cli.Commands;
using Appliance.Cli.Metrics;

namespace Appliance.Cli.CommandLine;

/// <summary><c>audit verify</c> (local files only; no server needed) and <c>audit head</c> (the server's metrics port).</summary>
internal static class AuditCommandLine
{
    public static Command Create()
    {
        var audit = new Command("audit", "The server's tamper-evident audit log.");
        audit.Subcommands.Add(CreateVerify());
        audit.Subcommands.Add(CreateHead());
        return audit;
    }

    private static Command CreateVerify()
    {
        var files = new Argument<string[]>("files")
        {
            Description = "Audit files (audit-YYYYMMDD-NNN.jsonl), oldest first: verified as one chain",
            Arity = ArgumentArity.OneOrMore,
        };
        var expectHead = new Option<string[]>("--expect-head")
        {
            Description = "An anchor SEQ:HASH recorded earlier (appliancectl audit head): the log must reach sequence SEQ, and its record there must have hash HASH. May be repeated",
            HelpName = "seq:hash",
            AllowMultipleArgumentsPerToken = false,
        };
        var anchors = new Option<string[]>("--anchors")
        {
            Description = "A file of such anchors, one per line (what a cron job appended; blank lines, '#' comments and text after the anchor are ignored). May be repeated",
            HelpName = "file",
        };
        var verify = new Command(
            "verify",
            "Check the hash chain of audit files: each record's hash, prev link and sequence number; that the log starts at sequence 1 "
            + "or where a retention checkpoint says; and that it reaches every anchor given. Exit 0 only when all holds, 1 when not.")
        {
            files,
            expectHead,
            anchors,
        };
        verify.SetAction(async (parse, cancellationToken) =>
            await new AuditVerifyCommand(ConsoleContext.For(parse)).RunAsync(
                parse.GetRequiredValue(files), parse.GetValue(expectHead) ?? [], parse.GetValue(anchors) ?? [], cancellationToken));
        return verify;
    }

    private static Command CreateHead()
    {
        var metrics = MetricsPortOptions.Address();
        var head = new Command(
            "head",
            "Print the server's audit chain head (the last record on disk) as SEQ:HASH, read from its metrics port. "
            + "Append it to a file off the box (cron), then give that file to 'audit verify --anchors'.")
        {
            metrics,
        };
        head.SetAction(async (parse, cancellationToken) =>
        {
            using var http = MetricsPortOptions.CreateHttpClient();
            var scraper = new MetricsScraper(http, parse.GetRequiredValue(metrics));
            return await new AuditHeadCommand(ConsoleContext.For(parse), scraper).RunAsync(cancellationToken);
        });
        return head;
    }
}
