using Appliance.Core.Errors;
using Appliance.Core.Models;
using Microsoft.ML.OnnxRuntime;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

namespace Appliance.Engines.Onnx;

/// <summary>
/// The inputs and the output of a BERT-style ONNX embedding model as the engine uses them,
/// checked once at load so that a model of another shape fails with a reason, not at the first call.
/// </summary>
/// <param name="InputNames">The model's inputs, in its order.</param>
/// <param name="Roles">What each input receives.</param>
/// <param name="OutputName">The first output: token vectors [batch, sequence, dim] or pooled [batch, dim].</param>
/// <param name="OutputIsPooled">True for a [batch, dim] output, used as is.</param>
/// <param name="Dimension">Vector length (the output's last dimension).</param>
/// <param name="FixedSequenceLength">The model's sequence length when fixed (pad every batch to it), else null.</param>
internal sealed record EmbeddingModelLayout(
    string[] InputNames,
    EmbeddingInputRole[] Roles,
    string OutputName,
    bool OutputIsPooled,
    int Dimension,
    int? FixedSequenceLength)
{
    private static readonly Dictionary<string, EmbeddingInputRole> KnownInputs = new(StringComparer.Ordinal)
    {
        ["input_ids"] = EmbeddingInputRole.TokenIds,
        ["attention_mask"] = EmbeddingInputRole.AttentionMask,
        ["token_type_ids"] = EmbeddingInputRole.TokenTypeIds,
    };

    /// <exception cref="ModelUnavailableException">The model is not a BERT-style embedding model the engine can feed; the message says which tensor.</exception>
    public static EmbeddingModelLayout Read(InferenceSession session, ModelManifest manifest)
    {
        var names = session.InputNames.ToArray();
        var roles = new EmbeddingInputRole[names.Length];
        int? fixedLength = null;
        for (var i = 0; i < names.Length; i++)
        {
            var metadata = session.InputMetadata[names[i]];
            if (!KnownInputs.TryGetValue(names[i], out roles[i]))
            {
                throw Unusable(manifest, $"input '{names[i]}' is not one of input_ids, attention_mask, token_type_ids (a BERT-style embedding model is expected)");
            }

            if (!metadata.IsTensor || metadata.ElementDataType != OrtElementType.Int64 || metadata.Dimensions.Length != 2)
            {
                throw Unusable(manifest, $"input '{names[i]}' must be an int64 tensor [batch, sequence]");
            }

            if (metadata.Dimensions[1] > 0)
            {
                fixedLength = metadata.Dimensions[1];
            }
        }

        if (!roles.Contains(EmbeddingInputRole.TokenIds))
        {
            throw Unusable(manifest, "the model has no input 'input_ids'");
        }

        if (fixedLength < manifest.ContextLength)
        {
            throw Unusable(manifest, $"the model takes exactly {fixedLength} tokens, fewer than context_length {manifest.ContextLength}");
        }

        var output = session.OutputNames[0];
        var outputMetadata = session.OutputMetadata[output];
        var rank = outputMetadata.Dimensions.Length;
        var dimension = rank > 0 ? outputMetadata.Dimensions[^1] : 0;
        if (!outputMetadata.IsTensor || outputMetadata.ElementDataType != OrtElementType.Float || rank is not (2 or 3) || dimension <= 0)
        {
            throw Unusable(manifest,
                $"output '{output}' must be float32 [batch, sequence, dim] or [batch, dim] with a fixed dim; it is {outputMetadata.ElementDataType} [{string.Join(',', outputMetadata.Dimensions)}]");
        }

        return new EmbeddingModelLayout(names, roles, output, rank == 2, dimension, fixedLength);
    }

    private static ModelUnavailableException Unusable(ModelManifest manifest, string reason) => new(manifest.Id, reason);
}
