using System.Security.Authentication;
using Appliance.Server.Configuration;
using Appliance.Server.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Security;

/// <summary>
/// TLS for the gRPC endpoints: options and their start-up validation, and Kestrel's HTTPS defaults,
/// so every <c>https://</c> endpoint (configured or from <c>--urls</c>) presents the reloadable
/// server certificate, speaks TLS 1.2+ and validates client certificates against the hospital CA.
/// The metrics port never uses HTTPS and is unaffected.
/// </summary>
internal static class TlsSetup
{
    /// <summary>Registers the security options, their validation and the HTTPS defaults.</summary>
    public static void UseApplianceTls(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindCheckedConfiguration(SecurityOptions.SectionName);
        services.AddSingleton<IPostConfigureOptions<SecurityOptions>, ResolvePaths>();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<ServerCertificateSource>();
        services.AddSingleton<ClientCertificateValidator>();
        services.AddSingleton<CertificateExpiry>();
        services.AddHostedService<TlsStartupReport>();

        // The callback runs when Kestrel binds an https endpoint, after the options were validated.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => ConfigureHttps(https, kestrel.ApplicationServices)));
    }

    private static void ConfigureHttps(HttpsConnectionAdapterOptions https, IServiceProvider services)
    {
        var tls = services.GetRequiredService<IOptions<SecurityOptions>>().Value.Tls;
        if (!tls.Enabled)
        {
            // Start-up validation refuses an https endpoint without TLS settings.
            return;
        }

        var certificates = services.GetRequiredService<ServerCertificateSource>();
        var clients = services.GetRequiredService<ClientCertificateValidator>();
        https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;

        // Kestrel wants a selector (or a fixed certificate); the context set per handshake below also
        // sends the intermediates of the certificate file, which a selected certificate would not.
        https.ServerCertificateSelector = (_, _) => certificates.Current.Certificate;
        // The client certificate is asked for and judged here, per connection, not by Kestrel: Kestrel's own
        // callback refuses a missing certificate in Require mode silently and never tells its validation which
        // connection it judges. Ours logs every refusal with the peer's address, so IT finds the system by it.
        // (Kestrel's NoCertificate mode only means it installs no callback of its own; SslStream still asks for
        // and keeps the certificate, which the connection's TLS feature then reports.)
        https.ClientCertificateMode = ClientCertificateMode.NoCertificate;
        https.OnAuthenticate = (connection, ssl) =>
        {
            ssl.ServerCertificateSelectionCallback = null;
            ssl.ServerCertificate = null;
            ssl.ServerCertificateContext = certificates.Current.Context;
            ssl.ClientCertificateRequired = true;
            var peer = connection.RemoteEndPoint?.ToString() ?? "unknown";
            ssl.RemoteCertificateValidationCallback = (_, certificate, chain, _) => clients.Validate(certificate, chain, tls.ClientCertificateMode, peer);
        };

        // SslStream's own revocation check would go online; ours runs in the configured mode.
        https.CheckCertificateRevocation = false;
    }

    /// <summary>Relative TLS file paths are relative to the content root, like the manifest folders.</summary>
    private sealed class ResolvePaths(IHostEnvironment environment) : IPostConfigureOptions<SecurityOptions>
    {
        public void PostConfigure(string? name, SecurityOptions options)
        {
            var tls = options.Tls;
            tls.CertificateFile = Resolve(tls.CertificateFile);
            tls.KeyFile = Resolve(tls.KeyFile);
            tls.ClientCaFile = Resolve(tls.ClientCaFile);
        }

        private string? Resolve(string? path) =>
            string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path, environment.ContentRootPath);
    }

    /// <summary>
    /// Logs each gRPC endpoint's transport and the TLS settings at start, after validation and
    /// before Kestrel listens (hosted services start before the web host); loads the certificate.
    /// </summary>
    private sealed class TlsStartupReport(
        IConfiguration configuration, IOptions<SecurityOptions> options, IServiceProvider services, TimeProvider time, ILoggerFactory loggers) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var logger = loggers.CreateLogger("Appliance.Server");
            foreach (var endpoint in GrpcEndpoint.Read(configuration))
            {
                StartupLog.Endpoint(logger, endpoint.Key, endpoint.Url, endpoint.IsHttps ? "TLS 1.2+" : "plaintext");
            }

            var tls = options.Value.Tls;
            if (!tls.Enabled)
            {
                StartupLog.TlsOff(logger);
                return Task.CompletedTask;
            }

            var certificate = services.GetRequiredService<ServerCertificateSource>().Current.Certificate;
            var roots = services.GetRequiredService<ClientCertificateValidator>().Roots;
            var notAfter = certificate.NotAfter.ToUniversalTime();
            var clientCas = string.Join("; ", roots.Select(r => r.Subject));
            StartupLog.Tls(logger, certificate.Subject, notAfter, certificate.Thumbprint, tls.ClientCertificateMode, tls.RevocationMode, clientCas);

            ServerCertificateSource.WarnIfExpiringSoon(logger, certificate, time.GetUtcNow());
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
