using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Server.Tests.GrpcApi;
using Google.Protobuf;
using Grpc.Core;

namespace Appliance.Server.Tests.Inference;

/// <summary>Infer over gRPC on a real ONNX Runtime session of the affine test model (Y = X·W + B, M = N + 10).</summary>
[Collection(InferenceServerCollection.Name)]
public sealed class InferTests
{
    private readonly Contracts.V1.Inference.InferenceClient _client;

    public InferTests(InferenceServerFixture fixture)
    {
        _client = new Contracts.V1.Inference.InferenceClient(fixture.Server.Channel);
    }

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(60);

    private static InferTensor X(params float[][] rows)
    {
        var tensor = new InferTensor { Name = "X", Datatype = "FP32", Contents = new TensorContents() };
        tensor.Shape.AddRange([rows.Length, 3]);
        tensor.Contents.Fp32Contents.AddRange(rows.SelectMany(r => r));
        return tensor;
    }

    private static InferTensor N(params long[] values)
    {
        var tensor = new InferTensor { Name = "N", Datatype = "INT64", Contents = new TensorContents() };
        tensor.Shape.AddRange([values.Length, 1]);
        tensor.Contents.Int64Contents.AddRange(values);
        return tensor;
    }

    private static InferRequest Request(params InferTensor[] inputs)
    {
        var request = new InferRequest { ModelId = InferenceServerFixture.Tensor };
        request.Inputs.AddRange(inputs);
        return request;
    }

    /// <summary>Y of one row: x·W + B with W = [[1,2],[3,4],[5,6]], B = [0.5, -1].</summary>
    private static float[] Expected(float[] x) => [x[0] + 3 * x[1] + 5 * x[2] + 0.5f, 2 * x[0] + 4 * x[1] + 6 * x[2] - 1];

    [Fact]
    public async Task Infer_AffineModel_ReturnsTheExpectedNumbers()
    {
        var response = await _client.InferAsync(Request(X([1, 2, 3], [0, -1, 0.5f]), N(5, -7)), deadline: Deadline);

        var y = Assert.Single(response.Outputs, o => o.Name == "Y");
        var m = Assert.Single(response.Outputs, o => o.Name == "M");
        Assert.Equal("FP32", y.Datatype);
        Assert.Equal([2L, 2L], y.Shape);
        Assert.Equal([.. Expected([1, 2, 3]), .. Expected([0, -1, 0.5f])], y.Contents.Fp32Contents);
        Assert.Equal([15L, 3L], m.Contents.Int64Contents);
        Assert.Equal(InferenceServerFixture.Tensor, response.ModelId);
    }

    [Fact]
    public async Task Infer_OutputSubset_ReturnsOnlyThatOutput()
    {
        var request = Request(X([1, 1, 1]), N(1));
        request.Outputs.Add("M");

        var response = await _client.InferAsync(request, deadline: Deadline);

        Assert.Equal("M", Assert.Single(response.Outputs).Name);
    }

    [Fact]
    public async Task Infer_ConcurrentCalls_EachGetsItsOwnRows()
    {
        var calls = Enumerable.Range(1, 12).Select(async i =>
        {
            var rows = Enumerable.Range(0, i % 3 + 1).Select(r => new float[] { i, r, -i }).ToArray();
            var response = await _client.InferAsync(Request(X(rows), N([.. rows.Select((_, r) => (long)(i * 100 + r))])), deadline: Deadline);
            return (rows, response);
        });

        foreach (var (rows, response) in await Task.WhenAll(calls))
        {
            var y = response.Outputs.Single(o => o.Name == "Y").Contents.Fp32Contents;
            Assert.Equal(rows.SelectMany(Expected), y);
        }
    }

    [Fact]
    public async Task GetModelMetadata_DescribesInputsAndOutputs()
    {
        var metadata = await _client.GetModelMetadataAsync(new GetModelMetadataRequest { ModelId = InferenceServerFixture.Tensor }, deadline: Deadline);

        Assert.True(metadata.Batchable);
        Assert.Equal(["N", "X"], metadata.Inputs.Select(i => i.Name).Order(StringComparer.Ordinal));
        var x = metadata.Inputs.Single(i => i.Name == "X");
        Assert.Equal("FP32", x.Datatype);
        Assert.Equal([-1L, 3L], x.Shape);
        Assert.Contains("ONNX Runtime", metadata.Backend, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadInputs() => new()
    {
        { "name", "inputs[0].name" },
        { "datatype", "inputs[0].datatype" },
        { "shape", "inputs[0].shape[1]" },
        { "data", "inputs[0].data" },
        { "missing", "inputs" },
        { "oversize", "inputs" },
        { "output", "outputs[0]" },
        { "unknown-type", "inputs[0].datatype" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Infer_BadTensor_InvalidArgumentNamingTheTensor_ThenStillServes(string problem, string field)
    {
        var x = X([1, 2, 3]);
        var request = problem switch
        {
            "name" => Request(new InferTensor(x) { Name = "pixels" }, N(1)),
            "datatype" => Request(Retyped(x), N(1)),
            "shape" => Request(Reshaped(x, [1, 4]), N(1)),
            "data" => Request(Reshaped(x, [2, 3]), N(1, 2)),
            "missing" => Request(x),
            "oversize" => Request(X([.. Enumerable.Repeat(new float[] { 1, 2, 3 }, 400)]), N([.. Enumerable.Repeat(1L, 400)])),
            "output" => WithOutput(Request(x, N(1)), "Z"),
            _ => Request(new InferTensor(x) { Datatype = "FP8" }, N(1)),
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.InferAsync(request, deadline: Deadline).ResponseAsync);
        var good = await _client.InferAsync(Request(X([1, 2, 3]), N(1)), deadline: Deadline);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(field, RichErrors.AssertFieldViolation(error).Field);
        Assert.Equal(2, good.Outputs.Count);
    }

    [Fact]
    public async Task Infer_UnknownModel_NotFound_EmbeddingModel_InvalidArgument()
    {
        var unknown = Request(X([1, 2, 3]), N(1));
        unknown.ModelId = "no-such-model";
        var embedding = Request(X([1, 2, 3]), N(1));
        embedding.ModelId = InferenceServerFixture.MiniLm;

        var notFound = await Assert.ThrowsAsync<RpcException>(() => _client.InferAsync(unknown, deadline: Deadline).ResponseAsync);
        var wrongKind = await Assert.ThrowsAsync<RpcException>(() => _client.InferAsync(embedding, deadline: Deadline).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, wrongKind.StatusCode);
        Assert.Contains("Embed", wrongKind.Status.Detail, StringComparison.Ordinal);
        RichErrors.AssertReason(notFound, ErrorReasons.ModelNotFound);
        Assert.Equal("model_id", RichErrors.AssertFieldViolation(wrongKind).Field);
    }

    private static InferTensor Retyped(InferTensor x)
    {
        var tensor = new InferTensor { Name = x.Name, Datatype = "INT64", Contents = new TensorContents() };
        tensor.Shape.AddRange(x.Shape);
        tensor.Contents.Int64Contents.AddRange([1, 2, 3]);
        return tensor;
    }

    private static InferTensor Reshaped(InferTensor x, long[] shape)
    {
        var tensor = new InferTensor(x);
        tensor.Shape.Clear();
        tensor.Shape.AddRange(shape);
        return tensor;
    }

    private static InferRequest WithOutput(InferRequest request, string output)
    {
        request.Outputs.Add(output);
        return request;
    }
}
