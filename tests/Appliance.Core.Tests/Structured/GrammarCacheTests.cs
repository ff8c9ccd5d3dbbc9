using Appliance.Core.Structured;

namespace Appliance.Core.Tests.Structured;

public sealed class GrammarCacheTests
{
    private static readonly GbnfGrammar A = new("root ::= \"a\"\n", "root");
    private static readonly GbnfGrammar B = new("root ::= \"b\"\n", "root");

    [Fact]
    public void GetOrAdd_SameKey_BuildsOnce()
    {
        var cache = new GrammarCache();
        var builds = 0;

        var first = cache.GetOrAdd("k", () => { builds++; return A; });
        var second = cache.GetOrAdd("k", () => { builds++; return B; });

        Assert.Same(A, first);
        Assert.Same(A, second);
        Assert.Equal(1, builds);
    }

    [Fact]
    public void GetOrAdd_BeyondCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = new GrammarCache(capacity: 2);
        cache.GetOrAdd("1", () => A);
        cache.GetOrAdd("2", () => A);
        cache.GetOrAdd("1", () => B); // touches 1: 2 is now the least recently used
        cache.GetOrAdd("3", () => A);

        Assert.Equal(2, cache.Count);
        Assert.Same(A, cache.GetOrAdd("1", () => B));
        Assert.Same(B, cache.GetOrAdd("2", () => B)); // rebuilt: it was evicted
    }

    [Fact]
    public void GetOrAdd_BuildThrows_NothingCachedAndErrorReachesCaller()
    {
        var cache = new GrammarCache();

        Assert.Throws<SchemaNotSupportedException>(() => cache.GetOrAdd("bad", () => JsonSchemaGrammar.FromSchema("""{"not":{}}""")));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void Key_ModeAndSha256_NoSchemaTextInside()
    {
        var key = GrammarCache.Key("json_schema", """{"title":"患者"}""");

        Assert.StartsWith("json_schema:", key, StringComparison.Ordinal);
        Assert.Equal("json_schema:".Length + 64, key.Length);
        Assert.DoesNotContain("患者", key, StringComparison.Ordinal);
        Assert.NotEqual(key, GrammarCache.Key("choice", """{"title":"患者"}"""));
    }
}
