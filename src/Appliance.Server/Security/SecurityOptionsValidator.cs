using Microsoft.Extensions.Options;

namespace Appliance.Server.Security;

/// <summary>
/// Start-up checks of <see cref="SecurityOptions"/> and the gRPC endpoints, reporting every problem
/// with its configuration key: the TLS files load (key matches, not expired, CA bundle usable); an
/// <c>https://</c> endpoint has TLS settings; and outside the Development profile no gRPC endpoint
/// is plaintext (loopback only with <see cref="SecurityOptions.AllowLoopbackPlaintext"/>).
/// </summary>
internal sealed class SecurityOptionsValidator(IConfiguration configuration, IHostEnvironment environment, TimeProvider time) : IValidateOptions<SecurityOptions>
{
    private const string AllowLoopbackKey = SecurityOptions.SectionName + ":" + nameof(SecurityOptions.AllowLoopbackPlaintext);

    private static readonly string[] OverridingKeys = ["Certificate", "ClientCertificateMode", "SslProtocols", "Sni"];

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = new List<string>();
        var tls = options.Tls;
        if (!Enum.IsDefined(tls.ClientCertificateMode))
        {
            errors.Add($"{TlsOptions.SectionName}:ClientCertificateMode must be Require or Allow");
        }

        if (!Enum.IsDefined(tls.RevocationMode))
        {
            errors.Add($"{TlsOptions.SectionName}:RevocationMode must be NoCheck, Offline or Online");
        }

        if (tls.Enabled)
        {
            CheckFiles(tls, errors);
        }
        else if (!string.IsNullOrWhiteSpace(tls.KeyFile) || !string.IsNullOrWhiteSpace(tls.ClientCaFile))
        {
            errors.Add($"{TlsFiles.CertificateKey} must be set when KeyFile or ClientCaFile is (TLS is on only when CertificateFile is set)");
        }

        foreach (var endpoint in GrpcEndpoint.Read(configuration).Concat(OpenAiApi.OpenAiListener.Endpoints(configuration)))
        {
            CheckEndpoint(endpoint, options, errors);
        }

        CheckKestrelOverrides(errors);
        errors.AddRange(options.FailedAuthentication.Problems());

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void CheckFiles(TlsOptions tls, List<string> errors)
    {
        if (TlsFiles.TryLoadServerCertificate(tls, time.GetUtcNow(), out var server, out var error))
        {
            server.Certificate.Dispose();
        }
        else
        {
            errors.Add(error);
        }

        if (!TlsFiles.TryLoadClientAuthorities(tls, out _, out error))
        {
            errors.Add(error);
        }
    }

    /// <summary>Kestrel's own TLS keys would override Appliance:Security:Tls (a fixed certificate, no client certificate, old protocols): refused.</summary>
    private void CheckKestrelOverrides(List<string> errors)
    {
        var sections = configuration.GetSection("Kestrel:Endpoints").GetChildren().Append(configuration.GetSection("Kestrel:EndpointDefaults"));
        foreach (var section in sections)
        {
            foreach (var key in OverridingKeys.Where(k => section.GetSection(k).Exists()))
            {
                errors.Add($"{section.Path}:{key} must not be set: TLS is configured under {TlsOptions.SectionName} only");
            }
        }

        if (configuration.GetSection("Kestrel:Certificates").Exists())
        {
            errors.Add($"Kestrel:Certificates must not be set: the server certificate is configured under {TlsOptions.SectionName}");
        }
    }

    private void CheckEndpoint(GrpcEndpoint endpoint, SecurityOptions options, List<string> errors)
    {
        if (endpoint.IsHttps)
        {
            if (!options.Tls.Enabled)
            {
                errors.Add($"{endpoint.Key}: {endpoint.Url} is https but {TlsFiles.CertificateKey} is not set (set Appliance:Security:Tls: CertificateFile, KeyFile, ClientCaFile)");
            }

            return;
        }

        if (environment.IsDevelopment())
        {
            return;
        }

        if (!endpoint.IsLoopback)
        {
            errors.Add($"{endpoint.Key}: {endpoint.Url} is plaintext on a network address; the production profile serves gRPC only over TLS; set Appliance:Security:Tls and use an https:// URL");
        }
        else if (!options.AllowLoopbackPlaintext)
        {
            errors.Add($"{endpoint.Key}: {endpoint.Url} is plaintext; the production profile serves gRPC only over TLS; set Appliance:Security:Tls and use an https:// URL (or {AllowLoopbackKey}=true for a loopback-only endpoint behind a local TLS proxy)");
        }
    }
}
