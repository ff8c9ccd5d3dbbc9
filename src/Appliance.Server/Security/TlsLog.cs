namespace Appliance.Server.Security;

/// <summary>Log messages of the TLS transport (event ids 8101-8199). They carry certificate subjects and thumbprints, never request content or keys.</summary>
internal static partial class TlsLog
{
    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "TLS server certificate reloaded from {File}: {Subject}, thumbprint {Thumbprint}, expires {NotAfter:u}")]
    public static partial void ServerCertificateReloaded(ILogger logger, string file, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Error, Message = "TLS server certificate NOT reloaded: {Problem}. Still serving the previous certificate, thumbprint {Thumbprint}")]
    public static partial void ServerCertificateReloadFailed(ILogger logger, string problem, string thumbprint);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "TLS server certificate {Subject} (thumbprint {Thumbprint}) expires {NotAfter:u}, in {Days} days: issue and install a new one (RUNBOOK: Certificates)")]
    public static partial void ServerCertificateExpiresSoon(ILogger logger, string subject, string thumbprint, DateTime notAfter, int days);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Warning, Message = "TLS client certificate refused: {Reason}; subject {Subject}, thumbprint {Thumbprint}, from {Peer}")]
    public static partial void ClientCertificateRefused(ILogger logger, string reason, string subject, string thumbprint, string peer);

    // Information, not Warning: an API-key system on a box left in Require mode is a setup mistake IT must
    // be able to find (by address), not an attack; a flood of them is the throttle's business.
    [LoggerMessage(EventId = 8120, Level = LogLevel.Information,
        Message = "TLS handshake without a client certificate from {Peer} refused: Appliance:Security:Tls:ClientCertificateMode is Require. "
            + "An API-key system needs a client certificate, or the mode Allow (RUNBOOK: Certificates)")]
    public static partial void ClientCertificateMissing(ILogger logger, string peer);
}
