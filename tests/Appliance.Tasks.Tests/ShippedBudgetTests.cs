using System.Text.Json;

namespace Appliance.Tasks.Tests;

/// <summary>
/// Every shipped template's output budget (<c>sampling.max_tokens</c>) covers the longest answer its output
/// schema allows, counted in characters of compact JSON: every string at its maxLength, every array at its
/// maxItems, every property present. At one token per character or better (the hospital's BPE vocabularies)
/// an answer that follows the grammar is never cut; the schemas are bounded so this stays within 8192 tokens.
/// </summary>
public sealed class ShippedBudgetTests
{
    private const int MaxBudget = 8192;

    public static TheoryData<string> ShippedIds() => [.. Shipped().Select(t => t.Id)];

    [Theory]
    [MemberData(nameof(ShippedIds))]
    public void ShippedTemplate_MaxTokens_CoversTheSchemasLongestAnswerWithinTheCap(string id)
    {
        var template = Shipped().Single(t => t.Id == id);
        using var schema = JsonDocument.Parse(template.OutputSchema);

        var longest = Longest(schema.RootElement);

        Assert.InRange(template.Sampling.MaxTokens ?? 0, longest, MaxBudget);
    }

    [Fact]
    public void Longest_SmallSchema_CountsKeysQuotesAndSeparators()
    {
        using var schema = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string","maxLength":3},"b":{"type":"array","maxItems":2,"items":{"enum":["xy","z"]}}}}""");

        // {"a":"xxx","b":["xy","xy"]}
        Assert.Equal("""{"a":"xxx","b":["xy","xy"]}""".Length, Longest(schema.RootElement));
    }

    private static IReadOnlyList<TaskTemplate> Shipped() =>
        new TaskCatalogBuilder().Build([new TaskFolder(Path.Combine(RepositoryPaths.Root, "models", "tasks"), TaskOrigin.Shipped)]).Catalog!.All;

    /// <summary>The longest compact JSON text <paramref name="schema"/> accepts (the shipped schemas' keywords only: a pattern counts as its ICD-10 shape, 8 characters).</summary>
    private static int Longest(JsonElement schema)
    {
        if (schema.TryGetProperty("enum", out var values))
        {
            return values.EnumerateArray().Max(v => v.GetRawText().Length);
        }

        switch (schema.GetProperty("type").GetString())
        {
            case "object":
                var properties = schema.GetProperty("properties").EnumerateObject().ToList();
                return 2 + properties.Sum(p => JsonSerializer.Serialize(p.Name).Length + 1 + Longest(p.Value)) + Math.Max(0, properties.Count - 1);
            case "array":
                var count = schema.GetProperty("maxItems").GetInt32();
                return 2 + (count * Longest(schema.GetProperty("items"))) + Math.Max(0, count - 1);
            case "string":
                return 2 + (schema.TryGetProperty("pattern", out _) ? 8 : schema.GetProperty("maxLength").GetInt32());
            default:
                throw new NotSupportedException($"no longest answer for type {schema.GetProperty("type")}");
        }
    }
}
