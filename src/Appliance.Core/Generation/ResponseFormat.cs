namespace Appliance.Core.Generation;

/// <summary>
/// A structured-output constraint, enforced while decoding and checked after it. The texts are
/// caller content (a schema's enum or a choice may name a patient): never logged, audited or
/// put in metrics.
/// </summary>
public sealed record ResponseFormat
{
    /// <summary>Which mode; decides which of the other members is meaningful.</summary>
    public required ResponseFormatMode Mode { get; init; }

    /// <summary>The JSON Schema document (<see cref="ResponseFormatMode.JsonSchema"/>) or the GBNF text (<see cref="ResponseFormatMode.Grammar"/>); empty otherwise.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>The schema's optional name (<see cref="ResponseFormatMode.JsonSchema"/>).</summary>
    public string? Name { get; init; }

    /// <summary>The allowed answers (<see cref="ResponseFormatMode.Choice"/>); empty otherwise.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>The mode's name as the contract and the metrics spell it (<c>json_schema</c>, <c>json_object</c>, <c>grammar</c>, <c>choice</c>).</summary>
    public string ModeName => Mode switch
    {
        ResponseFormatMode.JsonSchema => "json_schema",
        ResponseFormatMode.JsonObject => "json_object",
        ResponseFormatMode.Grammar => "grammar",
        _ => "choice",
    };
}
