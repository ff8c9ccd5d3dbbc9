using System.Globalization;
using System.Text.Json;
using Appliance.Contracts.V1;

namespace Appliance.Cli.Commands;

/// <summary>
/// <c>appliancectl embed</c>: embeds texts and prints, per text, the vector's dimension, norm and
/// first values (or the whole vector as JSON), and for two or more texts their cosine
/// similarities: a quick check that a staged embedding model behaves.
/// </summary>
public sealed class EmbedCommand
{
    private const int Preview = 6;

    private readonly CommandContext _context;

    public EmbedCommand(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
    }

    /// <summary>Calls Embed and prints the result; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public async Task<int> RunAsync(Embeddings.EmbeddingsClient client, EmbedOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        var request = new EmbedRequest
        {
            ModelId = options.Model,
            Normalize = options.Normalize,
            Truncate = options.Truncate,
            Priority = options.Priority,
            Client = options.Client ?? string.Empty,
        };
        request.Texts.AddRange(options.Texts);

        var started = _context.TimeProvider.GetTimestamp();
        return await ServerCall.RunAsync(
            _context,
            () => client.EmbedAsync(request, cancellationToken: cancellationToken).ResponseAsync,
            response => PrintAsync(response, options, _context.TimeProvider.GetElapsedTime(started)),
            cancellationToken);
    }

    private async Task<int> PrintAsync(EmbedResponse response, EmbedOptions options, TimeSpan elapsed)
    {
        var vectors = response.Embeddings.Select(e => e.Values.ToArray()).ToList();
        for (var i = 0; i < vectors.Count; i++)
        {
            await _context.Output.WriteLineAsync(options.Json ? JsonSerializer.Serialize(vectors[i]) : Summary(i, vectors[i]));
        }

        if (!options.Json && vectors.Count > 1)
        {
            await WriteSimilaritiesAsync(vectors);
        }

        await _context.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{response.ModelId}: {vectors.Count} vector(s) of {response.Dimension}, {response.Usage.PromptTokens} tokens, {response.Usage.TruncatedTexts} truncated, {elapsed.TotalMilliseconds:F0} ms ({response.RequestId})"));
        return ExitCodes.Success;
    }

    private static string Summary(int index, float[] vector)
    {
        var norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        var head = string.Join(' ', vector.Take(Preview).Select(v => v.ToString("F4", CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture, $"[{index}] dim {vector.Length}, norm {norm:F4}: {head}{(vector.Length > Preview ? " ..." : "")}");
    }

    private async Task WriteSimilaritiesAsync(List<float[]> vectors)
    {
        await _context.Output.WriteLineAsync("cosine similarity:");
        for (var i = 0; i < vectors.Count; i++)
        {
            var row = vectors.Select(other => Cosine(vectors[i], other).ToString("F3", CultureInfo.InvariantCulture).PadLeft(7));
            await _context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"[{i}]{string.Concat(row)}"));
        }
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
