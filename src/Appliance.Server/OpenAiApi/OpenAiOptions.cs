namespace Appliance.Server.OpenAiApi;

/// <summary>
/// The OpenAI-compatible HTTP door (configuration section <c>Appliance:OpenAi</c>): a listener of
/// its own, HTTP/1.1 and HTTP/2, under the same TLS and client-certificate rules as gRPC.
/// </summary>
public sealed class OpenAiOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:OpenAi";

    /// <summary>
    /// Off unless set: a second door is a second way in, so hospital IT opens it on purpose (with
    /// the calling systems that need it) rather than finding it open after an upgrade.
    /// </summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The listen address, <c>https://*:8443</c> unless set. The same rules as a gRPC endpoint: outside
    /// Development plaintext only on loopback with <c>Appliance:Security:AllowLoopbackPlaintext</c>.
    /// </summary>
    public string Url { get; set; } = "https://*:8443";

    /// <summary>Largest request body accepted, in bytes (413 beyond it); 1 KiB to 64 MiB, default 4 MiB like gRPC's message limit.</summary>
    public int MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}
