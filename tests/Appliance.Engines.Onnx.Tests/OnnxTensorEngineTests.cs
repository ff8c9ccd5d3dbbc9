using Appliance.Core.Errors;

namespace Appliance.Engines.Onnx.Tests;

/// <summary>The tensor engine on real ONNX Runtime sessions of hand-encoded models.</summary>
public sealed class OnnxTensorEngineTests : IAsyncLifetime
{
    private readonly TempFolder _directory = new("appliance-onnx");
    private ITensorEngine _engine = null!;

    public async Task InitializeAsync()
    {
        var path = TinyOnnxModel.Write(_directory.Path, "affine.onnx", TinyOnnxModel.Affine());
        _engine = await OnnxTestEngines.TensorLoader().LoadAsync(OnnxTestEngines.Tensor(path), CancellationToken.None).Within(Bounded.StartTimeout);
    }

    public Task DisposeAsync()
    {
        _engine.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public void Signature_ComesFromTheSessionMetadata()
    {
        var signature = _engine.Signature;

        Assert.Equal(["X", "N"], signature.Inputs.Select(i => i.Name));
        Assert.Equal([TensorElementType.Float32, TensorElementType.Int64], signature.Inputs.Select(i => i.ElementType));
        Assert.Equal([-1L, 3], signature.Inputs[0].Shape);
        Assert.Equal([-1L, 1], signature.Inputs[1].Shape);
        Assert.Equal(["Y", "M"], signature.Outputs.Select(o => o.Name));
        Assert.Equal([TensorElementType.Float32, TensorElementType.Int64], signature.Outputs.Select(o => o.ElementType));
        Assert.Equal([-1L, 2], signature.Outputs[0].Shape);
        Assert.True(signature.Batchable);
        Assert.Equal("ONNX Runtime 1.31.0, CPU", _engine.Backend);
    }

    [Fact]
    public void Run_OneRequest_ComputesTheGraph()
    {
        var result = Assert.Single(_engine.Run([Request([1, 0, 0, 0, 1, 0], [1, 2])], CancellationToken.None));

        var y = result.Single(t => t.Name == "Y");
        var m = result.Single(t => t.Name == "M");
        Assert.Equal([2L, 2], y.Shape);
        Assert.Equal([1.5f, 1f, 3.5f, 3f], (float[])y.Data);
        Assert.Equal(TensorElementType.Int64, m.ElementType);
        Assert.Equal([11L, 12L], (long[])m.Data);
    }

    [Fact]
    public void Run_ThreeRequestsOfOneTwoAndFourRows_EachGetsItsOwnRows()
    {
        var requests = new[]
        {
            Request(Rows(1, seed: 1), Counts(1, seed: 100)),
            Request(Rows(2, seed: 2), Counts(2, seed: 200)),
            Request(Rows(4, seed: 3), Counts(4, seed: 300)),
        };

        var batched = _engine.Run(requests, CancellationToken.None);

        Assert.Equal(3, batched.Count);
        for (var i = 0; i < requests.Length; i++)
        {
            var alone = Assert.Single(_engine.Run([requests[i]], CancellationToken.None));
            Assert.Equal(["Y", "M"], batched[i].Select(t => t.Name));
            Assert.Equal(alone[0].Shape, batched[i][0].Shape);
            Assert.Equal((float[])alone[0].Data, (float[])batched[i][0].Data);
            Assert.Equal((long[])alone[1].Data, (long[])batched[i][1].Data);
            Assert.Equal(requests[i].Inputs[0].Shape[0], batched[i][0].Shape[0]);
        }
    }

    [Fact]
    public void Run_SubsetOfOutputs_ReturnsOnlyThoseInTheAskedOrder()
    {
        var onlyM = Request([1, 1, 1], [5], outputs: ["M"]);
        var both = Request([0, 0, 0], [6], outputs: ["M", "Y"]);

        var results = _engine.Run([onlyM, both], CancellationToken.None);

        var m = Assert.Single(results[0]);
        Assert.Equal("M", m.Name);
        Assert.Equal([15L], (long[])m.Data);
        Assert.Equal(["M", "Y"], results[1].Select(t => t.Name));
        Assert.Equal([0.5f, -1f], (float[])results[1][1].Data);
    }

    [Fact]
    public void Run_UnequalTrailingDimensions_Throws()
    {
        var wide = new TensorRequest(
            [new NamedTensor("X", TensorElementType.Float32, [1, 4], new float[4]), new NamedTensor("N", TensorElementType.Int64, [1, 1], new long[1])],
            []);

        Assert.Throws<ArgumentException>(() => _engine.Run([Request([1, 2, 3], [1]), wide], CancellationToken.None));
    }

    [Fact]
    public void Run_PreCancelled_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => _engine.Run([Request([1, 2, 3], [1])], cancelled.Token));
    }

    [Fact]
    public async Task Load_FixedFirstDimension_IsNotBatchable()
    {
        var path = TinyOnnxModel.Write(_directory.Path, "fixed.onnx", TinyOnnxModel.Affine(fixedBatch: 2));

        using var engine = await OnnxTestEngines.TensorLoader().LoadAsync(OnnxTestEngines.Tensor(path), CancellationToken.None).Within(Bounded.StartTimeout);

        Assert.False(engine.Signature.Batchable);
        Assert.Equal([2L, 3], engine.Signature.Inputs[0].Shape);
    }

    [Fact]
    public async Task Run_EveryOtherElementType_StacksAndSplitsTypedArrays()
    {
        var path = TinyOnnxModel.Write(_directory.Path, "types.onnx", TinyOnnxModel.OtherTypesIdentity());
        using var engine = await OnnxTestEngines.TensorLoader().LoadAsync(OnnxTestEngines.Tensor(path), CancellationToken.None).Within(Bounded.StartTimeout);
        TensorRequest Typed(int rows, int seed) => new(
            [
                new NamedTensor("D", TensorElementType.Float64, [rows, 2], Enumerable.Range(seed, rows * 2).Select(i => i + 0.25).ToArray()),
                new NamedTensor("I", TensorElementType.Int32, [rows, 2], Enumerable.Range(seed, rows * 2).Select(i => -i).ToArray()),
                new NamedTensor("U", TensorElementType.UInt8, [rows, 2], Enumerable.Range(seed, rows * 2).Select(i => (byte)i).ToArray()),
                new NamedTensor("L", TensorElementType.Bool, [rows, 2], Enumerable.Range(seed, rows * 2).Select(i => i % 3 == 0).ToArray()),
            ],
            []);
        var requests = new[] { Typed(1, 0), Typed(3, 50) };

        var results = engine.Run(requests, CancellationToken.None);

        Assert.Equal(
            [TensorElementType.Float64, TensorElementType.Int32, TensorElementType.UInt8, TensorElementType.Bool],
            engine.Signature.Outputs.Select(o => o.ElementType));
        for (var i = 0; i < requests.Length; i++)
        {
            for (var k = 0; k < 4; k++)
            {
                Assert.Equal(requests[i].Inputs[k].ElementType, results[i][k].ElementType);
                Assert.Equal(requests[i].Inputs[k].Shape, results[i][k].Shape);
                Assert.Equal(requests[i].Inputs[k].Data, results[i][k].Data);
            }
        }
    }

    [Fact]
    public async Task Load_Float16Input_FailsNamingTheTensor()
    {
        var path = TinyOnnxModel.Write(_directory.Path, "half.onnx", TinyOnnxModel.Float16Identity());

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(
            () => OnnxTestEngines.TensorLoader().LoadAsync(OnnxTestEngines.Tensor(path), CancellationToken.None).Within(Bounded.StartTimeout));

        Assert.Contains("input 'H'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Float16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_NotAnOnnxFile_FailsWithTheReason()
    {
        var path = Path.Combine(_directory.Path, "garbage.onnx");
        await File.WriteAllTextAsync(path, "not a model");

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(
            () => OnnxTestEngines.TensorLoader().LoadAsync(OnnxTestEngines.Tensor(path), CancellationToken.None).Within(Bounded.StartTimeout));

        Assert.Contains("cannot load", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_PreCancelled_ThrowsOperationCanceled()
    {
        var path = TinyOnnxModel.Write(_directory.Path, "affine2.onnx", TinyOnnxModel.Affine());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => OnnxTestEngines.TensorLoader().LoadAsync(OnnxTestEngines.Tensor(path), cancelled.Token).Within(Bounded.StartTimeout));
    }

    private static TensorRequest Request(float[] x, long[] n, string[]? outputs = null) => new(
        [
            new NamedTensor("X", TensorElementType.Float32, [x.Length / 3, 3], x),
            new NamedTensor("N", TensorElementType.Int64, [n.Length, 1], n),
        ],
        outputs ?? []);

    private static float[] Rows(int rows, int seed) => [.. Enumerable.Range(0, rows * 3).Select(i => (float)((seed * 7) + i) / 10)];

    private static long[] Counts(int rows, long seed) => [.. Enumerable.Range(0, rows).Select(i => seed + i)];
}
