namespace Appliance.Cli.Formatting;

/// <summary>
/// Fitting text into a fixed width, and ANSI colours for a terminal (none otherwise, and none when
/// <c>NO_COLOR</c> is set). Widths are counted in characters of plain text, before colouring.
/// </summary>
internal sealed class ScreenText
{
    /// <summary>The width every line of the screen fits in.</summary>
    public const int Width = 80;

    private const string Ellipsis = "...";
    private const string Reset = "\u001b[0m";

    public ScreenText(bool colour)
    {
        Colour = colour;
    }

    public bool Colour { get; }

    /// <summary>Colours <paramref name="text"/> (already padded) when this screen uses colours.</summary>
    public string Paint(string text, ScreenStyle style)
    {
        if (!Colour || style == ScreenStyle.Plain)
        {
            return text;
        }

        var code = style switch
        {
            ScreenStyle.Good => "\u001b[32m",
            ScreenStyle.Warning => "\u001b[33m",
            _ => "\u001b[1;31m",
        };
        return code + text + Reset;
    }

    /// <summary><paramref name="text"/> cut to <paramref name="width"/> characters, ending in "..." when cut.</summary>
    public static string Truncate(string text, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= width)
        {
            return text;
        }

        return width <= Ellipsis.Length ? text[..Math.Max(width, 0)] : text[..(width - Ellipsis.Length)] + Ellipsis;
    }

    /// <summary>
    /// Word-wraps <paramref name="text"/> into lines of at most <see cref="Width"/>: the first starts with
    /// <paramref name="prefix"/>, the others with as many spaces; at most <paramref name="maxLines"/> lines,
    /// the last ending in "..." if text was left out.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string prefix, string text, int maxLines = 4)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(text);
        var room = Width - prefix.Length;
        var indent = new string(' ', prefix.Length);
        var lines = new List<string>();
        var rest = text.ReplaceLineEndings(" ").Trim();
        while (rest.Length > 0)
        {
            var take = rest.Length <= room ? rest.Length : BreakAt(rest, room);
            var piece = rest[..take].TrimEnd();
            rest = rest[take..].TrimStart();
            if (lines.Count == maxLines - 1 && rest.Length > 0)
            {
                lines.Add((lines.Count == 0 ? prefix : indent) + Truncate(piece + " " + rest, room));
                break;
            }

            lines.Add((lines.Count == 0 ? prefix : indent) + piece);
        }

        return lines;
    }

    private static int BreakAt(string text, int room)
    {
        var space = text.LastIndexOf(' ', room);
        return space > room / 2 ? space : room;
    }
}
