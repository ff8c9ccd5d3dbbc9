namespace Appliance.Tasks.Tests;

/// <summary>Every kind of problem a template file can have is reported as <c>file: key: problem</c>, all of them at once.</summary>
public sealed class TemplateValidationTests : IDisposable
{
    private readonly TemplateFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ShippedTemplates_InRepository_LoadWithoutProblems()
    {
        var result = new TaskCatalogBuilder().Build([new TaskFolder(Path.Combine(RepositoryPaths.Root, "models", "tasks"), TaskOrigin.Shipped)]);

        Assert.Empty(result.Problems);
        var families = result.Catalog!.ByFamily;
        Assert.Equal(["discharge.summary", "notes.extract", "preconsult.summary", "report.normalise"], families.Keys.Order(StringComparer.Ordinal));
        Assert.All(families.Values, variants => Assert.Equal(["en", "zh"], variants.Select(v => v.Language).Distinct().Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void OutputSchema_GrammarTheEngineRefuses_ProblemNamesFileAndKey()
    {
        var path = _files.WriteShipped("a.yaml", TemplateFiles.Valid("report.normalise.en"));
        var compiler = new RefusingCompiler();

        var result = new TaskCatalogBuilder(compiler).Build([new TaskFolder(_files.Shipped, TaskOrigin.Shipped)]);

        var problem = Assert.Single(result.Problems).ToString();
        Assert.StartsWith($"{path}: output_schema: its grammar does not compile with the engine (parser says no)", problem, StringComparison.Ordinal);
        Assert.Null(result.Catalog);
        Assert.Contains("findings", compiler.Seen!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedTemplates_GrammarCompilerAccepts_LoadWithEveryGrammarChecked()
    {
        var compiler = new RefusingCompiler(refuse: false);

        var result = new TaskCatalogBuilder(compiler).Build([new TaskFolder(Path.Combine(RepositoryPaths.Root, "models", "tasks"), TaskOrigin.Shipped)]);

        Assert.Empty(result.Problems);
        Assert.Equal(result.Catalog!.All.Count, compiler.Checks);
    }

    private sealed class RefusingCompiler(bool refuse = true) : Appliance.Core.Generation.IGrammarCompiler
    {
        public Appliance.Core.Generation.ConstraintGrammar? Seen { get; private set; }

        public int Checks { get; private set; }

        public string? Check(Appliance.Core.Generation.ConstraintGrammar grammar)
        {
            Seen = grammar;
            Checks++;
            return refuse ? "parser says no" : null;
        }
    }

    [Fact]
    public void Valid_File_GivesTemplateWithSha256AndJsonSchema()
    {
        var path = _files.WriteShipped("a.yaml", TemplateFiles.Valid("report.normalise.en"));

        var template = Assert.Single(_files.Build().Catalog!.All);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.IO.File.ReadAllBytes(path))), template.Sha256);
        Assert.Equal("""{"type":"object","properties":{"findings":{"type":"string","maxLength":200}},"required":["findings"]}""", template.OutputSchema);
        Assert.Equal(("en", GroundingPolicy.Annotate, 100), (template.Selectors["language"], template.Grounding, template.Inputs[0].MaxLength));
    }

    public static TheoryData<string, string, string> Broken() => new()
    {
        { "idd: x\n", "idd", "unknown key; did you mean 'id'?" },
        { "~title\n", "title", "required" },
        { "id: Report!\n", "id", "must be 1-64 of a-z 0-9" },
        { "id: other.thing\n", "id", "must be the family 'report.normalise' or start with 'report.normalise.'" },
        { "version: 1.0 beta\n", "version", "must be 1-32 of letters" },
        { "language: English\n", "language", "must be a BCP 47 language tag" },
        { "selectors: { ward: icu }\n", "selectors.ward", "unknown key; allowed: exam_type, body_part, department, language" },
        { "model: { id: tiny, kind: text-generation }\n", "model", "must give exactly one of id and kind" },
        { "model: { kind: embedding }\n", "model.kind", "must be one of text-generation" },
        { "priority: high\n", "priority", "must be one of urgent, normal, batch" },
        { "inputs: none\n", "inputs", "must be a non-empty list" },
        { "inputs: [ { name: a, description: x }, { name: a, description: y } ]\nprompt: \"{{ inputs.a }}\"\n", "inputs[1].name", "'a' is already an input" },
        { "inputs: [ { name: a, description: x, max_length: 0 } ]\nprompt: \"{{ inputs.a }}\"\n", "inputs[0].max_length", "must be a whole number from 1 to 200000" },
        { "prompt: \"{% if %}\"\n", "prompt", "is not valid Liquid" },
        { "prompt: \"{% include 'x' %} {{ inputs.dictation }}\"\n", "prompt", "the Liquid tag 'include' is not allowed" },
        { "prompt: \"nothing\"\n", "prompt", "never uses the input 'dictation'" },
        { "output_schema: { type: string }\n", "output_schema.type", "must be object" },
        { "output_schema: { type: object, properties: { dose: { type: number, minimum: 0 } } }\n", "output_schema/properties/dose", "keyword \"minimum\" is not supported" },
        { "sampling: { temperature: 9 }\n", "sampling.temperature", "must be a number from 0 to 2" },
        { "grounding: maybe\n", "grounding", "must be one of annotate, reject, retry" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Broken_Key_ProblemNamesFileKeyAndWhatIsAllowed(string replacement, string key, string problem)
    {
        var path = _files.WriteShipped("broken.yaml", Replace(TemplateFiles.Valid("report.normalise.en"), replacement));

        var result = _files.Build();

        Assert.Null(result.Catalog);
        Assert.Contains(result.Problems, p => p.File == path && p.Key == key && p.Problem.Contains(problem, StringComparison.Ordinal));
        Assert.StartsWith($"{path}: {key}: ", result.Problems.First(p => p.Key == key).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ManyProblems_OneFile_EveryOneReportedWithItsLine()
    {
        var path = _files.WriteShipped("broken.yaml", Replace(TemplateFiles.Valid("report.normalise.en"), "priority: high\ngrounding: maybe\n"));

        var problems = _files.Build().Problems;

        Assert.Equal(2, problems.Count);
        Assert.Equal(["grounding", "priority"], problems.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(problems, p => Assert.NotNull(p.Line));
        Assert.Contains(problems, p => p.ToString() == $"{path}: priority: must be one of urgent, normal, batch (line {p.Line})");
    }

    [Fact]
    public void YamlSyntaxError_ReportedWithLine()
    {
        var path = _files.WriteShipped("syntax.yaml", "id: a\nfamily: [unclosed\n");

        var problem = Assert.Single(_files.Build().Problems);

        Assert.Equal((path, "(yaml)"), (problem.File, problem.Key));
        Assert.NotNull(problem.Line);
    }

    [Fact]
    public void NotUtf8_Refused()
    {
        var path = Path.Combine(_files.Shipped, "latin1.yaml");
        System.IO.File.WriteAllBytes(path, [0x69, 0x64, 0x3a, 0x20, 0xe9, 0x0a]);

        var problem = Assert.Single(_files.Build().Problems);

        Assert.Equal($"{path}: (file): is not UTF-8 text", problem.ToString());
    }

    /// <summary>The valid template with the top-level keys of <paramref name="replacement"/> replaced (or added, or deleted with <c>~key</c>).</summary>
    private static string Replace(string valid, string replacement)
    {
        // "~key" deletes a key; "key: value" replaces it (or adds it).
        var lines = replacement.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith(' ')).ToList();
        var keys = lines.Select(l => l.StartsWith('~') ? l[1..] + ":" : l[..(l.IndexOf(':') + 1)]).ToHashSet();
        replacement = string.Join("", replacement.Split('\n').Where(l => !l.StartsWith('~')).Select(l => l + "\n")).TrimEnd('\n') + "\n";
        var kept = new List<string>();
        var skipping = false;
        foreach (var line in valid.Split('\n'))
        {
            if (!line.StartsWith(' '))
            {
                skipping = keys.Contains(line[..(line.IndexOf(':') + 1)]);
            }

            if (!skipping)
            {
                kept.Add(line);
            }
        }

        return string.Join('\n', kept) + "\n" + replacement;
    }
}
