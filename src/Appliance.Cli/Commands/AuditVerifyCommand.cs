using System.Globalization;
using Appliance.Core.Audit;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>audit verify FILE... [--expect-head SEQ:HASH]... [--anchors FILE]...</c>: checks the hash chain
/// of audit files (in the order given, as one chain) on the box or off it, without the server, and
/// that nothing is missing at either end: the log starts at sequence 1 or where a retention
/// checkpoint says, and reaches every anchor recorded off the box. Exit 0 only if all holds.
/// </summary>
public sealed class AuditVerifyCommand
{
    private readonly CommandContext _context;

    public AuditVerifyCommand(CommandContext context)
    {
        _context = context;
    }

    /// <summary>Verifies <paramref name="files"/> with no anchors.</summary>
    public Task<int> RunAsync(IReadOnlyList<string> files, CancellationToken cancellationToken) =>
        RunAsync(files, [], [], cancellationToken);

    /// <summary>Verifies <paramref name="files"/> against the anchors given as <c>SEQ:HASH</c> and in anchor files.</summary>
    public async Task<int> RunAsync(
        IReadOnlyList<string> files, IReadOnlyList<string> expectHeads, IReadOnlyList<string> anchorFiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(expectHeads);
        ArgumentNullException.ThrowIfNull(anchorFiles);
        var missing = files.Concat(anchorFiles).Where(f => !File.Exists(f)).ToList();
        if (files.Count == 0 || missing.Count > 0)
        {
            await _context.Error.WriteLineAsync(files.Count == 0 ? "no audit files given" : $"not found: {string.Join(", ", missing)}");
            return ExitCodes.NotFound;
        }

        var (anchors, problem) = await AuditAnchorFile.ReadAsync(expectHeads, anchorFiles, cancellationToken);
        if (problem is not null)
        {
            await _context.Error.WriteLineAsync(problem);
            return ExitCodes.InvalidArgument;
        }

        var result = await AuditChainVerifier.VerifyAsync(files, anchors, cancellationToken);
        foreach (var note in result.Notes)
        {
            await _context.Error.WriteLineAsync($"note: {note}");
        }

        if (result.Failure is { } failure)
        {
            await _context.Output.WriteLineAsync($"FAIL  {failure}");
            await _context.Output.WriteLineAsync($"      {result.Records} record(s) verified");
            return ExitCodes.Failure;
        }

        await _context.Output.WriteLineAsync(Summary(result, files.Count));
        if (result.Retention is { } retention)
        {
            await _context.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"      records before {retention.FirstKept} removed by retention at {retention.RemovedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (checkpoint: record {retention.Checkpoint})"));
        }

        if (result.AnchorsChecked > 0)
        {
            await _context.Output.WriteLineAsync($"      reaches all {result.AnchorsChecked} anchor(s) given");
        }

        return ExitCodes.Success;
    }

    private static string Summary(AuditVerifyResult result, int files) =>
        result is { First: { } first, Head: { } head }
            ? string.Create(CultureInfo.InvariantCulture, $"OK    {result.Records} record(s) in {files} file(s), sequence {first} to {head.Sequence}; head {head}")
            : $"OK    {result.Records} record(s) in {files} file(s)";
}
