using Grpc.Core;

namespace Appliance.Testing.Server;

/// <summary>A calling system registered with an API key: the key, and the file holding it (readable by the owner only) for <c>--api-key-file</c>.</summary>
public sealed record ApiKeyClient(string Id, string Key, string KeyFile)
{
    /// <summary>The call metadata that presents the key.</summary>
    public Metadata Header => Headers(Key);

    /// <summary>Call metadata presenting <paramref name="key"/> (any key, registered or not).</summary>
    public static Metadata Headers(string key) => new() { { "x-api-key", key } };
}
