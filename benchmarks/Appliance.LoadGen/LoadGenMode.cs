namespace Appliance.LoadGen;

/// <summary>Which RPC the load generator drives.</summary>
internal enum LoadGenMode
{
    /// <summary>Generation.Generate streams (the default).</summary>
    Generate,

    /// <summary>Embeddings.Embed calls, one level per model in turn.</summary>
    Embed,
}
