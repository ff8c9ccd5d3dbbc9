using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Appliance.Cli.Commands;

namespace Appliance.Cli.CommandLine;

/// <summary>
/// Reads the files named by <see cref="ConnectionSettings"/> into <see cref="ClientCredentials"/>.
/// Every problem is a <see cref="CredentialException"/> naming the option (or variable) and the
/// file; no message ever quotes a key.
/// </summary>
internal static class CredentialLoader
{
    /// <summary>Larger than any PEM bundle or key file a hospital would have: refuses a wrong path to a big file.</summary>
    private const long MaxFileBytes = 1 << 20;

    public static ClientCredentials Load(ConnectionSettings settings, TextWriter warnings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(warnings);
        var sent = new List<string>();
        var apiKey = LoadApiKey(settings, warnings);
        if (apiKey is not null)
        {
            var source = settings.ApiKeyFile is { } file ? $"{file.Source} {file.Value}" : settings.ApiKey!.Source;
            sent.Add($"an API key from {source}");
        }

        X509Certificate2Collection? roots = null;
        SslStreamCertificateContext? clientCertificate = null;
        SourcedValue?[] tls = [settings.CaFile, settings.CertFile, settings.KeyFile];
        if (!settings.IsHttps)
        {
            if (tls.OfType<SourcedValue>().Select(s => s.Source).ToList() is { Count: > 0 } ignored)
            {
                warnings.WriteLine($"warning: {string.Join(", ", ignored)} ignored: {settings.Address} is http:// (no TLS); use https:// to verify the server and present a client certificate");
            }
        }
        else
        {
            roots = settings.CaFile is { } ca ? LoadCaBundle(ca) : null;
            clientCertificate = LoadClientCertificate(settings.CertFile, settings.KeyFile, warnings, time, sent);
        }

        return new ClientCredentials
        {
            ApiKey = apiKey,
            TrustedRoots = roots,
            TrustedRootsSource = settings.CaFile is { } caFile ? $"{caFile.Source} {caFile.Value}" : "",
            ClientCertificate = clientCertificate,
            Description = sent.Count == 0 ? "no credentials were sent" : "sent " + string.Join(" and ", sent),
        };
    }

    private static string? LoadApiKey(ConnectionSettings settings, TextWriter warnings)
    {
        if (settings.ApiKeyFile is { } file)
        {
            var key = ReadText(file).Trim();
            WarnIfEveryoneCanRead(file, warnings);
            return ApiKeyText.Problem(key) is { } problem
                ? throw new CredentialException($"{file.Source}: {file.Value} does not hold a usable API key: {problem}")
                : key;
        }

        if (settings.ApiKey is { } variable)
        {
            var key = variable.Value.Trim();
            return ApiKeyText.Problem(key) is { } problem
                ? throw new CredentialException($"{variable.Source} does not hold a usable API key: {problem}")
                : key;
        }

        return null;
    }

    private static X509Certificate2Collection LoadCaBundle(SourcedValue file)
    {
        var roots = ImportCertificates(file, ReadText(file));
        return roots.Count > 0
            ? roots
            : throw new CredentialException($"{file.Source}: {file.Value} holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the hospital CA's certificate in PEM (from DER: openssl x509 -inform der -in ca.cer -out ca.pem)");
    }

