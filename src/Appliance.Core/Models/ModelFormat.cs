namespace Appliance.Core.Models;

/// <summary>The on-disk format of a model's weights, which decides the engine that runs it.</summary>
public enum ModelFormat
{
    /// <summary>llama.cpp's GGUF, run by the LLamaSharp engine.</summary>
    Gguf,

    /// <summary>ONNX, run by the ONNX Runtime engine.</summary>
    Onnx,
}
