namespace Appliance.Cli.Commands;

/// <summary>Client-side timings and output shape of one Generate stream. Single caller; not thread-safe.</summary>
internal sealed class GenerationProgress
{
    private readonly TimeProvider _timeProvider;
    private readonly long _start;
    private long? _firstPiece;
    private long? _end;

    public GenerationProgress(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _start = timeProvider.GetTimestamp();
    }

    public bool HasText { get; private set; }

    public bool EndsWithNewline { get; private set; }

    /// <summary>From the call's start to the first piece; null when no piece arrived.</summary>
    public TimeSpan? TimeToFirstPiece =>
        _firstPiece is { } first ? _timeProvider.GetElapsedTime(_start, first) : null;

    /// <summary>From the call's start to the final message (or to now if it has not come).</summary>
    public TimeSpan Total =>
        _timeProvider.GetElapsedTime(_start, _end ?? _timeProvider.GetTimestamp());

    public void OnPiece(string text)
    {
        _firstPiece ??= _timeProvider.GetTimestamp();

        if (text.Length > 0)
        {
            HasText = true;
            EndsWithNewline = text[^1] == '\n';
        }
    }

    public void OnFinal() => _end ??= _timeProvider.GetTimestamp();
}
