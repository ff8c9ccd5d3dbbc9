namespace Appliance.Core.Structured;

/// <summary>
/// Bounds on a JSON Schema that <see cref="JsonSchemaGrammar.FromSchema"/> converts, so one caller's schema
/// cannot make a grammar that costs the server unbounded memory or time.
/// </summary>
/// <param name="MaxSchemaBytes">Largest schema text, in UTF-8 bytes.</param>
/// <param name="MaxDepth">Deepest nesting of schemas inside schemas (the root is depth 0).</param>
/// <param name="MaxProperties">Most entries in one <c>properties</c> keyword.</param>
/// <param name="MaxEnumValues">Most values in one <c>enum</c> keyword.</param>
public sealed record SchemaLimits(int MaxSchemaBytes = 65536, int MaxDepth = 16, int MaxProperties = 256, int MaxEnumValues = 1024)
{
    /// <summary>The limits that apply when a caller passes none.</summary>
    public static SchemaLimits Default { get; } = new();

    /// <summary>
    /// Largest count a repetition keyword (<c>minItems</c>, <c>maxItems</c>, <c>minLength</c>, <c>maxLength</c>,
    /// a pattern's <c>{n,m}</c>) may name: llama.cpp expands a bounded repetition into one rule per step
    /// and refuses a count of 2000 or more (<see cref="GbnfSyntax.MaxRepetitions"/>).
    /// </summary>
    public const int MaxRepetition = GbnfSyntax.MaxRepetitions;
}
