using Appliance.Core.Errors;
using Appliance.Core.Inference;
using Appliance.Core.Models;
using Microsoft.Extensions.Logging;
using Microsoft.ML.Tokenizers;

namespace Appliance.Engines.Onnx;

/// <summary>Loads BERT-style ONNX embedding models (for example all-MiniLM-L6-v2) with their WordPiece vocabulary.</summary>
public sealed class OnnxEmbeddingEngineLoader : IEmbeddingEngineLoader
{
    /// <summary>[CLS], at least one token, [SEP].</summary>
    private const int FewestTokens = 3;

    private readonly OnnxSessionFactory _sessions;
    private readonly ILogger<OnnxEmbeddingEngineLoader> _logger;

    /// <summary>Creates the loader.</summary>
    public OnnxEmbeddingEngineLoader(OnnxSessionFactory sessions, ILogger<OnnxEmbeddingEngineLoader> logger)
    {
        _sessions = sessions;
        _logger = logger;
    }

    /// <inheritdoc />
    public ModelFormat Format => ModelFormat.Onnx;

    /// <inheritdoc />
    public async Task<IEmbeddingEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Format != ModelFormat.Onnx)
        {
            throw new ArgumentException($"model '{manifest.Id}' is {manifest.Format}, not ONNX", nameof(manifest));
        }

        if (string.IsNullOrWhiteSpace(manifest.VocabularyPath))
        {
            throw new ModelUnavailableException(manifest.Id, "an ONNX embedding model needs its WordPiece vocabulary (manifest key 'vocabulary', e.g. vocab.txt)");
        }

        if (manifest.ContextLength < FewestTokens)
        {
            throw new ModelUnavailableException(manifest.Id, $"context_length {manifest.ContextLength} leaves no room for text between [CLS] and [SEP]");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var tokenizer = await CreateTokenizerAsync(manifest, cancellationToken);

        return await _sessions.CreateEngineAsync(
            manifest,
            session =>
            {
                var layout = EmbeddingModelLayout.Read(session.Session, manifest);
                var pooling = layout.OutputIsPooled ? "by the model" : manifest.Pooling.ToString().ToLowerInvariant();
                OnnxLog.EmbeddingModelLoaded(_logger, manifest.Id, layout.Dimension, manifest.ContextLength, pooling, session.Backend);
                return new OnnxEmbeddingEngine(session, tokenizer, layout, manifest);
            },
            cancellationToken);
    }

    /// <summary>
    /// Uncased vocabularies (lowercase true) also strip accents, as BERT's uncased tokenizer does:
    /// "Café" becomes "cafe", not [UNK].
    /// </summary>
    private static async Task<BertTokenizer> CreateTokenizerAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        var options = new BertOptions
        {
            LowerCaseBeforeTokenization = manifest.LowerCase,
            RemoveNonSpacingMarks = manifest.LowerCase,

            // Embedding texts are plain text: "[SEP]" written in a text is the five characters, not the separator token.
            SplitOnSpecialTokens = false,
        };
        try
        {
            return await BertTokenizer.CreateAsync(manifest.VocabularyPath!, options, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            throw new ModelUnavailableException(manifest.Id, $"the vocabulary '{manifest.VocabularyPath}' cannot be read: {ex.Message}");
        }
    }
}
