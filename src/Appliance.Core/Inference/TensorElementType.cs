namespace Appliance.Core.Inference;

#pragma warning disable CA1720 // The names are the tensor type names of ONNX and the KServe v2 protocol.

/// <summary>Element types a tensor may carry over the wire (the KServe v2 names, lowercase in the API).</summary>
public enum TensorElementType
{
    /// <summary>32-bit float (<c>float[]</c>).</summary>
    Float32,

    /// <summary>64-bit float (<c>double[]</c>).</summary>
    Float64,

    /// <summary>32-bit signed integer (<c>int[]</c>).</summary>
    Int32,

    /// <summary>64-bit signed integer (<c>long[]</c>).</summary>
    Int64,

    /// <summary>Unsigned byte (<c>byte[]</c>), e.g. image pixels.</summary>
    UInt8,

    /// <summary>Boolean (<c>bool[]</c>).</summary>
    Bool,
}
