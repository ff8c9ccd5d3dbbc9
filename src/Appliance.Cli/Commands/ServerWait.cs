namespace Appliance.Cli.Commands;

/// <summary>
/// The clock of a command that polls the server until it is ready or the wait (<c>--wait</c>) runs out:
/// each call's timeout and the pause between calls, both kept within the wait.
/// </summary>
internal sealed class ServerWait
{
    /// <summary>One call's deadline: a server that does not answer in this time is as good as down.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The pause between two calls.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly TimeProvider _time;
    private readonly long _start;

    /// <summary>Starts the wait now.</summary>
    public ServerWait(TimeProvider time, TimeSpan limit)
    {
        _time = time;
        _start = time.GetTimestamp();
        Limit = limit;
    }

    public TimeSpan Limit { get; }

    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    /// <summary>The next call's timeout: <see cref="CallTimeout"/>, cut to what is left of the wait but never below <see cref="PollInterval"/>.</summary>
    public TimeSpan NextCallTimeout()
    {
        var remaining = Limit - Elapsed;
        return remaining >= CallTimeout ? CallTimeout
            : remaining > PollInterval ? remaining
            : PollInterval;
    }

    /// <summary>Pauses one <see cref="PollInterval"/>, or what is left of the wait at <paramref name="elapsed"/> when that is less.</summary>
    public Task PauseAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var left = Limit - elapsed;
        return Task.Delay(left < PollInterval ? left : PollInterval, _time, cancellationToken);
    }
}