    private static SslStreamCertificateContext? LoadClientCertificate(
        SourcedValue? certFile, SourcedValue? keyFile, TextWriter warnings, TimeProvider time, List<string> sent)
    {
        if (certFile is null && keyFile is null)
        {
            return null;
        }

        if (certFile is null)
        {
            throw new CredentialException($"{keyFile!.Source} is set but no client certificate: give --cert-file (or ${GlobalOptions.CertFileVariable}) too");
        }

        if (keyFile is null)
        {
            throw new CredentialException($"{certFile.Source} is set but not its private key: give --key-file (or ${GlobalOptions.KeyFileVariable}) too");
        }

        var certificatePem = ReadText(certFile);
        var chain = ImportCertificates(certFile, certificatePem);
        if (chain.Count == 0)
        {
            throw new CredentialException($"{certFile.Source}: {certFile.Value} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }

        var keyPem = ReadText(keyFile);
        WarnIfEveryoneCanRead(keyFile, warnings);
        var leaf = Pair(certFile, keyFile, certificatePem, keyPem);
        var now = time.GetUtcNow();
        if (leaf.NotAfter.ToUniversalTime() < now.UtcDateTime || leaf.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            warnings.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"warning: {certFile.Source}: the certificate is valid only from {leaf.NotBefore.ToUniversalTime():u} to {leaf.NotAfter.ToUniversalTime():u}; the server will refuse it"));
        }

        sent.Add($"the client certificate {leaf.Subject} from {certFile.Source} {certFile.Value}");
        var intermediates = new X509Certificate2Collection();
        intermediates.AddRange(chain.Skip(1).ToArray());

        // offline: the CLI must not fetch intermediates or revocation lists from the network.
        return SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
    }

    /// <summary>
    /// The first certificate of <paramref name="certificatePem"/> with the key of <paramref name="keyPem"/>.
    /// On Linux (OpenSSL) SslStream uses the ephemeral key CreateFromPem makes, as checked with a
    /// handshake; Windows' SChannel cannot, so there the pair is re-imported from PKCS#12.
    /// </summary>
    private static X509Certificate2 Pair(SourcedValue certFile, SourcedValue keyFile, string certificatePem, string keyPem)
    {
        if (keyPem.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal) || keyPem.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            throw new CredentialException($"{keyFile.Source}: {keyFile.Value} is encrypted; appliancectl reads unencrypted PEM keys only (keep the file readable by its owner only: chmod 600)");
        }

        if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new CredentialException($"{keyFile.Source}: {keyFile.Value} holds no PEM private key (-----BEGIN PRIVATE KEY-----, RSA or EC)");
        }

        X509Certificate2 pair;
        try
        {
            pair = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            throw new CredentialException(
                $"{keyFile.Source}: {keyFile.Value} is not the private key of the certificate in {certFile.Source} {certFile.Value} (or the key is malformed)",
                exception);
        }

        if (!OperatingSystem.IsWindows())
        {
            return pair;
        }

        using (pair)
        {
            return X509CertificateLoader.LoadPkcs12(pair.Export(X509ContentType.Pkcs12), password: null);
        }
    }

    private static X509Certificate2Collection ImportCertificates(SourcedValue file, string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException exception)
        {
            throw new CredentialException($"{file.Source}: {file.Value} holds a malformed PEM certificate", exception);
        }

        return certificates;
    }

    private static string ReadText(SourcedValue file)
    {
        try
        {
            if (Directory.Exists(file.Value))
            {
                throw new CredentialException($"{file.Source}: {file.Value} is a folder, not a file");
            }

            var info = new FileInfo(file.Value);
            if (!info.Exists)
            {
                throw new CredentialException($"{file.Source}: {file.Value}: no such file");
            }

            return info.Length > MaxFileBytes
                ? throw new CredentialException($"{file.Source}: {file.Value} is {info.Length} bytes, too large for a PEM file or a key; is it the right file?")
                : File.ReadAllText(file.Value);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new CredentialException($"{file.Source}: {file.Value} cannot be read: permission denied", exception);
        }
        catch (IOException exception)
        {
            throw new CredentialException($"{file.Source}: {file.Value} cannot be read: {exception.Message}", exception);
        }
    }

    /// <summary>A secret file every user of the machine can read is as good as published there.</summary>
    private static void WarnIfEveryoneCanRead(SourcedValue file, TextWriter warnings)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file.Value) & UnixFileMode.OtherRead) != 0)
        {
            warnings.WriteLine($"warning: {file.Source}: every user of this machine can read {file.Value}; make it private: chmod 600 {file.Value}");
        }
    }
}
