namespace Appliance.Server.Security;

/// <summary>Whether a TLS client must present a certificate.</summary>
public enum ClientCertificateRequirement
{
    /// <summary>Every connection presents a certificate issued by the hospital CA (mTLS).</summary>
    Require,

    /// <summary>
    /// A connection may come without a certificate (systems that cannot do mTLS authenticate with
    /// an API key instead); a certificate that is presented is still fully validated.
    /// </summary>
    Allow,
}
