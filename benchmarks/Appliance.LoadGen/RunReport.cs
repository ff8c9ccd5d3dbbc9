using System.Globalization;
using System.Text;

namespace Appliance.LoadGen;

/// <summary>One run's section of the markdown report, as either mode fills it in.</summary>
/// <param name="Heading">After "## ": the date and what was measured.</param>
/// <param name="ModelLines">One server-reported line per model.</param>
/// <param name="Notes">Bullet points after the tables.</param>
/// <param name="Definitions">The paragraph that says what the columns mean.</param>
internal sealed record RunReport(
    string Heading,
    string Machine,
    IReadOnlyList<string> ModelLines,
    string Parameters,
    string? Note,
    IReadOnlyList<(string? Title, TextTable Table)> Tables,
    IReadOnlyList<string> Notes,
    string Definitions)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {Heading}").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Load generator machine: {Machine}");
        foreach (var line in ModelLines)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Model (server-reported): {line}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- Parameters: {Parameters}");
        if (!string.IsNullOrWhiteSpace(Note))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Note: {Note}");
        }

        TitledTables.AppendMarkdown(text, Tables);
        text.AppendLine();
        foreach (var note in Notes)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }

        return text.AppendLine().AppendLine(Definitions).AppendLine().ToString();
    }
}
