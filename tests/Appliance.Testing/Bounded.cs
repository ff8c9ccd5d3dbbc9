namespace Appliance.Testing;

/// <summary>
/// Bounds every wait of a test, so a hang fails fast instead of eating CI's time: awaits within a
/// limit, and polls of a condition that another thread or process makes true.
/// </summary>
public static class Bounded
{
    /// <summary>An await on in-process work (a fake engine, a worker loop, a local command).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A call to the real server (a generation on the synthetic model, a health check).</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The real server's start: models loaded and SERVING.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(5);

    /// <summary><paramref name="task"/>, failing with <see cref="TimeoutException"/> after <paramref name="limit"/> (default <see cref="Timeout"/>).</summary>
    public static Task<T> Within<T>(this Task<T> task, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.WaitAsync(limit ?? Timeout);
    }

    /// <inheritdoc cref="Within{T}(Task{T}, TimeSpan?)"/>
    public static Task Within(this Task task, TimeSpan? limit = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.WaitAsync(limit ?? Timeout);
    }

    /// <summary>
    /// Polls <paramref name="condition"/> every <paramref name="interval"/> (default 5 ms) until it holds;
    /// <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="limit"/> (default <see cref="Timeout"/>).
    /// </summary>
    public static Task UntilAsync(Func<bool> condition, string what = "the condition", TimeSpan? limit = null, TimeSpan? interval = null) =>
        UntilAsync(condition, () => what, limit, interval);

    /// <summary>As <see cref="UntilAsync(Func{bool}, string, TimeSpan?, TimeSpan?)"/>; <paramref name="what"/> is read on timeout (for the state then).</summary>
    public static Task UntilAsync(Func<bool> condition, Func<string> what, TimeSpan? limit = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return ObjectAsync(_ => Task.FromResult(condition() ? string.Empty : null), what, limit, interval);
    }

    /// <summary>
    /// Polls an asynchronous <paramref name="condition"/> until it holds. The token it is given ends at
    /// <paramref name="limit"/>: pass it to the calls it makes, so one hung call is bounded too.
    /// </summary>
    public static Task UntilAsync(Func<CancellationToken, Task<bool>> condition, string what, TimeSpan? limit = null, TimeSpan? interval = null) =>
        UntilAsync(condition, () => what, limit, interval);

    /// <summary>As <see cref="UntilAsync(Func{CancellationToken, Task{bool}}, string, TimeSpan?, TimeSpan?)"/>; <paramref name="what"/> is read on timeout (for the state then).</summary>
    public static Task UntilAsync(Func<CancellationToken, Task<bool>> condition, Func<string> what, TimeSpan? limit = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return ObjectAsync(async token => await condition(token) ? string.Empty : null, what, limit, interval);
    }

    /// <summary>Polls <paramref name="probe"/> until it returns an object, and returns that; <see cref="TimeoutException"/> after <paramref name="limit"/>.</summary>
    public static Task<T> ObjectAsync<T>(Func<CancellationToken, Task<T?>> probe, string what, TimeSpan? limit = null, TimeSpan? interval = null)
        where T : class =>
        ObjectAsync(probe, () => what, limit, interval);

    private static async Task<T> ObjectAsync<T>(Func<CancellationToken, Task<T?>> probe, Func<string> what, TimeSpan? limit, TimeSpan? interval)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(what);
        var bound = limit ?? Timeout;
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            while (true)
            {
                if (await probe(timeout.Token) is { } value)
                {
                    return value;
                }

                await Task.Delay(interval ?? DefaultInterval, timeout.Token);
            }
        }
        catch (Exception e) when (timeout.IsCancellationRequested)
        {
            // The delay or a call given the token was cancelled at the limit (a gRPC call says so as RpcException Cancelled).
            throw new TimeoutException($"timed out after {bound.TotalSeconds:0.###} s waiting for {what()}", e);
        }
    }
}
