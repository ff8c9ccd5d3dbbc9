namespace Appliance.Core.Generation;

/// <summary>What the caller receives of a reasoning model's reasoning (its <c>&lt;think&gt;…&lt;/think&gt;</c> part).</summary>
public enum ReasoningMode
{
    /// <summary>The reasoning is generated but never sent: the stream carries the answer only (the default).</summary>
    Hidden = 0,

    /// <summary>The reasoning is sent as <see cref="ReasoningPiece"/>s, apart from the answer's text, without its markers.</summary>
    Separate = 1,
}
