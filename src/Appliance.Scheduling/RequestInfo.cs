using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>The labels of a request that observers may use (closed sets; no text, no request id).</summary>
/// <param name="ModelId">Model id as requested.</param>
/// <param name="ClientId">Calling system.</param>
/// <param name="Priority">Effective priority class.</param>
/// <param name="PromptTokens">Prompt tokens (0 if refused before tokenisation).</param>
public readonly record struct RequestInfo(string ModelId, string ClientId, Priority Priority, int PromptTokens);
