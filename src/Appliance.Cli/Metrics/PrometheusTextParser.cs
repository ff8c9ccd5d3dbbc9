using System.Globalization;
using System.Text;

namespace Appliance.Cli.Metrics;

/// <summary>
/// Reads the Prometheus text exposition format 0.0.4, which the appliance's metrics port serves:
/// <c># TYPE</c> lines, other comments, and sample lines
/// <c>name{label="value",...} value [timestamp]</c> with <c>\\</c>, <c>\"</c> and <c>\n</c> escapes
/// in label values and <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c> values. Timestamps are read and ignored.
/// </summary>
internal static class PrometheusTextParser
{
    /// <summary>Parses a whole page; a line that is not the format throws <see cref="FormatException"/> naming its number.</summary>
    public static MetricsPage Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<MetricSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim(' ', '\t');
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                ReadComment(line, types);
                continue;
            }

            try
            {
                samples.Add(ReadSample(line));
            }
            catch (FormatException exception)
            {
                throw new FormatException($"line {number}: {exception.Message}", exception);
            }
        }

        return new MetricsPage(samples, types);
    }

    private static void ReadComment(string line, Dictionary<string, string> types)
    {
        // "# TYPE name type"; "# HELP" and any other comment carry nothing the screen needs.
        var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 4 && parts[0] == "#" && parts[1] == "TYPE")
        {
            types[parts[2]] = parts[3];
        }
    }

    private static MetricSample ReadSample(string line)
    {
        var position = 0;
        var name = ReadName(line, ref position, allowColon: true)
            ?? throw new FormatException("expected a metric name");
        SkipBlanks(line, ref position);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            ReadLabels(line, ref position, labels);
            SkipBlanks(line, ref position);
        }

        var valueStart = position;
        while (position < line.Length && line[position] is not (' ' or '\t'))
        {
            position++;
        }

        var value = ParseValue(line[valueStart..position]);
        SkipBlanks(line, ref position);
        if (position < line.Length && !long.TryParse(line.AsSpan(position), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw new FormatException($"unexpected '{line[position..]}' after the value of {name}");
        }

        return new MetricSample(name, labels, value);
    }

    private static void ReadLabels(string line, ref int position, Dictionary<string, string> labels)
    {
        while (true)
        {
            SkipBlanks(line, ref position);
            if (position < line.Length && line[position] == '}')
            {
                position++;
                return;
            }

            var label = ReadName(line, ref position, allowColon: false)
                ?? throw new FormatException("expected a label name or '}'");
            SkipBlanks(line, ref position);
            Expect(line, ref position, '=');
            SkipBlanks(line, ref position);
            Expect(line, ref position, '"');
            labels[label] = ReadQuoted(line, ref position);
            SkipBlanks(line, ref position);
            if (position < line.Length && line[position] == ',')
            {
                position++;
            }
            else if (position >= line.Length || line[position] != '}')
            {
                throw new FormatException("expected ',' or '}' after a label value");
            }
        }
    }

    /// <summary>Reads up to the closing quote (already past the opening one), unescaping \\, \" and \n.</summary>
    private static string ReadQuoted(string line, ref int position)
    {
        var value = new StringBuilder();
        while (position < line.Length)
        {
            var c = line[position++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c == '\\' && position < line.Length)
            {
                var escaped = line[position++];
                value.Append(escaped switch
                {
                    'n' => '\n',
                    '\\' => '\\',
                    '"' => '"',
                    _ => throw new FormatException($"unknown escape '\\{escaped}' in a label value"),
                });
                continue;
            }

            value.Append(c);
        }

        throw new FormatException("unterminated label value");
    }

    private static string? ReadName(string line, ref int position, bool allowColon)
    {
        var start = position;
        while (position < line.Length && IsNameChar(line[position], first: position == start, allowColon))
        {
            position++;
        }

        return position > start ? line[start..position] : null;
    }

    private static bool IsNameChar(char c, bool first, bool allowColon) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_'
        || (allowColon && c == ':')
        || (!first && c is >= '0' and <= '9');

    private static double ParseValue(string text) => text switch
    {
        "" => throw new FormatException("missing value"),
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw new FormatException($"'{text}' is not a number"),
    };

    private static void Expect(string line, ref int position, char expected)
    {
        if (position >= line.Length || line[position] != expected)
        {
            throw new FormatException($"expected '{expected}' at column {position + 1}");
        }

        position++;
    }

    private static void SkipBlanks(string line, ref int position)
    {
        while (position < line.Length && line[position] is ' ' or '\t')
        {
            position++;
        }
    }
}
