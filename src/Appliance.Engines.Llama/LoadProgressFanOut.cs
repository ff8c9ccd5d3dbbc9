namespace Appliance.Engines.Llama;

/// <summary>Hands llama.cpp's load progress (a fraction, on the loading thread) to the log and to the host's state (GetModel's percentage).</summary>
internal sealed class LoadProgressFanOut(IProgress<float> log, IProgress<float>? state) : IProgress<float>
{
    /// <inheritdoc />
    public void Report(float value)
    {
        log.Report(value);
        state?.Report(value);
    }
}
