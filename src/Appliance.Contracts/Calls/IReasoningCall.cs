namespace Appliance.Contracts.V1;

/// <summary>
/// A generation request with the reasoning fields (numbers 30-31): <see cref="GenerateRequest"/> and
/// <see cref="CompleteRequest"/>. Implemented by their generated properties, so one mapping reads both.
/// </summary>
public interface IReasoningCall
{
    /// <summary>What the caller receives of the reasoning.</summary>
    Reasoning Reasoning { get; }

    /// <summary>Whether <see cref="ReasoningMaxTokens"/> was sent.</summary>
    bool HasReasoningMaxTokens { get; }

    /// <summary>The reasoning budget; meaningful only with <see cref="HasReasoningMaxTokens"/>.</summary>
    int ReasoningMaxTokens { get; }
}
