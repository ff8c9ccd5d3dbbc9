namespace Appliance.Cli.Formatting;

/// <summary>
/// A table of the status screen: columns separated by two spaces, numbers right-aligned, each
/// row optionally followed by indented detail lines (a backend, a failure reason). When the rows
/// are wider than <see cref="ScreenText.Width"/>, the column marked <see cref="Column.Shrinks"/> (else
/// the first) is cut, its cells ending in "...".
/// </summary>
internal sealed class ScreenTable
{
    private const string Gap = "  ";
    private const int MinimumShrunkWidth = 12;
    private readonly Column[] _columns;
    private readonly List<Row> _rows = [];

    public ScreenTable(params Column[] columns)
    {
        _columns = columns;
    }

    /// <summary>Adds a row; null or empty cells print as "-".</summary>
    public void AddRow(IReadOnlyList<Cell> cells, IReadOnlyList<string>? details = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count != _columns.Length)
        {
            throw new ArgumentException($"Expected {_columns.Length} cells, got {cells.Count}.", nameof(cells));
        }

        _rows.Add(new Row([.. cells.Select(c => new Cell(string.IsNullOrEmpty(c.Text) ? "-" : c.Text.ReplaceLineEndings(" "), c.Style))], details ?? []));
    }

    public IEnumerable<string> Render(ScreenText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var widths = _columns.Select((c, i) => _rows.Select(r => Length(r.Cells[i])).Append(c.Header.Length).Max()).ToArray();
        var overflow = widths.Sum() + (Gap.Length * (widths.Length - 1)) - ScreenText.Width;
        if (overflow > 0)
        {
            var shrink = Math.Max(0, Array.FindIndex(_columns, c => c.Shrinks));
            widths[shrink] = Math.Max(MinimumShrunkWidth, widths[shrink] - overflow);
        }

        yield return Line(text, _columns.Select(c => new Cell(c.Header)).ToArray(), widths);
        foreach (var row in _rows)
        {
            yield return Line(text, row.Cells, widths);
            foreach (var detail in row.Details)
            {
                yield return ScreenText.Truncate(detail, ScreenText.Width);
            }
        }
    }

    private string Line(ScreenText text, Cell[] cells, int[] widths)
    {
        var parts = new string[cells.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = ScreenText.Truncate(cells[i].Text ?? "-", widths[i]);
            var padding = new string(' ', widths[i] - cell.Length);
            var painted = text.Paint(cell, cells[i].Style);
            parts[i] = _columns[i].RightAligned ? padding + painted
                : i == cells.Length - 1 ? painted
                : painted + padding;
        }

        // A left-aligned last column carries no trailing spaces.
        return string.Join(Gap, parts);
    }

    private static int Length(Cell cell) => cell.Text?.Length ?? 1;

    /// <summary>A column: its header, whether its cells are right-aligned (numbers), and whether it is the one cut when too wide.</summary>
    internal sealed record Column(string Header, bool RightAligned = false, bool Shrinks = false);

    /// <summary>A cell's text and how a terminal colours it.</summary>
    internal sealed record Cell(string? Text, ScreenStyle Style = ScreenStyle.Plain);

    private sealed record Row(Cell[] Cells, IReadOnlyList<string> Details);
}
