using Appliance.Core.Grounding;

namespace Appliance.Grounding.Extraction;

/// <summary>
/// A task's JSON answer splits a medication over fields (<c>/medications/0/name</c> = 阿司匹林,
/// <c>/medications/0/dose</c> = 100mg), so a dose has no drug in its own text. A mass, volume or unit
/// amount without a drug becomes the dose of the one drug its sibling fields (same JSON pointer parent)
/// name; with no drug or several there, it stays a plain quantity.
/// </summary>
internal static class SiblingDoses
{
    public static IReadOnlyList<TextFacts> Attribute(IReadOnlyList<TextFacts> outputs)
    {
        var drugsByParent = outputs
            .Where(o => Parent(o.Text.Name) is not null)
            .GroupBy(o => Parent(o.Text.Name)!, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.SelectMany(o => o.Facts).Where(f => f.Kind == GroundingItemKind.Drug).Select(f => f.DrugId).Distinct(StringComparer.Ordinal).ToList(),
                StringComparer.Ordinal);

        return [.. outputs.Select(o => Parent(o.Text.Name) is { } parent && drugsByParent[parent] is [{ } drug]
            ? o with { Facts = [.. o.Facts.Select(f => f.Kind == GroundingItemKind.Quantity && Unit.IsDose(f.Key) ? f with { Kind = GroundingItemKind.Dose, DrugId = drug } : f)] }
            : o)];
    }

    /// <summary>The JSON pointer of the object holding the field ("/medications/0" for "/medications/0/dose"), or null.</summary>
    private static string? Parent(string name)
    {
        var slash = name.LastIndexOf('/');
        return name.StartsWith('/') && slash > 0 ? name[..slash] : null;
    }
}
