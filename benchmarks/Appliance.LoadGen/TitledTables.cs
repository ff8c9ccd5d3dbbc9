using System.Globalization;
using System.Text;

namespace Appliance.LoadGen;

/// <summary>A report's tables in order, each with its title (none for the main table), as console text or markdown.</summary>
internal static class TitledTables
{
    public static async Task WriteTextAsync(TextWriter output, IEnumerable<(string? Title, TextTable Table)> tables)
    {
        foreach (var (title, table) in tables)
        {
            await output.WriteLineAsync();
            if (title is not null)
            {
                await output.WriteLineAsync(title + ":");
            }

            await output.WriteAsync(table.ToText());
        }
    }

    public static void AppendMarkdown(StringBuilder text, IEnumerable<(string? Title, TextTable Table)> tables)
    {
        foreach (var (title, table) in tables)
        {
            text.AppendLine();
            if (title is not null)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{title}:").AppendLine();
            }

            text.Append(table.ToMarkdown());
        }
    }
}
