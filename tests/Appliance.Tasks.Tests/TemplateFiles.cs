namespace Appliance.Tasks.Tests;

/// <summary>Template files written into a shipped and a site folder, and the catalog built from them.</summary>
internal sealed class TemplateFiles : IDisposable
{
    private readonly TempFolder _folder = new("appliance-tasks");

    public string Shipped => _folder.Folder("shipped");

    public string Site => _folder.Folder("site");

    /// <summary>A valid template of <paramref name="family"/> with <paramref name="selectors"/> (YAML flow mapping body) and extra top-level lines.</summary>
    public static string Valid(string id, string family = "report.normalise", string selectors = "language: en", string grounding = "annotate") => $$$"""
        id: {{{id}}}
        family: {{{family}}}
        version: "1.0.0"
        title: Report normalisation
        language: en
        selectors: { {{{selectors}}} }
        model: { kind: text-generation }
        inputs:
          - name: dictation
            description: The dictation.
            required: true
            max_length: 100
        prompt: |
          Normalise: {{ inputs.dictation }}
        output_schema:
          type: object
          properties:
            findings: { type: string, maxLength: 200 }
          required: [findings]
        grounding: {{{grounding}}}
        """;

    public string WriteShipped(string name, string text) => Write(Path.Combine(Shipped, name), text);

    public string WriteSite(string name, string text) => Write(Path.Combine(Site, name), text);

    public TaskCatalogResult Build() => new TaskCatalogBuilder().Build([new TaskFolder(Shipped, TaskOrigin.Shipped), new TaskFolder(Site, TaskOrigin.Site)]);

    public void Dispose() => _folder.Dispose();

    private static string Write(string path, string text)
    {
        System.IO.File.WriteAllText(path, text);
        return path;
    }
}
