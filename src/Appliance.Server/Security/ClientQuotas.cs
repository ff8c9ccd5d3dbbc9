using System.Collections.Concurrent;
using Appliance.Core.Errors;

namespace Appliance.Server.Security;

/// <summary>
/// Per-client quotas: calls in flight (<see cref="ClientRegistration.MaxConcurrentCalls"/>)
/// and a token bucket of <see cref="ClientRegistration.TokensPerMinute"/> that refills
/// continuously and holds at most one minute's worth. A call is admitted while the bucket is
/// above zero and charged its prompt and generated tokens when it ends, so one long call
/// may overdraw it; the next calls then wait until it refills (the retry hint says how long).
/// State exists only for configured clients, so callers cannot grow it.
/// </summary>
internal sealed class ClientQuotas
{
    /// <summary>Retry hint when the calls-in-flight quota refuses: long enough for a short call to finish.</summary>
    public static readonly TimeSpan ConcurrencyRetry = TimeSpan.FromMilliseconds(500);

    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);

    public ClientQuotas(TimeProvider time) => _time = time;

    /// <summary>Takes a call slot for <paramref name="clientId"/>, or throws <see cref="QuotaExceededException"/>.</summary>
    public Lease Acquire(string clientId, ClientRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.MaxConcurrentCalls is null && registration.TokensPerMinute is null)
        {
            return default;
        }

        var state = _states.GetOrAdd(clientId, _ => new State(registration.TokensPerMinute ?? 0, _time.GetTimestamp()));
        lock (state)
        {
            if (registration.MaxConcurrentCalls is { } max && state.InFlight >= max)
            {
                throw new QuotaExceededException(
                    $"client '{clientId}' already has {state.InFlight} calls in flight, its quota (Appliance:Clients:{clientId}:MaxConcurrentCalls)", ConcurrencyRetry, ErrorReasons.QuotaCalls);
            }

            if (registration.TokensPerMinute is { } perMinute)
            {
                Refill(state, perMinute);
                if (state.Tokens <= 0)
                {
                    var wait = TimeSpan.FromSeconds(Math.Max(1, 1 - state.Tokens) / (perMinute / 60.0));
                    throw new QuotaExceededException(
                        $"client '{clientId}' has used its {perMinute} tokens per minute (Appliance:Clients:{clientId}:TokensPerMinute)", wait, ErrorReasons.QuotaTokens);
                }
            }

            state.InFlight++;
            return new Lease(this, state, registration.TokensPerMinute is not null);
        }
    }

    private void Refill(State state, long perMinute)
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(state.RefilledAt, now);
        state.RefilledAt = now;
        state.Tokens = Math.Min(perMinute, state.Tokens + (elapsed.TotalSeconds * perMinute / 60.0));
    }

    /// <summary>A call's hold on its client's quotas; <see cref="Complete"/> charges its tokens and frees the slot.</summary>
    internal readonly struct Lease
    {
        private readonly ClientQuotas? _owner;
        private readonly State? _state;
        private readonly bool _metered;

        internal Lease(ClientQuotas owner, State state, bool metered)
        {
            _owner = owner;
            _state = state;
            _metered = metered;
        }

        public void Complete(long tokens)
        {
            if (_state is null)
            {
                return;
            }

            lock (_state)
            {
                _state.InFlight--;
                if (_metered)
                {
                    _state.Tokens -= tokens;
                }
            }
        }
    }

    /// <summary>One client's counters (guarded by locking the instance).</summary>
    internal sealed class State(long tokens, long refilledAt)
    {
        public int InFlight { get; set; }

        public double Tokens { get; set; } = tokens;

        public long RefilledAt { get; set; } = refilledAt;
    }
}
