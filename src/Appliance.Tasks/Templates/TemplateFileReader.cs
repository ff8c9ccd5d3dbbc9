using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Appliance.Core;
using Appliance.Core.Generation;
using Appliance.Core.Structured;
using Fluid;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Appliance.Tasks.Templates;

/// <summary>
/// Reads and validates one template file (YAML through YamlDotNet's representation model, so every
/// node keeps its line): every problem is collected, and a file with any problem gives no template.
/// The prompt is Liquid through Fluid.Core (sandboxed: no code, no file access; <c>include</c> and
/// <c>render</c> are refused here); the output schema must convert to a grammar, and that grammar must
/// compile with the engine's parser when a <see cref="IGrammarCompiler"/> is given.
/// </summary>
internal sealed partial class TemplateFileReader(FluidParser parser, IGrammarCompiler? grammars)
{
    private static readonly string[] TopKeys =
        ["id", "family", "version", "title", "description", "language", "selectors", "model", "priority", "inputs", "prompt", "output_schema", "sampling", "grounding"];

    private static readonly string[] InputKeys = ["name", "description", "required", "max_length"];
    private static readonly string[] ModelKeys = ["id", "kind"];
    private static readonly string[] SamplingKeys = ["temperature", "top_p", "top_k", "max_tokens", "seed"];

    /// <summary>The template in <paramref name="bytes"/>, or null with the problems added to <paramref name="problems"/>.</summary>
    public TaskTemplate? Read(string path, byte[] bytes, TaskOrigin origin, List<TemplateProblem> problems)
    {
        var before = problems.Count;
        var yaml = new TemplateYaml(path, problems);
        YamlMappingNode root;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode map)
            {
                yaml.Problem(TemplateProblem.WholeFile, "must hold one YAML mapping (id:, family:, ...)");
                return null;
            }

            root = map;
        }
        catch (DecoderFallbackException)
        {
            yaml.Problem(TemplateProblem.WholeFile, "is not UTF-8 text");
            return null;
        }
        catch (YamlException e)
        {
            problems.Add(new TemplateProblem(path, "(yaml)", e.InnerException?.Message ?? e.Message, (int)e.Start.Line));
            return null;
        }

        var values = yaml.Keys(root, "", TopKeys);
        var id = Id(yaml, values, "id");
        var family = Id(yaml, values, "family");
        if (id is not null && family is not null && !id.StartsWith(family + ".", StringComparison.Ordinal) && id != family)
        {
            yaml.Problem("id", $"must be the family '{family}' or start with '{family}.'", values["id"]);
        }

        var version = yaml.Text(values, "", "version", required: true);
        if (version is not null && !VersionShape().IsMatch(version))
        {
            yaml.Problem("version", "must be 1-32 of letters, digits and . + - (e.g. 1.0.0); quote it when it looks like a number (\"1.0\")", values["version"]);
        }

        var title = yaml.Text(values, "", "title", required: true);
        var description = yaml.Text(values, "", "description", required: false) ?? "";
        var language = yaml.Text(values, "", "language", required: true);
        if (language is not null && !LanguageShape().IsMatch(language))
        {
            yaml.Problem("language", "must be a BCP 47 language tag such as zh, en or zh-Hans", values["language"]);
        }

        var selectors = Selectors(yaml, values);
        var model = Model(yaml, values);
        var priority = yaml.Choice(values, "", "priority", required: false, "urgent", "normal", "batch") switch
        {
            "urgent" => Priority.Urgent,
            "batch" => Priority.Batch,
            _ => Priority.Normal,
        };
        var inputs = Inputs(yaml, values);
        var promptText = yaml.Text(values, "", "prompt", required: true);
        var prompt = promptText is null ? null : Prompt(yaml, values["prompt"], promptText, inputs);
        var schema = Schema(yaml, values, grammars);
        var sampling = Sampling(yaml, values);
        var grounding = yaml.Choice(values, "", "grounding", required: true, "annotate", "reject", "retry");
        if (problems.Count > before)
        {
            return null;
        }

        return new TaskTemplate
        {
            Id = id!,
            Family = family!,
            Version = version!,
            Title = title!,
            Description = description,
            Language = language!,
            Selectors = selectors,
            Model = model!,
            Inputs = inputs,
            PromptText = promptText!,
            Prompt = prompt!,
            OutputSchema = schema!,
            Sampling = sampling,
            Priority = priority,
            Grounding = Enum.Parse<GroundingPolicy>(grounding!, ignoreCase: true),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            FilePath = path,
            Origin = origin,
        };
    }

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

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\z", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageShape();

    [GeneratedRegex(@"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionShape();

    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex InputName();

    [GeneratedRegex(@"{%-?\s*(include|render|layout|section)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ForbiddenTag();
}
