using Microsoft.Extensions.Options;

namespace Appliance.Server.Security;

/// <summary>
/// When the TLS certificates the server relies on expire, for <c>appliance_certificate_expiry_seconds</c>: the
/// server certificate in use (after any reload) and the client CA bundle (its soonest-expiring certificate: when
/// that one lapses, the client certificates it issued stop being accepted). Nothing when TLS is off.
/// </summary>
internal sealed class CertificateExpiry(IOptions<SecurityOptions> options, IServiceProvider services)
{
    /// <summary>The label of the server certificate.</summary>
    public const string Server = "server";

    /// <summary>The label of the client CA bundle.</summary>
    public const string ClientCa = "client_ca";

    /// <summary>Each watched certificate's label and expiry (UTC); empty when TLS is off.</summary>
    public IReadOnlyList<(string Certificate, DateTimeOffset NotAfter)> Read()
    {
        if (!options.Value.Tls.Enabled)
        {
            return [];
        }

        var server = services.GetRequiredService<ServerCertificateSource>().Current.Certificate;
        var authorities = services.GetRequiredService<ClientCertificateValidator>().Authorities;
        var ca = authorities.Roots.Concat(authorities.Intermediates).Min(c => c.NotAfter.ToUniversalTime());
        return
        [
            (Server, new DateTimeOffset(server.NotAfter.ToUniversalTime(), TimeSpan.Zero)),
            (ClientCa, new DateTimeOffset(ca, TimeSpan.Zero)),
        ];
    }
}
