using System.Globalization;
using Appliance.Catalog.Gguf;
using Appliance.Cli.Formatting;
using Appliance.Core.Models;

namespace Appliance.Cli.Commands;

/// <summary>How <c>models add</c> stages a GGUF file (llama.cpp: text generation or embeddings).</summary>
internal static class GgufStaging
{
    /// <summary>
    /// The most context a new manifest gets. The engine reserves KV cache for
    /// context_length x max_sequences tokens, so a model's full trained context (32768 for
    /// Qwen2.5) would cost 4x the KV memory of 8192, which holds most discharge summaries.
    /// </summary>
    public const int DefaultContextCap = 8192;

    /// <summary>The smallest context_length a manifest allows.</summary>
    private const int MinimumContext = 16;

    /// <exception cref="StagingRefusedException">An option does not fit a GGUF file, or the file's context is unusable.</exception>
    public static StagingPlan Plan(GgufModelSummary model, ModelsAddOptions options, long fileBytes)
    {
        if (options.Vocabulary is not null)
        {
            throw new StagingRefusedException("--vocabulary: is only for ONNX embedding models; a GGUF file carries its own tokenizer");
        }

        if (options.Kind == ModelKind.Tensor)
        {
            throw new StagingRefusedException(
                "--kind: tensor models run on ONNX Runtime and need an ONNX file, but FILE is GGUF (use text-generation or embedding)");
        }

        if (model.SplitCount > 1)
        {
            var parts = model.SplitCount.ToString(CultureInfo.InvariantCulture);
            throw new StagingRefusedException(
                $"FILE: is one part of a model split into {parts} files (split.count), and a manifest pins one file: "
                + "merge the parts first (llama-gguf-split --merge FIRST-PART merged.gguf), then stage the merged file");
        }

        var arch = model.Architecture ?? "(no general.architecture)";
        var kind = options.Kind ?? (model.IsEmbeddingModel ? ModelKind.Embedding : ModelKind.TextGeneration);
        var kindReason = options.Kind is not null ? "as --kind says"
            : model.IsEmbeddingModel ? $"{arch} is an embedding model"
            : "the default for GGUF; --kind embedding for an embedding model";
        var (context, contextReason) = Context(model);
        var findings = new List<(string, string)>
        {
            ("format", $"GGUF v{model.Version}, {model.TensorCount} tensors, {Quantities.Bytes(fileBytes)}"),
            ("architecture", arch),
            ("name", model.Name ?? "(no general.name)"),
            ("parameters", $"{Quantities.Count(model.ParameterCount)} ({model.ParameterCount.ToString(CultureInfo.InvariantCulture)})"),
            ("quantization", $"{model.Quantization ?? "unknown"} ({model.QuantizationSource})"),
            ("context", contextReason),
            ("kind", $"{Name(kind)} ({kindReason})"),
        };
        var warnings = new List<string>();
        var pooling = EmbeddingPooling.Mean;
        if (kind == ModelKind.TextGeneration)
        {
            findings.Add(("chat template", model.HasChatTemplate
                ? "embedded (tokenizer.chat_template): chat requests use it"
                : "none in the file"));
            findings.Add(("reasoning", model.Reasoning is { } markers
                ? $"{markers.Start}…{markers.End} (the chat template is a reasoning model's): the manifest declares the markers, so the reasoning is kept out of answers"
                : "none (no <think> in the chat template)"));
            AddKvCache(findings, model, context, fileBytes);
            if (!model.HasChatTemplate)
            {
                warnings.Add("the file carries no chat template (tokenizer.chat_template): chat requests (messages) are refused "
                    + "until the manifest sets chat_template; raw prompts work");
            }

            if (model.IsEmbeddingModel)
            {
                warnings.Add($"{arch} is an embedding model: text generation from it will not work (leave out --kind)");
            }
        }
        else
        {
            pooling = model.Pooling ?? EmbeddingPooling.Mean;
            findings.Add(("pooling", PoolingReason(model, arch, pooling)));
            if (model.PoolingType is { } declared && model.Pooling is null)
            {
                warnings.Add($"{arch}.pooling_type is {declared} (0 none, 3 last, 4 rank); the server pools only mean or cls "
                    + "and fails a model that llama.cpp pools otherwise");
            }
        }

        findings.Add(("gpu_layers", "0: runs on the CPU; set -1 in the manifest to offload every layer to the GPU"));
        findings.Add(("license", model.License ?? "not in the file: check the model card and add \"license\" to the manifest"));
        return new StagingPlan
        {
            Format = ModelFormat.Gguf,
            Kind = kind,
            ContextLength = context,
            Quantization = model.Quantization,
            Pooling = pooling,
            Reasoning = kind == ModelKind.TextGeneration ? model.Reasoning : null,
            License = model.License,
            Source = model.Source,
            Description = $"{model.Name ?? arch} ({arch}, {Quantities.Count(model.ParameterCount)} parameters, "
                + $"{model.Quantization ?? "unknown quantisation"}); staged with appliancectl models add.",
            Findings = findings,
            Warnings = warnings,
        };
    }

    private static (int Context, string Reason) Context(GgufModelSummary model)
    {
        if (model.TrainedContextLength is not { } trained)
        {
            return (DefaultContextCap, $"the file does not say its trained context; context_length {DefaultContextCap}: check the model card");
        }

        if (trained < MinimumContext)
        {
            throw new StagingRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"FILE: its trained context ({model.Architecture}.context_length) is {trained} tokens, below the {MinimumContext} a manifest allows"));
        }

        return trained <= DefaultContextCap
            ? ((int)trained, $"trained for {trained} tokens; context_length {trained}")
            : (DefaultContextCap, $"trained for {trained} tokens; context_length {DefaultContextCap} (the KV cache is reserved for "
                + "context_length x max_sequences tokens: raise it in the manifest if documents need more)");
    }

    private static void AddKvCache(List<(string, string)> findings, GgufModelSummary model, int context, long fileBytes)
    {
        if (model.KvBytesPerToken is not { } perToken)
        {
            findings.Add(("kv cache", "unknown (the file lacks the attention sizes)"));
            return;
        }

        const int Sequences = 4; // the manifest default of max_sequences
        var total = perToken * context * Sequences;
        findings.Add(("kv cache", $"{Quantities.Bytes(perToken)} per token (f16); context_length {context} x max_sequences {Sequences} = "
            + $"{Quantities.Bytes(total)}, plus {Quantities.Bytes(fileBytes)} of weights"));
    }

    private static string PoolingReason(GgufModelSummary model, string arch, EmbeddingPooling pooling) => model.Pooling is not null
        ? $"{Name(pooling)} ({arch}.pooling_type {model.PoolingType})"
        : $"{Name(pooling)} (the file names none the server has; cls suits BERT-style models such as bge: change \"pooling\")";

    internal static string Name(ModelKind kind) => kind switch
    {
        ModelKind.TextGeneration => "text-generation",
        ModelKind.Embedding => "embedding",
        _ => "tensor",
    };

    internal static string Name(EmbeddingPooling pooling) => pooling == EmbeddingPooling.Cls ? "cls" : "mean";
}
