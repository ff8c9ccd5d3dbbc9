using System.Collections.Frozen;

namespace Appliance.Server.Security;

/// <summary>
/// The methods a client can be allowed: appliance.v1's by short name (<c>Generate</c>) or
/// <c>Service/Method</c>, and the OpenAI-compatible door's by their own names
/// (<c>openai.chat.completions</c>, or <c>openai.*</c> for all of them). The doors are allowed
/// separately: a client allowed <c>Generate</c> is not thereby allowed the HTTP door.
/// </summary>
internal static class ApplianceMethods
{
    private const string Prefix = "/appliance.v1.";

    private const string OpenAiPrefix = "openai.";

    /// <summary>The service only clients with the admin role may call (<see cref="IsAdminMethod"/>).</summary>
    private const string AdminService = "ModelAdmin";

    /// <summary>Whether the gRPC method path is ModelAdmin's (callable with the <c>admin</c> role only, whatever AllowedMethods says).</summary>
    public static bool IsAdminMethod(string path) => path.StartsWith($"{Prefix}{AdminService}/", StringComparison.Ordinal);

    /// <summary><c>POST /v1/chat/completions</c>.</summary>
    public const string OpenAiChatCompletions = "openai.chat.completions";

    /// <summary><c>POST /v1/completions</c>.</summary>
    public const string OpenAiCompletions = "openai.completions";

    /// <summary><c>POST /v1/embeddings</c>.</summary>
    public const string OpenAiEmbeddings = "openai.embeddings";

    /// <summary><c>GET /v1/models</c>.</summary>
    public const string OpenAiModelsList = "openai.models.list";

    /// <summary><c>GET /v1/models/{id}</c>.</summary>
    public const string OpenAiModelsRetrieve = "openai.models.retrieve";

    /// <summary>The HTTP door's methods (audit log, metrics' <c>method</c> label, AllowedMethods).</summary>
    public static IReadOnlyList<string> OpenAiNames { get; } = [OpenAiChatCompletions, OpenAiCompletions, OpenAiEmbeddings, OpenAiModelsList, OpenAiModelsRetrieve];

    /// <summary>Every method by short name, with its service (a test checks it against the contract's descriptors).</summary>
    private static readonly FrozenDictionary<string, string> ServiceOf = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Generate"] = "Generation",
        ["Complete"] = "Generation",
        ["CountTokens"] = "Generation",
        ["Embed"] = "Embeddings",
        ["Infer"] = "Inference",
        ["GetModelMetadata"] = "Inference",
        ["ListModels"] = "Models",
        ["GetModel"] = "Models",
        ["GetServerInfo"] = "Server",
        ["ListTasks"] = "Tasks",
        ["GetTask"] = "Tasks",
        ["RunTask"] = "Tasks",
        ["RunTaskStream"] = "Tasks",
        ["CheckGrounding"] = "Tasks",
        ["LoadModel"] = AdminService,
        ["UnloadModel"] = AdminService,
        ["ReloadModel"] = AdminService,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> ShortNames => ServiceOf.Keys.Order(StringComparer.Ordinal);

    /// <summary>Whether a configured pattern names something that exists.</summary>
    public static bool IsKnownPattern(string pattern) =>
        pattern == "*" || pattern == OpenAiPrefix + "*" || OpenAiNames.Contains(pattern) || ServiceOf.ContainsKey(pattern) || ServiceOf.Any(m => pattern == $"{m.Value}/{m.Key}" || pattern == $"{m.Value}/*");

    /// <summary>Whether the gRPC method path (<c>/appliance.v1.Generation/Generate</c>) is one of the appliance's own.</summary>
    public static bool IsApplianceMethod(string path) => path.StartsWith(Prefix, StringComparison.Ordinal) || OpenAiNames.Contains(path);

    /// <summary>Whether <paramref name="patterns"/> (empty = all) allow the method at <paramref name="path"/>.</summary>
    public static bool Allows(IReadOnlyCollection<string> patterns, string path)
    {
        if (patterns.Count == 0 || patterns.Contains("*"))
        {
            return true;
        }

        if (OpenAiNames.Contains(path))
        {
            return patterns.Contains(path) || patterns.Contains(OpenAiPrefix + "*");
        }

        var slash = path.LastIndexOf('/');
        var method = path[(slash + 1)..];
        var service = slash > Prefix.Length ? path[Prefix.Length..slash] : "";
        return patterns.Contains(method) || patterns.Contains($"{service}/{method}") || patterns.Contains($"{service}/*");
    }
}
