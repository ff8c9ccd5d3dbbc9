using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// The checks that span keys: what is required, and which keys a model's kind and format
/// allow. A key whose value is already in error gets no second error here, so each key is
/// reported once. <see cref="ManifestWriter"/> uses the same predicates to decide what to write.
/// </summary>
internal static class ManifestRules
{
    private const string OnlyOnnx = "(only for \"onnx\")";
    private const string TokenizerInGguf = "(the GGUF file carries its own tokenizer)";

    private static readonly string[] AlwaysRequired =
        [ManifestKeys.Id, ManifestKeys.Kind, ManifestKeys.Format, ManifestKeys.File, ManifestKeys.Sha256];

    /// <summary>gpu_layers, max_sequences, batch_tokens, chat_template: llama.cpp settings.</summary>
    public static bool UsesGgufSettings(ModelFormat format) => format == ModelFormat.Gguf;

    /// <summary>execution_provider, device_id, cpu_fallback, intra_op_threads, graph_optimization.</summary>
    public static bool UsesOnnxSettings(ModelFormat format) => format == ModelFormat.Onnx;

    /// <summary>max_batch_size, max_queue_delay_ms: the request batcher in front of one-shot models.</summary>
    public static bool UsesBatching(ModelKind kind) => kind is ModelKind.Embedding or ModelKind.Tensor;

    /// <summary>pooling.</summary>
    public static bool UsesPooling(ModelKind kind) => kind == ModelKind.Embedding;

    /// <summary>vocabulary, vocabulary_sha256, lowercase: the WordPiece tokenizer in front of an ONNX text model.</summary>
    public static bool UsesVocabulary(ModelKind kind, ModelFormat format) =>
        kind == ModelKind.Embedding && format == ModelFormat.Onnx;

    /// <summary>Adds every cross-key problem of <paramref name="draft"/> to <paramref name="reader"/>.</summary>
    /// <param name="draft">The values read; null for absent, JSON null or invalid.</param>
    /// <param name="seen">Keys present in the file (null values included).</param>
    /// <param name="reader">Collects the errors; it already holds the per-key ones.</param>
    public static void Check(ManifestDraft draft, IReadOnlySet<string> seen, ManifestValueReader reader)
    {
        foreach (var key in AlwaysRequired)
        {
            if (!seen.Contains(key))
            {
                reader.Add(key, "is required");
            }
        }

        if (draft.Format is { } format)
        {
            CheckFormat(draft, format, reader);
        }

        if (draft.Kind is { } kind)
        {
            CheckKind(draft, kind, reader);
            if (draft.Format is { } known)
            {
                CheckKindAndFormat(draft, kind, known, reader);
            }
        }

        CheckVocabularyPair(draft, reader);
    }

    private static void CheckFormat(ManifestDraft draft, ModelFormat format, ManifestValueReader reader)
    {
        if (format == ModelFormat.Gguf)
        {
            // A null context_length reads as absent; an invalid one already has its own error.
            RequireUnlessInError(reader, ManifestKeys.ContextLength, draft.ContextLength is not null, "is required for format \"gguf\"");
        }

        var notFor = $"is not allowed for format \"{ManifestNames.Of(format)}\"";
        if (!UsesOnnxSettings(format))
        {
            Refuse(reader, ManifestKeys.ExecutionProvider, draft.ExecutionProvider is not null, $"{notFor} {OnlyOnnx}");
            Refuse(reader, ManifestKeys.DeviceId, draft.DeviceId is not null, $"{notFor} {OnlyOnnx}");
            Refuse(reader, ManifestKeys.CpuFallback, draft.CpuFallback is not null, $"{notFor} {OnlyOnnx}");
            Refuse(reader, ManifestKeys.IntraOpThreads, draft.IntraOpThreads is not null, $"{notFor} {OnlyOnnx}");
            Refuse(reader, ManifestKeys.GraphOptimization, draft.GraphOptimization is not null, $"{notFor} {OnlyOnnx}");
            Refuse(reader, ManifestKeys.Vocabulary, draft.VocabularyPath is not null, $"{notFor} {TokenizerInGguf}");
            Refuse(reader, ManifestKeys.VocabularySha256, draft.VocabularySha256 is not null, $"{notFor} {TokenizerInGguf}");
            Refuse(reader, ManifestKeys.LowerCase, draft.LowerCase is not null, $"{notFor} {TokenizerInGguf}");
        }
    }

