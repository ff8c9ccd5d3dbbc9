using Appliance.Core.Errors;
using Appliance.Core.Inference;

namespace Appliance.Scheduling;

/// <summary>
/// Checks a tensor call against the model's signature before anything is queued: names,
/// element types, shapes, data lengths and the size cap. Errors name the field and the model's
/// own tensor names, never a string the caller sent (it could carry patient data).
/// </summary>
internal static class TensorValidator
{
    /// <summary>Returns the engine request, its batching key (equal trailing dimensions) and its rows (first dimension).</summary>
    public static (TensorRequest Request, string Key, int Rows) Validate(InferRequest request, ModelSignature signature, long maxElements)
    {
        var byName = signature.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long elements = 0;
        for (var i = 0; i < request.Inputs.Count; i++)
        {
            var input = request.Inputs[i];
            if (!byName.TryGetValue(input.Name, out var spec))
            {
                throw new InvalidRequestException($"inputs[{i}].name", $"model '{request.ModelId}' has no input of that name (its inputs: {Names(signature.Inputs)})");
            }

            if (!seen.Add(input.Name))
            {
                throw new InvalidRequestException($"inputs[{i}].name", $"input '{input.Name}' is given twice");
            }

            CheckInput(i, input, spec, maxElements);
            elements += input.ElementCount;
        }

        if (signature.Inputs.FirstOrDefault(s => !seen.Contains(s.Name)) is { } missing)
        {
            throw new InvalidRequestException("inputs", $"input '{missing.Name}' is missing (model '{request.ModelId}' needs {Names(signature.Inputs)})");
        }

        if (elements > maxElements)
        {
            throw new InvalidRequestException("inputs", $"hold {elements} elements in all; the appliance takes at most {maxElements} per call");
        }

        // Checked before removing repeats, so the index names the caller's own entry.
        for (var i = 0; i < request.Outputs.Count; i++)
        {
            if (!signature.Outputs.Any(o => o.Name == request.Outputs[i]))
            {
                throw new InvalidRequestException($"outputs[{i}]", $"model '{request.ModelId}' has no output of that name (its outputs: {Names(signature.Outputs)})");
            }
        }

        var outputs = request.Outputs.Distinct(StringComparer.Ordinal).ToList();

        var rows = 1;
        if (signature.Batchable)
        {
            rows = (int)request.Inputs[0].Shape[0];
            for (var i = 1; i < request.Inputs.Count; i++)
            {
                if (request.Inputs[i].Shape[0] != rows)
                {
                    throw new InvalidRequestException($"inputs[{i}].shape[0]", $"every input's first (batch) dimension must be equal (got {rows} and {request.Inputs[i].Shape[0]})");
                }
            }
        }

        var key = string.Join(";", request.Inputs.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Name + ":" + string.Join("x", t.Shape.Skip(1))));
        return (new TensorRequest(request.Inputs, outputs), key, rows);
    }

    private static void CheckInput(int i, NamedTensor input, TensorSpec spec, long maxElements)
    {
        if (input.ElementType != spec.ElementType)
        {
            throw new InvalidRequestException($"inputs[{i}].datatype", $"input '{spec.Name}' takes {TensorTypes.Name(spec.ElementType)} (got {TensorTypes.Name(input.ElementType)})");
        }

        if (input.Shape.Count != spec.Shape.Count)
        {
            throw new InvalidRequestException($"inputs[{i}].shape", $"input '{spec.Name}' has {spec.Shape.Count} dimensions {TensorTypes.Format(spec.Shape)} (got {input.Shape.Count})");
        }

        for (var d = 0; d < spec.Shape.Count; d++)
        {
            if (input.Shape[d] < 1)
            {
                throw new InvalidRequestException($"inputs[{i}].shape[{d}]", $"must be at least 1 (got {input.Shape[d]})");
            }

            if (spec.Shape[d] > 0 && input.Shape[d] != spec.Shape[d])
            {
                throw new InvalidRequestException($"inputs[{i}].shape[{d}]", $"input '{spec.Name}' needs {spec.Shape[d]} here, shape {TensorTypes.Format(spec.Shape)} (got {input.Shape[d]})");
            }
        }

        // Before ElementCount is used: the product of caller-supplied dimensions can wrap around
        // in 64 bits (4 x 2^62 is 0), and an empty array would then pass for a huge tensor.
        if (!FitsIn(input.Shape, maxElements))
        {
            throw new InvalidRequestException("inputs", $"input '{spec.Name}' of shape {TensorTypes.Format(input.Shape)} holds more than {maxElements} elements; the appliance takes at most {maxElements} per call");
        }

        if (!TensorTypes.Matches(input.ElementType, input.Data) || input.Data.LongLength != input.ElementCount)
        {
            throw new InvalidRequestException($"inputs[{i}].data", $"input '{spec.Name}' of shape {TensorTypes.Format(input.Shape)} needs {input.ElementCount} {TensorTypes.Name(spec.ElementType)} values (got {input.Data.LongLength})");
        }
    }

    /// <summary>True when the product of the dimensions (each at least 1) is at most <paramref name="max"/>, computed without overflow.</summary>
    private static bool FitsIn(IReadOnlyList<long> shape, long max)
    {
        long product = 1;
        foreach (var dimension in shape)
        {
            if (dimension > max / product)
            {
                return false;
            }

            product *= dimension;
        }

        return true;
    }

    private static string Names(IEnumerable<TensorSpec> specs) => string.Join(", ", specs.Select(s => s.Name));
}
