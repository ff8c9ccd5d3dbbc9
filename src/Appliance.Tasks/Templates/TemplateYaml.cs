using System.Globalization;
using Appliance.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace Appliance.Tasks.Templates;

/// <summary>
/// Reads the values of one YAML mapping of a template file, recording a <see cref="TemplateProblem"/>
/// (with the node's line) for every value of the wrong shape instead of stopping at the first, so
/// IT sees every error of a file at once.
/// </summary>
internal sealed class TemplateYaml(string file, List<TemplateProblem> problems)
{
    public void Problem(string key, string problem, YamlNode? node = null) =>
        problems.Add(new TemplateProblem(file, key, problem, node is null ? null : (int)node.Start.Line));

    /// <summary>The mapping's values by key; unknown and non-scalar keys are problems (with a did-you-mean).</summary>
    public Dictionary<string, YamlNode> Keys(YamlMappingNode map, string path, IReadOnlyList<string> known)
    {
        var values = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value;
            if (key is null)
            {
                Problem(path.Length == 0 ? TemplateProblem.WholeFile : path, "keys must be plain names", keyNode);
                continue;
            }

            if (!known.Contains(key))
            {
                var hint = KeySuggester.Suggest(key, known) is { } near ? $"did you mean '{near}'? " : "";
                Problem(Join(path, key), $"unknown key; {hint}allowed: {string.Join(", ", known)}", keyNode);
                continue;
            }

            values[key] = value;
        }

        return values;
    }

    public string? Text(Dictionary<string, YamlNode> values, string path, string key, bool required)
    {
        if (!values.TryGetValue(key, out var node))
        {
            if (required)
            {
                Problem(Join(path, key), "required");
            }

            return null;
        }

        if (node is not YamlScalarNode { Value: { } text } || string.IsNullOrWhiteSpace(text))
        {
            Problem(Join(path, key), "must be a non-empty text", node);
            return null;
        }

        return text;
    }

    public double? Number(Dictionary<string, YamlNode> values, string path, string key, double min, double max)
    {
        if (!values.TryGetValue(key, out var node))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Problem(Join(path, key), string.Create(CultureInfo.InvariantCulture, $"must be a number from {min} to {max}"), node);
        return null;
    }

    public long? Whole(Dictionary<string, YamlNode> values, string path, string key, long min, long max)
    {
        if (!values.TryGetValue(key, out var node))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Problem(Join(path, key), string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {min} to {max}"), node);
        return null;
    }

    public bool? Flag(Dictionary<string, YamlNode> values, string path, string key)
    {
        if (!values.TryGetValue(key, out var node))
        {
            return null;
        }

        if (node is YamlScalarNode { Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }

        Problem(Join(path, key), "must be true or false", node);
        return null;
    }

    /// <summary>One of <paramref name="allowed"/> (lower case), or a problem naming them.</summary>
    public string? Choice(Dictionary<string, YamlNode> values, string path, string key, bool required, params string[] allowed)
    {
        var text = Text(values, path, key, required);
        if (text is null)
        {
            return null;
        }

        if (allowed.Contains(text, StringComparer.Ordinal))
        {
            return text;
        }

        Problem(Join(path, key), $"must be one of {string.Join(", ", allowed)}", values[key]);
        return null;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
