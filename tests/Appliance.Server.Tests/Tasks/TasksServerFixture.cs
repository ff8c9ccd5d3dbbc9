using Appliance.Core.Engines;
using Appliance.Core.Grounding;
using Appliance.Engines.Llama;
using Appliance.Grounding;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Server.Tests.Tasks;

/// <summary>
/// The real server with the shipped task templates and a site task folder holding small policy
/// templates; the synthetic model <see cref="ModelId"/> (4096-token context) on the real engine and,
/// from the same manifest, <see cref="CannedModelId"/> on <see cref="CannedAnswerEngine"/> (first by
/// id, so the shipped templates' <c>kind: text-generation</c> picks it); the
/// real grounding checker, or the <see cref="SubstringGroundingChecker"/> for inputs tagged
/// <see cref="RoutingGroundingChecker.Tag"/>; an API-key client <c>ward</c> that may run only
/// <c>preconsult.summary</c>, another, <c>his</c>, that may run every task.
/// </summary>
public sealed class TasksServerFixture : ApplianceServerFixture
{
    public const int ContextLength = 4096;

    /// <summary>The model whose answers the tests choose (<see cref="Answers"/>).</summary>
    public const string CannedModelId = "canned";

    public TasksServerFixture()
    {
        Models = [new StagedModel(ModelId) { ContextLength = ContextLength, MaxSequences = 4, Aliases = [CannedModelId] }];
        Directory.CreateDirectory(SiteFolder);
        WriteSite("policy.reject.yaml", PolicyTemplate("policy.reject", "reject"));
        WriteSite("policy.retry.yaml", PolicyTemplate("policy.retry", "retry"));
        WriteSite("policy.annotate.yaml", PolicyTemplate("policy.annotate", "annotate"));
        WriteSite("synthetic.yaml", PolicyTemplate("synthetic.smoke", "annotate", model: ModelId));
        Settings["Appliance:Tasks:SiteFolder"] = SiteFolder;
        Settings["Appliance:Tasks:ReloadDelay"] = "00:00:00.100";
        Settings["Appliance:Audit:Directory"] = AuditDirectory;
        Settings["Appliance:Audit:FlushInterval"] = "00:00:00.100";
        Settings["Appliance:Clients:ward:AllowedTasks:0"] = "preconsult.summary";
        Ward = AddApiKeyClient("ward");
        His = AddApiKeyClient("his");
        ConfigureServer = builder =>
        {
            builder.Services.AddSingleton<IGroundingChecker>(sp => new RoutingGroundingChecker(sp.GetRequiredService<GroundingChecker>(), Checker));
            builder.Services.AddSingleton<ITextGenerationEngineLoader>(sp => new CannedEngineLoader(ActivatorUtilities.CreateInstance<LlamaEngineLoader>(sp), Answers));
        };
    }

    public SubstringGroundingChecker Checker { get; } = new();

    public CannedAnswers Answers { get; } = new();

    public ApiKeyClient Ward { get; }

    public ApiKeyClient His { get; }

    public string SiteFolder => Folder.Combine("tasks");

    public string AuditDirectory => Folder.Combine("audit");

    public string WriteSite(string name, string text)
    {
        var path = Path.Combine(SiteFolder, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A short template whose answer is one short ASCII string (quick and schema-valid on the synthetic model too).</summary>
    public static string PolicyTemplate(string id, string grounding, string version = "1.0.0", string model = CannedModelId) => $$$"""
        id: {{{id}}}
        family: {{{id}}}
        version: "{{{version}}}"
        title: Policy test
        language: en
        model: { id: {{{model}}} }
        inputs:
          - name: note
            description: A note.
            required: true
            max_length: 2000
        prompt: |
          Summarise: {{ inputs.note }}
        output_schema:
          type: object
          properties:
            summary: { type: string, pattern: "^[A-Za-z0-9 ]{1,24}$" }
          required: [summary]
        sampling: { temperature: 0.8, max_tokens: 64 }
        grounding: {{{grounding}}}
        """;
}

/// <summary>The task tests that share one <see cref="TasksServerFixture"/> (one server start, not one per class).</summary>
[CollectionDefinition(Name)]
public sealed class TasksServerCollection : ICollectionFixture<TasksServerFixture>
{
    public const string Name = "Tasks server";
}
