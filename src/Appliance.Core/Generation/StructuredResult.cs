namespace Appliance.Core.Generation;

/// <summary>How a structured answer kept its <see cref="ResponseFormat"/>.</summary>
public enum StructuredResult
{
    /// <summary>The request set no response format.</summary>
    None,

    /// <summary>Complete and passed the server's check for its mode.</summary>
    Valid,

    /// <summary>Cut before the structure ended (max_tokens, context, cancel, deadline, error).</summary>
    Incomplete,

    /// <summary>Ended but failed the server's check; decoding is constrained, so this should never happen.</summary>
    Invalid,
}
