using System.Security.Cryptography.X509Certificates;
using Appliance.Server.Security;

namespace Appliance.Server.Hosting;

/// <summary>Start-up log messages.</summary>
internal static partial class StartupLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Appliance {Version} (commit {Commit}) starting: profile {Profile}, gRPC reflection {Reflection}")]
    public static partial void Profile(ILogger logger, string version, string commit, string profile, bool reflection);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "DEVELOPMENT PROFILE: plaintext gRPC, no caller authentication, reflection on, demo model enabled. Never put patient data through this profile; run with ASPNETCORE_ENVIRONMENT=Production on the box.")]
    public static partial void DevelopmentWarning(ILogger logger);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning,
        Message = "ANONYMOUS CALLS ALLOWED (Appliance:Security:AllowAnonymous=true): calls without credentials are served as 'anonymous' or under the client id they declare, unverified. Never on a box that holds patient data.")]
    public static partial void AnonymousWarning(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "gRPC endpoint {Key} = {Url}: {Transport}")]
    public static partial void Endpoint(ILogger logger, string key, string url, string transport);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information,
        Message = "TLS: server certificate {Subject}, expires {NotAfter:u}, thumbprint {Thumbprint}; client certificates {ClientCertificateMode}, revocation {RevocationMode}, trusted client CAs: {ClientCas}")]
    public static partial void Tls(
        ILogger logger, string subject, DateTime notAfter, string thumbprint, ClientCertificateRequirement clientCertificateMode, X509RevocationMode revocationMode, string clientCas);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "TLS: off (Appliance:Security:Tls:CertificateFile not set)")]
    public static partial void TlsOff(ILogger logger);
}
