namespace Appliance.Engines.Llama;

/// <summary>
/// Turns llama.cpp's load progress (a fraction, reported from the loading thread) into log lines
/// that only ever go forward: one per quarter reached, never a smaller percentage after a larger
/// one. Reports run on the caller's thread (unlike <see cref="Progress{T}"/>, which posts each
/// report to the thread pool, where they can run out of order: the log once read 79 % then 77 %).
/// </summary>
internal sealed class LoadProgressLog(Action<int> log) : IProgress<float>
{
    private const int Step = 25;
    private int _lastStep = -1;

    /// <inheritdoc />
    public void Report(float value)
    {
        var percent = (int)Math.Clamp(value * 100, 0, 100);
        var step = percent / Step;
        int seen;
        do
        {
            seen = Volatile.Read(ref _lastStep);
            if (step <= seen)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _lastStep, step, seen) != seen);

        log(percent);
    }
}
