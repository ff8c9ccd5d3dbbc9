using System.Collections.Frozen;

namespace Appliance.Server.Security;

/// <summary>The appliance.v1 methods a client can be allowed, by short name (<c>Generate</c>) or <c>Service/Method</c>.</summary>
internal static class ApplianceMethods
{
    private const string Prefix = "/appliance.v1.";

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
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> ShortNames => ServiceOf.Keys.Order(StringComparer.Ordinal);

    /// <summary>Whether a configured pattern names something that exists.</summary>
    public static bool IsKnownPattern(string pattern) =>
        pattern == "*" || ServiceOf.ContainsKey(pattern) || ServiceOf.Any(m => pattern == $"{m.Value}/{m.Key}" || pattern == $"{m.Value}/*");

    /// <summary>Whether the gRPC method path (<c>/appliance.v1.Generation/Generate</c>) is one of the appliance's own.</summary>
    public static bool IsApplianceMethod(string path) => path.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="patterns"/> (empty = all) allow the method at <paramref name="path"/>.</summary>
    public static bool Allows(IReadOnlyCollection<string> patterns, string path)
    {
        if (patterns.Count == 0 || patterns.Contains("*"))
        {
            return true;
        }

        var slash = path.LastIndexOf('/');
        var method = path[(slash + 1)..];
        var service = slash > Prefix.Length ? path[Prefix.Length..slash] : "";
        return patterns.Contains(method) || patterns.Contains($"{service}/{method}") || patterns.Contains($"{service}/*");
    }
}
