namespace Appliance.Core.Generation;

/// <summary>The shape a structured answer must take (<see cref="ResponseFormat"/>).</summary>
public enum ResponseFormatMode
{
    /// <summary>One JSON value valid against a JSON Schema.</summary>
    JsonSchema,

    /// <summary>Any JSON object.</summary>
    JsonObject,

    /// <summary>Text matching the caller's GBNF grammar.</summary>
    Grammar,

    /// <summary>Exactly one of a list of strings.</summary>
    Choice,
}
