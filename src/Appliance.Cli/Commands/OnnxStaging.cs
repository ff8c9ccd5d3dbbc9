using System.Globalization;
using Appliance.Catalog.Onnx;
using Appliance.Cli.Formatting;
using Appliance.Core.Models;

namespace Appliance.Cli.Commands;

/// <summary>How <c>models add</c> stages an ONNX file (ONNX Runtime: tensor models, or embeddings with a vocabulary).</summary>
internal static class OnnxStaging
{
    /// <summary>BERT's position table; what an embedding model gets when the file does not say.</summary>
    private const int DefaultEmbeddingContext = 512;

    private const int MaxEmbeddingContext = GgufStaging.DefaultContextCap;

    private static readonly string[] EmbeddingInputs = ["input_ids", "attention_mask", "token_type_ids"];

    /// <exception cref="StagingRefusedException">An option does not fit an ONNX file.</exception>
    public static StagingPlan Plan(OnnxModelInfo model, ModelsAddOptions options, long fileBytes)
    {
        if (options.Kind == ModelKind.TextGeneration)
        {
            throw new StagingRefusedException(
                "--kind: text generation runs on llama.cpp and needs a GGUF file, but FILE is ONNX (use tensor, or embedding with --vocabulary)");
        }

        if (options.Kind == ModelKind.Embedding && options.Vocabulary is null)
        {
            throw new StagingRefusedException(
                "--vocabulary: is required for an ONNX embedding model (its WordPiece vocab.txt, which the server tokenizes with)");
        }

        if (options.Kind == ModelKind.Tensor && options.Vocabulary is not null)
        {
            throw new StagingRefusedException("--vocabulary: is only for embedding models; leave it out for --kind tensor");
        }

        var kind = options.Vocabulary is null ? ModelKind.Tensor : ModelKind.Embedding;
        var opsets = model.Opsets.Count == 0 ? "no opset" : "opset " + string.Join(", ", model.Opsets);
        var producer = model.ProducerName is null ? "unknown producer" : $"producer {model.ProducerName} {model.ProducerVersion}".TrimEnd();
        var findings = new List<(string, string)>
        {
            ("format", $"ONNX, IR version {model.IrVersion}, {opsets}, {producer}, {Quantities.Bytes(fileBytes)}"),
            ("graph", $"{model.GraphName ?? "(unnamed)"}, {model.InitializerCount} initializers"),
        };
        findings.AddRange(model.Inputs.Select(i => ("input", i.ToString())));
        findings.AddRange(model.Outputs.Select(o => ("output", o.ToString())));
        findings.Add(("kind", kind == ModelKind.Tensor
            ? "tensor (no --vocabulary): served by Infer"
            : "embedding (--vocabulary): served by Embed"));
        var warnings = new List<string>();
        if (model.ExternalDataFiles.Count > 0)
        {
            warnings.Add($"the weights are in external data file(s) next to FILE ({string.Join(", ", model.ExternalDataFiles)}), which the "
                + "manifest's sha256 does not cover: they are not checked before loading; prefer a self-contained model file");
        }

        var context = 0;
        if (kind == ModelKind.Embedding)
        {
            context = EmbeddingContext(model, findings);
            findings.Add(("pooling", "mean (sentence-transformers models such as all-MiniLM); bge models use cls: change \"pooling\""));
            findings.Add(("lowercase", "true (uncased vocabularies); set false for a cased one"));
            warnings.AddRange(EmbeddingProblems(model));
        }
        else
        {
            warnings.AddRange(TensorProblems(model));
        }

        findings.Add(("execution", "cpu; set \"execution_provider\": \"cuda\" in the manifest for a GPU"));
        findings.Add(("license", "not in an ONNX file: check the model card and add \"license\" to the manifest"));
        return new StagingPlan
        {
            Format = ModelFormat.Onnx,
            Kind = kind,
            ContextLength = context,
            Description = $"{model.GraphName ?? "ONNX model"} ({GgufStaging.Name(kind)}, {model.Inputs.Count} input(s), "
                + $"{model.Outputs.Count} output(s)); staged with appliancectl models add.",
            Findings = findings,
            Warnings = warnings,
        };
    }

    private static int EmbeddingContext(OnnxModelInfo model, List<(string, string)> findings)
    {
        var fixedLength = model.Inputs.FirstOrDefault(i => i.Name == "input_ids")?.Shape is [_, var second]
            && long.TryParse(second, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : (long?)null;
        long context;
        string reason;
        if (model.PositionEmbeddingRows is { } rows && rows >= 16)
        {
            context = Math.Min(rows, fixedLength ?? rows);
            reason = $"its position table has {rows} rows";
        }
        else if (fixedLength is { } length)
        {
            context = length;
            reason = "input_ids has that fixed length";
        }
        else
        {
            context = DefaultEmbeddingContext;
            reason = "the file does not say; BERT's usual limit";
        }

        context = Math.Clamp(context, 16, MaxEmbeddingContext);
        findings.Add(("context", string.Create(CultureInfo.InvariantCulture,
            $"{context} tokens per text ({reason}); sentence-transformers models may cut shorter (all-MiniLM-L6-v2: 256): see the model card")));
        return (int)context;
    }

    /// <summary>What the ONNX embedding engine will refuse at load (it needs a BERT-style model).</summary>
    private static IEnumerable<string> EmbeddingProblems(OnnxModelInfo model)
    {
        const string Fails = "the server will fail this embedding model at load: ";
        if (!model.Inputs.Any(i => i.Name == "input_ids"))
        {
            yield return Fails + $"it has no input 'input_ids' (a BERT-style model is expected; without --vocabulary it is a tensor model)";
        }

        foreach (var input in model.Inputs.Where(i => !EmbeddingInputs.Contains(i.Name)))
        {
            yield return Fails + $"input '{input.Name}' is not one of {string.Join(", ", EmbeddingInputs)}";
        }

        if (model.Outputs[0] is { TypeName: not "float32" } output)
        {
            yield return Fails + $"its first output '{output.Name}' is {output.TypeName}, not float32 vectors";
        }
    }

    /// <summary>What the ONNX tensor engine will refuse at load: tensors the Infer API cannot carry.</summary>
    private static IEnumerable<string> TensorProblems(OnnxModelInfo model) =>
        model.Inputs.Select(i => ("input", i)).Concat(model.Outputs.Select(o => ("output", o)))
            .Where(x => x.Item2.WireType is null)
            .Select(x => $"the server will fail this model at load: {x.Item1} '{x.Item2.Name}' is {x.Item2.TypeName}, which the Infer API "
                + "cannot carry (float32, float64, int32, int64, uint8, bool)");
}
