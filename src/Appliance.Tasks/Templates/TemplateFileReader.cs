using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Appliance.Core;
using Appliance.Core.Generation;
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

    [GeneratedRegex(@"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\z", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageShape();

    [GeneratedRegex(@"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex VersionShape();

    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex InputName();

    [GeneratedRegex(@"{%-?\s*(include|render|layout|section)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ForbiddenTag();
}
