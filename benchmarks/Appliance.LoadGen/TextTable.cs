using System.Text;

namespace Appliance.LoadGen;

/// <summary>Rows of text cells, rendered as an aligned console table or a markdown table.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly List<string[]> _rows;

    public TextTable(IEnumerable<string> headers, IEnumerable<string[]> rows)
    {
        _headers = [.. headers];
        _rows = [.. rows];
    }

    public string ToText()
    {
        var widths = _headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in _rows.Prepend(_headers))
        {
            // Numbers right-aligned, like every other benchmark table.
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadLeft(widths[i]))));
        }

        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| " + string.Join(" | ", _headers) + " |");
        text.AppendLine("|" + string.Concat(_headers.Select(_ => "---:|")));
        foreach (var row in _rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        return text.ToString();
    }
}
