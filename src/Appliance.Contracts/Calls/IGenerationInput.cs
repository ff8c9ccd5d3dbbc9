namespace Appliance.Contracts.V1;

/// <summary>
/// A request message that carries generation input, a raw prompt or chat turns, under the same
/// field numbers: <see cref="GenerateRequest"/>, <see cref="CompleteRequest"/> and
/// <see cref="CountTokensRequest"/>. Implemented by their generated properties (partial classes
/// in <c>CallMessages.cs</c>), so one mapping reads all three.
/// </summary>
public interface IGenerationInput : IModelCall
{
    /// <summary>Whether the input is a raw prompt (the oneof's <c>prompt</c> case, empty text included).</summary>
    bool HasPrompt { get; }

    /// <summary>The raw prompt; empty unless <see cref="HasPrompt"/>.</summary>
    string Prompt { get; }

    /// <summary>The chat turns; null unless the oneof's <c>messages</c> case is set.</summary>
    ChatMessages? Messages { get; }
}
