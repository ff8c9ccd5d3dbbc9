using System.Collections.Concurrent;
using Appliance.Core.Inference;

namespace Appliance.Scheduling.Tests;

/// <summary>
/// Deterministic tensor engine over an FP32 input "x": output "y" is x * 2, output "z" is x + 1,
/// same shape; each request gets the outputs it asked for (all when none). Records every batch.
/// </summary>
internal sealed class FakeTensorEngine : ITensorEngine
{
    public FakeTensorEngine(ModelSignature? signature = null)
    {
        Signature = signature ?? SignatureOf(batchable: true);
    }

    public ModelSignature Signature { get; }

    public string Backend => "fake";

    public ConcurrentQueue<IReadOnlyList<TensorRequest>> Batches { get; } = new();

    public RunControl Control { get; } = new();

    /// <summary>x: FP32 [-1, -1] (batchable) or [1, -1]; outputs y and z.</summary>
    public static ModelSignature SignatureOf(bool batchable) => new(
        [new TensorSpec("x", TensorElementType.Float32, [batchable ? -1 : 1, -1])],
        [new TensorSpec("y", TensorElementType.Float32, [-1, -1]), new TensorSpec("z", TensorElementType.Float32, [-1, -1])],
        batchable);

    public static NamedTensor X(long rows, params float[] row) =>
        new("x", TensorElementType.Float32, [rows, row.Length], Enumerable.Repeat(row, (int)rows).SelectMany(r => r).ToArray());

    public IReadOnlyList<IReadOnlyList<NamedTensor>> Run(IReadOnlyList<TensorRequest> batch, CancellationToken cancellationToken)
    {
        Batches.Enqueue([.. batch]);
        Control.Enter(cancellationToken);
        return [.. batch.Select(Outputs)];
    }

    public void Dispose() => Control.Dispose();

    private IReadOnlyList<NamedTensor> Outputs(TensorRequest request)
    {
        var x = request.Inputs.Single(i => i.Name == "x");
        var data = (float[])x.Data;
        var names = request.Outputs.Count > 0 ? request.Outputs : [.. Signature.Outputs.Select(o => o.Name)];
        return [.. names.Select(name => new NamedTensor(name, TensorElementType.Float32, x.Shape, name == "y" ? data.Select(v => v * 2).ToArray() : data.Select(v => v + 1).ToArray()))];
    }
}
