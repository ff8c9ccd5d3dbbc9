using System.Text.Json;
using Appliance.Core;
using Appliance.Core.Generation;
using Appliance.Core.Structured;
using Fluid;
using YamlDotNet.RepresentationModel;

namespace Appliance.Tasks.Templates;

/// <summary>The sections of a template file, each read and checked on its own (see <see cref="TemplateFileReader"/>).</summary>
internal sealed partial class TemplateFileReader
{
    private static string? Id(TemplateYaml yaml, Dictionary<string, YamlNode> values, string key)
    {
        var text = yaml.Text(values, "", key, required: true);
        if (text is null || Identifiers.IsId(text))
        {
            return text;
        }

        yaml.Problem(key, "must be 1-64 of a-z 0-9 . _ - starting with a letter or digit", values[key]);
        return null;
    }

    private static Dictionary<string, string> Selectors(TemplateYaml yaml, Dictionary<string, YamlNode> values)
    {
        var selectors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!values.TryGetValue("selectors", out var node))
        {
            return selectors;
        }

        if (node is not YamlMappingNode map)
        {
            yaml.Problem("selectors", $"must be a mapping of {string.Join(", ", TaskSelectors.Keys)} to values", node);
            return selectors;
        }

        var known = yaml.Keys(map, "selectors", TaskSelectors.Keys);
        foreach (var key in known.Keys)
        {
            if (yaml.Text(known, "selectors", key, required: false) is { } value)
            {
                selectors[key] = value.Trim().ToLowerInvariant();
            }
        }

        return selectors;
    }

    private static TaskModel? Model(TemplateYaml yaml, Dictionary<string, YamlNode> values)
    {
        if (!values.TryGetValue("model", out var node))
        {
            yaml.Problem("model", $"required: {{ id: <model id> }} or {{ kind: {TaskModel.TextGenerationKind} }}");
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            yaml.Problem("model", $"must be {{ id: <model id> }} or {{ kind: {TaskModel.TextGenerationKind} }}", node);
            return null;
        }

        var model = yaml.Keys(map, "model", ModelKeys);
        if (model.ContainsKey("id") == model.ContainsKey("kind"))
        {
            yaml.Problem("model", "must give exactly one of id and kind", node);
            return null;
        }

        if (model.ContainsKey("kind"))
        {
            return yaml.Choice(model, "model", "kind", required: true, TaskModel.TextGenerationKind) is null ? null : new TaskModel(null);
        }

        var id = yaml.Text(model, "model", "id", required: true);
        if (id is not null && !Identifiers.IsId(id))
        {
            yaml.Problem("model.id", "must be a model id (1-64 of a-z 0-9 . _ -)", model["id"]);
            return null;
        }

        return id is null ? null : new TaskModel(id);
    }

    private static List<TaskInput> Inputs(TemplateYaml yaml, Dictionary<string, YamlNode> values)
    {
        var inputs = new List<TaskInput>();
        if (!values.TryGetValue("inputs", out var node))
        {
            yaml.Problem("inputs", "required: a list of { name, description, required, max_length }");
            return inputs;
        }

        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            yaml.Problem("inputs", "must be a non-empty list of { name, description, required, max_length }", node);
            return inputs;
        }

        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"inputs[{i}]";
            if (list.Children[i] is not YamlMappingNode map)
            {
                yaml.Problem(path, "must be a mapping { name, description, required, max_length }", list.Children[i]);
                continue;
            }

            var input = yaml.Keys(map, path, InputKeys);
            var name = yaml.Text(input, path, "name", required: true);
            if (name is not null && !InputName().IsMatch(name))
            {
                yaml.Problem($"{path}.name", "must be 1-64 of a-z 0-9 _ starting with a letter", input["name"]);
                name = null;
            }
            else if (name is not null && inputs.Any(x => x.Name == name))
            {
                yaml.Problem($"{path}.name", $"'{name}' is already an input", input["name"]);
                name = null;
            }

            var description = yaml.Text(input, path, "description", required: true);
            var required = yaml.Flag(input, path, "required") ?? false;
            var maxLength = (int)(yaml.Whole(input, path, "max_length", 1, TaskInput.MaxMaxLength) ?? TaskInput.DefaultMaxLength);
            if (name is not null && description is not null)
            {
                inputs.Add(new TaskInput(name, description, required, maxLength));
            }
        }

        return inputs;
    }

    private IFluidTemplate? Prompt(TemplateYaml yaml, YamlNode node, string text, List<TaskInput> inputs)
    {
        if (ForbiddenTag().Match(text) is { Success: true } tag)
        {
            yaml.Problem("prompt", $"the Liquid tag '{tag.Groups[1].Value}' is not allowed (a prompt cannot read other files)", node);
            return null;
        }

        if (!parser.TryParse(text, out var template, out var error))
        {
            yaml.Problem("prompt", $"is not valid Liquid: {error}", node);
            return null;
        }

        foreach (var input in inputs.Where(i => !text.Contains($"inputs.{i.Name}", StringComparison.Ordinal)))
        {
            yaml.Problem("prompt", $"never uses the input '{input.Name}' (write {{{{ inputs.{input.Name} }}}})", node);
        }

        return template;
    }

    private static string? Schema(TemplateYaml yaml, Dictionary<string, YamlNode> values, IGrammarCompiler? grammars)
    {
        if (!values.TryGetValue("output_schema", out var node))
        {
            yaml.Problem("output_schema", "required: the JSON Schema of the answer, written in YAML");
            return null;
        }

        if (node is not YamlMappingNode)
        {
            yaml.Problem("output_schema", "must be a JSON Schema written as a YAML mapping (type: object, properties: ...)", node);
            return null;
        }

        var json = YamlJson.Convert(node)!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        using (var document = JsonDocument.Parse(json))
        {
            if (!document.RootElement.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "object")
            {
                yaml.Problem("output_schema.type", "must be object (a task answers with one JSON object)", node);
                return null;
            }
        }

        try
        {
            var grammar = JsonSchemaGrammar.FromSchema(json);
            if (grammars?.Check(new ConstraintGrammar(grammar.Text, grammar.RootRule)) is { } refused)
            {
                yaml.Problem("output_schema", $"its grammar does not compile with the engine ({refused})", node);
                return null;
            }

            return json;
        }
        catch (SchemaNotSupportedException e)
        {
            var prefix = e.Pointer.Length == 0 ? "(root): " : $"{e.Pointer}: ";
            var problem = e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
            yaml.Problem($"output_schema{e.Pointer}", problem, node);
            return null;
        }
    }

    private static TaskSampling Sampling(TemplateYaml yaml, Dictionary<string, YamlNode> values)
    {
        if (!values.TryGetValue("sampling", out var node))
        {
            return new TaskSampling();
        }

        if (node is not YamlMappingNode map)
        {
            yaml.Problem("sampling", $"must be a mapping of {string.Join(", ", SamplingKeys)}", node);
            return new TaskSampling();
        }

        var sampling = yaml.Keys(map, "sampling", SamplingKeys);
        return new TaskSampling
        {
            Temperature = (float?)yaml.Number(sampling, "sampling", "temperature", 0, 2),
            TopP = (float?)yaml.Number(sampling, "sampling", "top_p", 0.01, 1),
            TopK = (int?)yaml.Whole(sampling, "sampling", "top_k", 0, 1000),
            MaxTokens = (int?)yaml.Whole(sampling, "sampling", "max_tokens", 1, 32768),
            Seed = (uint?)yaml.Whole(sampling, "sampling", "seed", 0, uint.MaxValue),
        };
    }
}
