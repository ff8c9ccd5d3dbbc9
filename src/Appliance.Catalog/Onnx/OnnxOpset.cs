namespace Appliance.Catalog.Onnx;

/// <summary>One operator set a model imports (<c>ModelProto.opset_import</c>).</summary>
/// <param name="Domain">"ai.onnx" for the default domain (stored as empty), else e.g. "com.microsoft".</param>
/// <param name="Version">The opset version, e.g. 13.</param>
public sealed record OnnxOpset(string Domain, long Version)
{
    /// <summary>For example <c>ai.onnx 13</c>.</summary>
    public override string ToString() => $"{Domain} {Version}";
}
