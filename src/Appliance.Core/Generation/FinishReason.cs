namespace Appliance.Core.Generation;

/// <summary>Why a generation ended.</summary>
public enum FinishReason
{
    /// <summary>The model produced an end-of-generation token or a stop string matched.</summary>
    Stop,

    /// <summary><see cref="SamplingParameters.MaxTokens"/> or the context window was reached.</summary>
    Length,

    /// <summary>The caller cancelled or disconnected.</summary>
    Cancelled,

    /// <summary>The caller's deadline passed.</summary>
    Deadline,

    /// <summary>The engine failed; the request was ended cleanly and the model keeps serving.</summary>
    Error,
}
