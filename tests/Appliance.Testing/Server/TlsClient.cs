using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Appliance.Testing.Server;

/// <summary>A real gRPC client over TLS: presents a client certificate (or none) and trusts only the test CA.</summary>
public static class TlsClient
{
    /// <summary>
    /// A channel to <paramref name="address"/> presenting <paramref name="clientCertificate"/>.
    /// <paramref name="serverSeen"/> receives the thumbprint of each server certificate presented.
    /// </summary>
    public static GrpcChannel Channel(
        string address, TestCertificates pki, X509Certificate2? clientCertificate, Action<string>? serverSeen = null, SslProtocols protocols = SslProtocols.None,
        bool sendIntermediate = true) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = Handler(pki, clientCertificate, serverSeen, protocols, sendIntermediate),
            DisposeHttpClient = true,
        });

    /// <summary>
    /// The HTTP handler of a TLS client that trusts only the test CA (the name must match: SAN
    /// 127.0.0.1) and presents <paramref name="clientCertificate"/> (with the issuing CA, when the
    /// PKI has one and <paramref name="sendIntermediate"/>).
    /// </summary>
    public static SocketsHttpHandler Handler(
        TestCertificates pki, X509Certificate2? clientCertificate, Action<string>? serverSeen = null, SslProtocols protocols = SslProtocols.None,
        bool sendIntermediate = true)
    {
        ArgumentNullException.ThrowIfNull(pki);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = protocols,
                // With an issuing CA, the client sends it along (as a hospital system would).
                ClientCertificateContext = clientCertificate is null
                    ? null
                    : SslStreamCertificateContext.Create(clientCertificate, pki.Intermediate is null || !sendIntermediate ? null : [pki.Intermediate], offline: true),
                RemoteCertificateValidationCallback = (_, certificate, sent, errors) =>
                {
                    if (certificate is null)
                    {
                        return false;
                    }

                    serverSeen?.Invoke(certificate.GetCertHashString());

                    // The name must match (SAN 127.0.0.1); the chain is checked against the test CA alone.
                    return (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && IssuedByTestCa(pki, certificate, sent);
                },
            },
        };
    }

    /// <summary>A grpc.health.v1 Check through a fresh TLS connection.</summary>
    public static async Task<HealthCheckResponse> CheckHealthAsync(
        string address, TestCertificates pki, X509Certificate2? clientCertificate, Action<string>? serverSeen = null, SslProtocols protocols = SslProtocols.None,
        bool sendIntermediate = true)
    {
        using var channel = Channel(address, pki, clientCertificate, serverSeen, protocols, sendIntermediate);
        return await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
    }

    /// <summary>
    /// Asserts, on the client side, that the call failed because the server ended the connection in
    /// TLS: an <see cref="HttpRequestException"/> whose cause is an <see cref="AuthenticationException"/>
    /// or the connection closing before the server's HTTP/2 preface. On Linux the server checks a
    /// client certificate after OpenSSL's handshake, so with TLS 1.2 and 1.3 alike the client finishes
    /// its side first and sees the close; the callers prove the refusal was in TLS with the server's
    /// log (<see cref="ServerHandshakeFailures"/>). Grpc.Net.Client reports it as <c>Unavailable</c>
    /// when the HttpRequestException carries an IOException, else as <c>Internal</c> (a race in
    /// SocketsHttpHandler decides which), so both are accepted here.
    /// </summary>
    public static void AssertHandshakeRefused(RpcException error)
    {
        var causes = Causes(error.Status.DebugException).ToList();
        var described = error.Status + ": " + string.Join(" <- ", causes.Select(e => $"{e.GetType().Name}: {e.Message}"));
        Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, described);
        Assert.True(causes.FirstOrDefault() is HttpRequestException, described);
        // In TLS 1.3 the server checks the client certificate after the client has finished its side
        // of the handshake, so the client may only see the connection torn down under its first
        // write (broken pipe, reset). Callers also require Kestrel's log of the refused handshake.
        Assert.True(
            causes.Any(e => e is AuthenticationException
                || e.Message.Contains("did not complete the HTTP/2 handshake", StringComparison.Ordinal)
                || e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.Shutdown or System.Net.Sockets.SocketError.ConnectionReset }
                || e.Message.Contains("Broken pipe", StringComparison.Ordinal)),
            "expected the connection to end in TLS, got: " + described);
    }

    /// <summary>
    /// TLS handshakes Kestrel logged as failed because a client certificate was refused (its Debug
    /// event, enabled by the fixture, with SslStream's AuthenticationException).
    /// </summary>
    public static int ServerHandshakeFailures(IEnumerable<string> logs) =>
        logs.Count(l => l.Contains("HttpsConnectionMiddleware [Debug] Failed to authenticate HTTPS connection.", StringComparison.Ordinal)
            && l.Contains("AuthenticationException: The remote certificate was rejected by the provided RemoteCertificateValidationCallback", StringComparison.Ordinal));

    private static IEnumerable<Exception> Causes(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    /// <summary>True when <paramref name="certificate"/> chains to the test root, using only the intermediates the server sent.</summary>
    private static bool IssuedByTestCa(TestCertificates pki, X509Certificate certificate, X509Chain? sent)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(pki.Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (sent is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
        }

        using var certificate2 = new X509Certificate2(certificate);
        return chain.Build(certificate2);
    }
}
