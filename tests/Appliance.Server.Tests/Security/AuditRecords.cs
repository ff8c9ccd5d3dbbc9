using Appliance.Cli.Commands;
using Appliance.Core.Audit;

namespace Appliance.Server.Tests.Security;

/// <summary>Reads a live server's audit folder.</summary>
internal static class AuditRecords
{
    public static async Task<List<AuditRecord>> ReadAsync(string directory)
    {
        var records = new List<AuditRecord>();
        foreach (var file in TestAuditChain.Files(directory))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync() is { } line)
            {
                if (AuditChain.TryParse(line, out _) is { } record)
                {
                    records.Add(record);
                }
            }
        }

        return records;
    }

    /// <summary>The whole lines of a live server's audit files, in chain order (a line the writer is still writing is not a record yet).</summary>
    public static List<string> WholeLines(string directory) => TestAuditChain.Files(directory).SelectMany(WholeLinesOf).ToList();

    /// <summary>Runs <c>appliancectl audit verify FILE</c> in-process: its exit code, and its report when it failed.</summary>
    public static async Task<(int Code, string Report)> VerifyAsync(string file)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await new AuditVerifyCommand(new CommandContext(output, errors, TimeProvider.System, string.Empty))
            .RunAsync([file], CancellationToken.None).Within();
        return (code, code == ExitCodes.Success ? "" : output.ToString());
    }

    private static IEnumerable<string> WholeLinesOf(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var whole = text[..(text.LastIndexOf('\n') + 1)];
        return whole.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The end record of the call with <paramref name="clientRequestId"/>, once the writer has flushed it (10 s at most).</summary>
    public static Task<AuditRecord> WaitForEndAsync(string directory, string clientRequestId) =>
        Bounded.ObjectAsync(
            async _ => (await ReadAsync(directory)).LastOrDefault(r => r.Event == "end" && r.ClientRequestId == clientRequestId),
            $"the end record of {clientRequestId}",
            interval: TimeSpan.FromMilliseconds(100));
}
