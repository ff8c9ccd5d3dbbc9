using Appliance.Core.Inference;

namespace Appliance.Scheduling.Tests;

/// <summary>A tensor call against a signature of "x" FP32 [-1, -1] and "mask" INT64 [-1, 3], outputs "y" and "z".</summary>
public sealed class TensorValidatorTests
{
    private const long MaxElements = 1000;

    private static readonly ModelSignature Signature = new(
        [new TensorSpec("x", TensorElementType.Float32, [-1, -1]), new TensorSpec("mask", TensorElementType.Int64, [-1, 3])],
        [new TensorSpec("y", TensorElementType.Float32, [-1, -1]), new TensorSpec("z", TensorElementType.Float32, [-1])],
        Batchable: true);

    private static readonly Dictionary<string, InferRequest> Invalid = new()
    {
        ["unknown input"] = Request(X(1, 2), Mask(1), Named("nope", X(1, 2))),
        ["duplicate input"] = Request(X(1, 2), X(1, 2), Mask(1)),
        ["missing input"] = Request(X(1, 2)),
        ["wrong datatype"] = Request(X(1, 2), new NamedTensor("mask", TensorElementType.Int32, [1, 3], new int[3])),
        ["wrong rank"] = Request(X(1, 2), new NamedTensor("mask", TensorElementType.Int64, [3], new long[3])),
        ["wrong fixed dimension"] = Request(X(1, 2), new NamedTensor("mask", TensorElementType.Int64, [1, 4], new long[4])),
        ["zero dimension"] = Request(new NamedTensor("x", TensorElementType.Float32, [1, 0], Array.Empty<float>()), Mask(1)),
        ["short data"] = Request(X(1, 2), new NamedTensor("mask", TensorElementType.Int64, [1, 3], new long[2])),
        ["data of another type"] = Request(X(1, 2), new NamedTensor("mask", TensorElementType.Int64, [1, 3], new int[3])),
        ["too many elements"] = Request(X(1, 998), Mask(1)),
        ["unknown output"] = Request(X(1, 2), Mask(1)) with { Outputs = ["y", "w"] },
        ["unknown output after a repeated one"] = Request(X(1, 2), Mask(1)) with { Outputs = ["y", "y", "w"] },
        ["unequal batch dimensions"] = Request(X(1, 2), Mask(2)),
        // 4 x 2^62 elements wrap to 0 in 64-bit arithmetic: an empty array must not pass for it.
        ["dimensions whose product overflows"] = Request(new NamedTensor("x", TensorElementType.Float32, [4, 1L << 62], Array.Empty<float>()), Mask(4)),
    };

    [Theory]
    [InlineData("unknown input", "inputs[2].name")]
    [InlineData("duplicate input", "inputs[1].name")]
    [InlineData("missing input", "inputs")]
    [InlineData("wrong datatype", "inputs[1].datatype")]
    [InlineData("wrong rank", "inputs[1].shape")]
    [InlineData("wrong fixed dimension", "inputs[1].shape[1]")]
    [InlineData("zero dimension", "inputs[0].shape[1]")]
    [InlineData("short data", "inputs[1].data")]
    [InlineData("data of another type", "inputs[1].data")]
    [InlineData("too many elements", "inputs")]
    [InlineData("unknown output", "outputs[1]")]
    [InlineData("unknown output after a repeated one", "outputs[2]")]
    [InlineData("unequal batch dimensions", "inputs[1].shape[0]")]
    [InlineData("dimensions whose product overflows", "inputs")]
    public void Validate_InvalidCall_RefusesNamingTheField(string problem, string field)
    {
        var error = Assert.Throws<InvalidRequestException>(() => TensorValidator.Validate(Invalid[problem], Signature, MaxElements));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Validate_UnknownInput_ListsTheModelsInputs()
    {
        var error = Assert.Throws<InvalidRequestException>(() => TensorValidator.Validate(Invalid["unknown input"], Signature, MaxElements));

        Assert.Contains("x, mask", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidCall_ReturnsTheRequestItsRowsAndAKeyOfTheTrailingDimensions()
    {
        var (request, key, rows) = TensorValidator.Validate(Request(X(2, 5), Mask(2)) with { Outputs = ["z", "z"] }, Signature, MaxElements);

        Assert.Equal(2, rows);
        Assert.Equal(["z"], request.Outputs);
        Assert.Equal(["x", "mask"], request.Inputs.Select(i => i.Name));
        Assert.Equal(key, TensorValidator.Validate(Request(Mask(7), X(7, 5)), Signature, MaxElements).Key);
        Assert.NotEqual(key, TensorValidator.Validate(Request(X(2, 6), Mask(2)), Signature, MaxElements).Key);
    }

    [Fact]
    public void Validate_AtTheElementLimit_Accepted()
    {
        var (_, _, rows) = TensorValidator.Validate(Request(X(1, 997), Mask(1)), Signature, MaxElements);

        Assert.Equal(1, rows);
    }

    [Fact]
    public void Validate_ModelThatCannotBatch_CountsOneRow()
    {
        var signature = Signature with { Batchable = false };

        var (_, _, rows) = TensorValidator.Validate(Request(X(4, 1), Mask(4)), signature, MaxElements);

        Assert.Equal(1, rows);
    }

    private static InferRequest Request(params NamedTensor[] inputs) => new() { RequestId = "r", ModelId = "t", Inputs = inputs };

    private static NamedTensor X(long rows, long columns) => new("x", TensorElementType.Float32, [rows, columns], new float[rows * columns]);

    private static NamedTensor Mask(long rows) => new("mask", TensorElementType.Int64, [rows, 3], new long[rows * 3]);

    private static NamedTensor Named(string name, NamedTensor tensor) => tensor with { Name = name };
}