    private static void CheckKind(ManifestDraft draft, ModelKind kind, ManifestValueReader reader)
    {
        var notFor = $"is not allowed for kind \"{ManifestNames.Of(kind)}\"";
        if (!UsesBatching(kind))
        {
            const string Batching = "(only for \"embedding\" and \"tensor\"; text generation batches by max_sequences)";
            Refuse(reader, ManifestKeys.MaxBatchSize, draft.MaxBatchSize is not null, $"{notFor} {Batching}");
            Refuse(reader, ManifestKeys.MaxQueueDelayMs, draft.MaxQueueDelay is not null, $"{notFor} {Batching}");
        }

        if (kind != ModelKind.TextGeneration)
        {
            Refuse(reader, ManifestKeys.Reasoning, draft.Reasoning is not null, $"{notFor} (only for \"text-generation\")");
        }

        if (!UsesPooling(kind))
        {
            Refuse(reader, ManifestKeys.Pooling, draft.Pooling is not null, $"{notFor} (only for \"embedding\")");
        }

        if (kind != ModelKind.Embedding)
        {
            const string Tokenizer = "(only for \"embedding\" with format \"onnx\")";
            Refuse(reader, ManifestKeys.Vocabulary, draft.VocabularyPath is not null, $"{notFor} {Tokenizer}");
            Refuse(reader, ManifestKeys.VocabularySha256, draft.VocabularySha256 is not null, $"{notFor} {Tokenizer}");
            Refuse(reader, ManifestKeys.LowerCase, draft.LowerCase is not null, $"{notFor} {Tokenizer}");
        }
    }

    private static void CheckKindAndFormat(ManifestDraft draft, ModelKind kind, ModelFormat format, ManifestValueReader reader)
    {
        if (ManifestNames.RequiredFormat(kind) is { } required && required != format)
        {
            reader.Add(
                ManifestKeys.Format,
                $"must be \"{ManifestNames.Of(required)}\" for kind \"{ManifestNames.Of(kind)}\" (got \"{ManifestNames.Of(format)}\")");
        }

        if (UsesVocabulary(kind, format))
        {
            const string ForOnnxEmbedding = "is required for kind \"embedding\" with format \"onnx\"";
            RequireUnlessInError(
                reader, ManifestKeys.ContextLength, draft.ContextLength is not null, $"{ForOnnxEmbedding} (the most tokens one text may have)");
            RequireUnlessInError(
                reader, ManifestKeys.Vocabulary, draft.VocabularyPath is not null, $"{ForOnnxEmbedding} (the WordPiece vocabulary, e.g. vocab.txt)");
        }
    }

    /// <summary>The vocabulary is pinned by its hash like the weights: one without the other is an error.</summary>
    private static void CheckVocabularyPair(ManifestDraft draft, ManifestValueReader reader)
    {
        if (reader.HasErrorFor(ManifestKeys.Vocabulary))
        {
            return;
        }

        if (draft.VocabularyPath is not null)
        {
            RequireUnlessInError(
                reader, ManifestKeys.VocabularySha256, draft.VocabularySha256 is not null, $"is required when \"{ManifestKeys.Vocabulary}\" is set");
        }
        else
        {
            Refuse(reader, ManifestKeys.VocabularySha256, draft.VocabularySha256 is not null, $"is set but \"{ManifestKeys.Vocabulary}\" is not");
        }
    }

    private static void RequireUnlessInError(ManifestValueReader reader, string key, bool isSet, string problem)
    {
        if (!isSet && !reader.HasErrorFor(key))
        {
            reader.Add(key, problem);
        }
    }

    private static void Refuse(ManifestValueReader reader, string key, bool isSet, string problem)
    {
        if (isSet && !reader.HasErrorFor(key))
        {
            reader.Add(key, problem);
        }
    }
}
