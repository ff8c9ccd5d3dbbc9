namespace Appliance.Server.Tests.Cli;

/// <summary>
/// <see cref="SecuredServerFixture"/> over https:// with client certificates REQUIRED (mutual TLS, as the
/// production template ships): an API-key system without a certificate cannot even finish the handshake.
/// Also writes a client certificate from another CA, which the server refuses.
/// </summary>
public sealed class MutualTlsCliServerFixture : SecuredServerFixture
{
    public MutualTlsCliServerFixture()
        : base(ServerTransport.MutualTls)
    {
        Environment = "Production";

        // The fixture's own channel presents the PKI's good client certificate; no API key beside it.
        Credentials = [];
    }

    /// <summary>Options that present the PKI's good client certificate.</summary>
    public string[] ClientCertificateOptions => ["--cert-file", Pki.ClientCertFile, "--key-file", Pki.ClientKeyFile];

    /// <summary>Options that present a well-formed client certificate of another CA.</summary>
    public string[] OtherCaClientOptions
    {
        get
        {
            var certificate = Folder.Combine("other-ca-client.crt");
            var key = Folder.Combine("other-ca-client.key");
            if (!File.Exists(key))
            {
                File.WriteAllText(certificate, Pki.OtherCaClient.ExportCertificatePem());
                SecretFile.Write(key, TestCertificates.KeyPem(Pki.OtherCaClient));
            }

            return ["--cert-file", certificate, "--key-file", key];
        }
    }
}
