using Microsoft.ML.OnnxRuntime;

namespace Appliance.Engines.Onnx;

/// <summary>One model's ONNX Runtime session and where it runs. The engine that receives it owns it.</summary>
internal sealed class OnnxSession : IDisposable
{
    public OnnxSession(InferenceSession session, string backend)
    {
        Session = session;
        Backend = backend;
    }

    /// <summary>The session; <c>Run</c> is thread-safe, but each engine calls it from its batch worker only.</summary>
    public InferenceSession Session { get; }

    /// <summary>For example "ONNX Runtime 1.31.0, CUDA device 0" or "ONNX Runtime 1.31.0, CPU (fell back: ...)".</summary>
    public string Backend { get; }

    /// <summary>True once disposed: the engine that owns the session refuses to run after that.</summary>
    public bool IsDisposed { get; private set; }

    public void Dispose()
    {
        if (!IsDisposed)
        {
            IsDisposed = true;
            Session.Dispose();
        }
    }
}
