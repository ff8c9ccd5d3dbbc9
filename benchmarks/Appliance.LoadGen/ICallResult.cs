namespace Appliance.LoadGen;

/// <summary>What any measured call ended with: a Generate stream or an Embed call.</summary>
internal interface ICallResult
{
    RequestOutcome Outcome { get; }

    /// <summary>Why it was not ok (a gRPC status code, a finish reason, what was wrong with the answer); null when ok.</summary>
    string? Failure { get; }
}
