using Appliance.Core.Audit;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>audit verify FILE...</c>: checks the hash chain of audit files (in the order given, as one
/// chain) on the box, without the server. Exit 0 only if every record and link is intact.
/// </summary>
public sealed class AuditVerifyCommand
{
    private readonly CommandContext _context;

    public AuditVerifyCommand(CommandContext context)
    {
        _context = context;
    }

    public async Task<int> RunAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (files.Count == 0 || missing.Count > 0)
        {
            await _context.Error.WriteLineAsync(files.Count == 0 ? "no audit files given" : $"not found: {string.Join(", ", missing)}");
            return ExitCodes.NotFound;
        }

        var result = await AuditChainVerifier.VerifyAsync(files, cancellationToken);
        foreach (var note in result.Notes)
        {
            await _context.Error.WriteLineAsync($"note: {note}");
        }

        if (result.Failure is { } failure)
        {
            await _context.Output.WriteLineAsync($"FAIL  {failure}");
            await _context.Output.WriteLineAsync($"      {result.Records} record(s) before it verified");
            return ExitCodes.Failure;
        }

        await _context.Output.WriteLineAsync($"OK    {result.Records} record(s) in {files.Count} file(s)");
        return ExitCodes.Success;
    }
}
