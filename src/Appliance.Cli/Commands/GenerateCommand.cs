using System.Globalization;
using Appliance.Cli.Formatting;
using Appliance.Contracts.V1;
using Grpc.Core;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>appliancectl generate</c>: streams the generated text to <see cref="CommandContext.Output"/> as it
/// arrives, then writes one summary line (finish reason, tokens, timings) to <see cref="CommandContext.Error"/>.
/// </summary>
public sealed class GenerateCommand
{
    private readonly CommandContext _context;

    public GenerateCommand(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <summary>Runs one Generate call and returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public async Task<int> RunAsync(
        Generation.GenerationClient client, GenerateOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);

        var request = GenerateRequestBuilder.Build(options);
        var progress = new GenerationProgress(_context.TimeProvider);
        try
        {
            var final = await StreamAsync(client, request, progress, cancellationToken);
            await EndOutputLineAsync(progress);
            if (final is null)
            {
                await _context.Error.WriteLineAsync("error: the stream ended without a final message");
                return ExitCodes.Failure;
            }

            await _context.Error.WriteLineAsync(FormatSummary(final, progress));
            return ToExitCode(final.FinishReason);
        }
        catch (Exception exception) when (ServerCall.IsCancellation(exception, cancellationToken))
        {
            await EndOutputLineAsync(progress);
            await _context.Error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (RpcException exception)
        {
            await EndOutputLineAsync(progress);
            return RpcErrorReporter.Report(exception, _context);
        }
    }

    private async Task<GenerationFinal?> StreamAsync(
        Generation.GenerationClient client,
        GenerateRequest request,
        GenerationProgress progress,
        CancellationToken cancellationToken)
    {
        using var call = client.Generate(request, cancellationToken: cancellationToken);
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            switch (response.EventCase)
            {
                case GenerateResponse.EventOneofCase.Piece:
                    if (response.Piece.Reasoning.Length > 0)
                    {
                        // Reasoning (asked for with --reasoning separate) goes to standard error, so
                        // standard output holds the answer alone.
                        await _context.Error.WriteAsync(response.Piece.Reasoning);
                    }

                    progress.OnPiece(response.Piece.Text);
                    await _context.Output.WriteAsync(response.Piece.Text);
                    await _context.Output.FlushAsync(cancellationToken);
                    break;
                case GenerateResponse.EventOneofCase.Final:
                    progress.OnFinal();
                    return response.Final;
                default:
                    // A newer server may send events this client does not know; skip them.
                    break;
            }
        }

        progress.OnFinal();
        return null;
    }

    /// <summary>
    /// Keeps standard output byte-exact for pipes: if the text did not end with a newline, the
    /// newline that keeps the summary on its own line goes to standard error instead.
    /// </summary>
    private async Task EndOutputLineAsync(GenerationProgress progress)
    {
        if (progress.HasText && !progress.EndsWithNewline)
        {
            await _context.Error.WriteLineAsync();
        }
    }

    private static string FormatSummary(GenerationFinal final, GenerationProgress progress)
    {
        var usage = final.Usage ?? new Usage();
        var total = progress.Total.TotalSeconds;
        var ttft = progress.TimeToFirstPiece?.TotalSeconds;
        var overallRate = total > 0 ? usage.CompletionTokens / total : 0;

        // The first token's time is in TTFT; the decode rate covers the tokens after it.
        var decodeSeconds = ttft is { } first ? total - first : 0;
        var decodeRate = decodeSeconds > 0 && usage.CompletionTokens > 1
            ? ((usage.CompletionTokens - 1) / decodeSeconds).ToString("F1", CultureInfo.InvariantCulture)
            : "-";

        var structured = final.Structured == Structured.Unspecified ? "" : " | structured " + ProtoNames.Of(final.Structured);
        var reasoning = usage.ReasoningTokens > 0 ? string.Create(CultureInfo.InvariantCulture, $", reasoning {usage.ReasoningTokens}") : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[finish: {ProtoNames.Of(final.FinishReason)} | prompt {usage.PromptTokens} tok (cached {usage.CachedPromptTokens})"
            + $" | completion {usage.CompletionTokens} tok{reasoning} | ttft {FormatSeconds(ttft)} | total {total:F3} s"
            + $" | {overallRate:F1} tok/s (decode {decodeRate})"
            + $" | server queue {final.Timings?.QueueSeconds ?? 0:F3} s{structured} | request {Dash(final.RequestId)}]");
    }

    private static string FormatSeconds(double? seconds) =>
        seconds is { } value ? value.ToString("F3", CultureInfo.InvariantCulture) + " s" : "-";

    private static string Dash(string value) => string.IsNullOrEmpty(value) ? "-" : value;

    private static int ToExitCode(FinishReason reason) => reason switch
    {
        FinishReason.Stop or FinishReason.Length => ExitCodes.Success,
        FinishReason.Cancelled => ExitCodes.Cancelled,
        _ => ExitCodes.Failure,
    };
}
