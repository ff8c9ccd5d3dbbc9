namespace Appliance.Cli.Formatting;

/// <summary>A plain text table: left-aligned columns separated by two spaces, no borders.</summary>
internal sealed class TextTable
{
    private const string Gap = "  ";
    private readonly string[] _headers;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers)
    {
        _headers = headers;
    }

    /// <summary>Adds a row; empty or null cells print as "-" so columns stay readable.</summary>
    public void AddRow(params string?[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"Expected {_headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add([.. cells.Select(cell => string.IsNullOrEmpty(cell) ? "-" : cell.ReplaceLineEndings(" "))]);
    }

    public async Task WriteToAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        var widths = new int[_headers.Length];
        foreach (var row in _rows.Prepend(_headers))
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in _rows.Prepend(_headers))
        {
            // The last column is not padded, so lines carry no trailing spaces.
            var cells = row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]));
            await writer.WriteLineAsync(string.Join(Gap, cells).AsMemory(), cancellationToken);
        }
    }
}
