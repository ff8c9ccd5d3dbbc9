using Appliance.Core.Errors;
using Appliance.Core.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Appliance.Engines.Onnx;

/// <summary>
/// Stacks requests' tensors along the first dimension into one ONNX Runtime value and splits
/// outputs back by rows. Typed arrays and spans throughout: no element is boxed.
/// </summary>
internal static class TensorBatch
{
    /// <summary>
    /// One value holding every part's rows in order. A single part is wrapped without copying
    /// (ONNX Runtime pins the caller's array for the run).
    /// </summary>
    /// <exception cref="ArgumentException">A part has another element type, rank or trailing dimensions, or data of the wrong length.</exception>
    public static OrtValue Stack(TensorSpec spec, IReadOnlyList<NamedTensor> parts) => spec.ElementType switch
    {
        TensorElementType.Float32 => Stack<float>(spec, parts),
        TensorElementType.Float64 => Stack<double>(spec, parts),
        TensorElementType.Int32 => Stack<int>(spec, parts),
        TensorElementType.Int64 => Stack<long>(spec, parts),
        TensorElementType.UInt8 => Stack<byte>(spec, parts),
        TensorElementType.Bool => Stack<bool>(spec, parts),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.ElementType, "unknown tensor element type"),
    };

    /// <summary>
    /// Splits one output value: part i gets rows [offset_i, offset_i + rows_i). With
    /// <paramref name="rows"/> null (a batch of one) the whole tensor is returned.
    /// </summary>
    /// <exception cref="EngineFailureException">The output's first dimension is not the batch's row count.</exception>
    public static NamedTensor[] Split(string name, OrtValue value, IReadOnlyList<long>? rows)
    {
        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        if (!OnnxElementTypes.TryMap(info.ElementDataType, out var type))
        {
            throw new EngineFailureException($"output '{name}' came back as {info.ElementDataType}, which cannot be served");
        }

        return type switch
        {
            TensorElementType.Float32 => Split<float>(name, type, value, shape, rows),
            TensorElementType.Float64 => Split<double>(name, type, value, shape, rows),
            TensorElementType.Int32 => Split<int>(name, type, value, shape, rows),
            TensorElementType.Int64 => Split<long>(name, type, value, shape, rows),
            TensorElementType.UInt8 => Split<byte>(name, type, value, shape, rows),
            TensorElementType.Bool => Split<bool>(name, type, value, shape, rows),
            _ => throw new ArgumentOutOfRangeException(nameof(value), type, "unknown tensor element type"),
        };
    }

    private static OrtValue Stack<T>(TensorSpec spec, IReadOnlyList<NamedTensor> parts)
        where T : unmanaged
    {
        var first = parts[0];
        if (parts.Count == 1)
        {
            return OrtValue.CreateTensorValueFromMemory(DataOf<T>(spec, first), [.. first.Shape]);
        }

        var shape = first.Shape.ToArray();
        if (shape.Length == 0)
        {
            throw new ArgumentException($"input '{spec.Name}' is a scalar: scalars cannot be stacked into a batch", nameof(parts));
        }

        var rows = 0L;
        var total = 0L;
        foreach (var part in parts)
        {
            if (part.Shape.Count != shape.Length || !part.Shape.Skip(1).SequenceEqual(shape.Skip(1)))
            {
                throw new ArgumentException(
                    $"input '{spec.Name}': shapes [{string.Join(',', part.Shape)}] and [{string.Join(',', shape)}] differ after the first dimension and cannot be stacked",
                    nameof(parts));
            }

            rows += part.Shape[0];
            total += DataOf<T>(spec, part).LongLength;
        }

        shape[0] = rows;
        var data = new T[checked((int)total)];
        var offset = 0;
        foreach (var part in parts)
        {
            var source = DataOf<T>(spec, part);
            source.CopyTo(data, offset);
            offset += source.Length;
        }

        return OrtValue.CreateTensorValueFromMemory(data, shape);
    }

    private static T[] DataOf<T>(TensorSpec spec, NamedTensor tensor)
    {
        if (tensor.ElementType != spec.ElementType || tensor.Data is not T[] data)
        {
            throw new ArgumentException(
                $"input '{spec.Name}' must be {OnnxElementTypes.Name(spec.ElementType)} ({typeof(T).Name}[]); got {OnnxElementTypes.Name(tensor.ElementType)} ({tensor.Data.GetType().Name})",
                nameof(tensor));
        }

        if (data.LongLength != tensor.ElementCount)
        {
            throw new ArgumentException(
                $"input '{spec.Name}' has {data.LongLength} elements for shape [{string.Join(',', tensor.Shape)}] ({tensor.ElementCount})",
                nameof(tensor));
        }

        return data;
    }

    private static NamedTensor[] Split<T>(string name, TensorElementType type, OrtValue value, long[] shape, IReadOnlyList<long>? rows)
        where T : unmanaged
    {
        var all = value.GetTensorDataAsSpan<T>();
        if (rows is null)
        {
            return [new NamedTensor(name, type, shape, all.ToArray())];
        }

        var batchRows = rows.Sum();
        if (shape.Length == 0 || shape[0] != batchRows)
        {
            throw new EngineFailureException(
                $"output '{name}' has shape [{string.Join(',', shape)}] for a batch of {batchRows} rows: the model does not return one row per input row, so it cannot be batched (set max_batch_size 1)");
        }

        var rowSize = 1L;
        for (var d = 1; d < shape.Length; d++)
        {
            rowSize *= shape[d];
        }

        var parts = new NamedTensor[rows.Count];
        var offset = 0L;
        for (var i = 0; i < rows.Count; i++)
        {
            var partShape = (long[])shape.Clone();
            partShape[0] = rows[i];
            var slice = all.Slice(checked((int)(offset * rowSize)), checked((int)(rows[i] * rowSize)));
            parts[i] = new NamedTensor(name, type, partShape, slice.ToArray());
            offset += rows[i];
        }

        return parts;
    }
}
