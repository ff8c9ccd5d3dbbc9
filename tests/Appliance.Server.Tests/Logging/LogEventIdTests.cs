using System.Reflection;
using Appliance.Core.Logging;
using Microsoft.Extensions.Logging;

namespace Appliance.Server.Tests.Logging;

/// <summary>Every log message's event id is unique and in its feature's range of <see cref="LogEventIds"/>.</summary>
public sealed class LogEventIdTests
{
    private static readonly string[] Assemblies =
    [
        "Appliance.Core", "Appliance.Scheduling", "Appliance.Catalog", "Appliance.Engines.Llama", "Appliance.Engines.Onnx", "Appliance.Server",
        typeof(Appliance.Grounding.GroundingChecker).Assembly.GetName().Name!,
    ];

    [Fact]
    public void Ranges_DoNotOverlap()
    {
        var ordered = LogEventIds.Ranges.OrderBy(r => r.First).ToList();

        Assert.All(ordered, r => Assert.True(r.First <= r.Last, $"{r.Namespace}: {r.First}..{r.Last}"));
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i - 1].Last < ordered[i].First, $"{ordered[i - 1].Namespace} overlaps {ordered[i].Namespace}");
        }
    }

    [Fact]
    public void EveryLogMessage_HasAUniqueIdInItsFeaturesRange()
    {
        var messages = Messages().ToList();

        Assert.True(messages.Count > 50, $"found only {messages.Count} log messages: is the scan broken?");
        var duplicates = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Where))}");
        Assert.Empty(duplicates);
        Assert.All(messages, m =>
        {
            var ranges = RangesOf(m.Namespace);
            Assert.True(ranges.Count > 0, $"{m.Where}: namespace {m.Namespace} has no range in LogEventIds");
            Assert.True(ranges.Any(r => r.Contains(m.Id)), $"{m.Where}: event id {m.Id} is outside {string.Join(" or ", ranges.Select(r => $"{r.First}..{r.Last}"))}");
        });
    }

    [Fact]
    public void EveryRangeNamespace_ExistsOrIsReserved()
    {
        var namespaces = Assemblies.SelectMany(a => Assembly.Load(a).GetTypes()).Select(t => t.Namespace ?? "").ToHashSet();

        Assert.All(LogEventIds.Ranges, r => Assert.True(
            namespaces.Any(n => n == r.Namespace || n.StartsWith(r.Namespace + ".", StringComparison.Ordinal)) || r.Feature.StartsWith("reserved", StringComparison.Ordinal),
            $"{r.Namespace} ({r.First}..{r.Last}) names no namespace"));
    }

    /// <summary>The ranges of the longest namespace that contains <paramref name="ns"/>.</summary>
    private static List<LogEventRange> RangesOf(string ns)
    {
        var owners = LogEventIds.Ranges.Where(r => ns == r.Namespace || ns.StartsWith(r.Namespace + ".", StringComparison.Ordinal)).ToList();
        var longest = owners.Count == 0 ? 0 : owners.Max(r => r.Namespace.Length);
        return [.. owners.Where(r => r.Namespace.Length == longest)];
    }

    private static IEnumerable<(int Id, string Namespace, string Where)> Messages()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var type in Assemblies.SelectMany(a => Assembly.Load(a).GetTypes()))
        {
            foreach (var method in type.GetMethods(all))
            {
                if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } attribute)
                {
                    yield return (attribute.EventId, type.Namespace ?? "", $"{type.FullName}.{method.Name}");
                }
            }
        }
    }
}
