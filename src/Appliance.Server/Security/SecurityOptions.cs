namespace Appliance.Server.Security;

/// <summary>Who may reach the gRPC endpoints and how (configuration section <c>Appliance:Security</c>).</summary>
public sealed class SecurityOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Appliance:Security";

    /// <summary>
    /// Outside the Development profile, allow a plaintext (<c>http://</c>) gRPC endpoint on a
    /// loopback address (for example behind a TLS-terminating proxy on the box, or the tests).
    /// Default false: every non-development gRPC endpoint must be <c>https://</c>.
    /// </summary>
    public bool AllowLoopbackPlaintext { get; set; }

    /// <summary>
    /// Serve calls that carry no credentials, as <c>anonymous</c> or under the client id they
    /// declare (unverified; never the id of a client that has credentials). On in the
    /// development profile only; the start-up log warns whenever it is on.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>TLS for the gRPC endpoints (<c>Appliance:Security:Tls</c>).</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>Throttling of failed authentication per source address (<c>Appliance:Security:FailedAuthentication</c>).</summary>
    public FailedAuthenticationOptions FailedAuthentication { get; set; } = new();
}
