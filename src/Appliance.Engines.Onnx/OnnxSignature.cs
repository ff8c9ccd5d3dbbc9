using Appliance.Core.Errors;
using Appliance.Core.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Appliance.Engines.Onnx;

/// <summary>Reads a session's inputs and outputs into the appliance's <see cref="ModelSignature"/>.</summary>
internal static class OnnxSignature
{
    /// <exception cref="ModelUnavailableException">An input or output is not a tensor of a type the API carries; the message names it.</exception>
    public static ModelSignature Read(InferenceSession session, string modelId)
    {
        var inputs = session.InputNames.Select(name => Spec(modelId, "input", name, session.InputMetadata[name])).ToArray();
        var outputs = session.OutputNames.Select(name => Spec(modelId, "output", name, session.OutputMetadata[name])).ToArray();
        var batchable = inputs.Length > 0 && inputs.All(input => input.Shape.Count > 0 && input.Shape[0] < 0);
        return new ModelSignature(inputs, outputs, batchable);
    }

    private static TensorSpec Spec(string modelId, string role, string name, NodeMetadata metadata)
    {
        if (!metadata.IsTensor)
        {
            throw new ModelUnavailableException(modelId,
                $"{role} '{name}' is a {metadata.OnnxValueType}, not a tensor: only tensor inputs and outputs can be served");
        }

        if (!OnnxElementTypes.TryMap(metadata.ElementDataType, out var type))
        {
            throw new ModelUnavailableException(modelId,
                $"{role} '{name}' has element type {metadata.ElementDataType}, which cannot be served " +
                "(supported: float32, float64, int32, int64, uint8, bool); export the model with one of those");
        }

        // Symbolic and unknown dimensions read as -1.
        var shape = metadata.Dimensions.Select(d => d < 0 ? -1L : d).ToArray();
        return new TensorSpec(name, type, shape);
    }
}
