using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Appliance.Core.Security;
using Appliance.Server.Security;
using BenchmarkDotNet.Attributes;

namespace Appliance.Benchmarks;

/// <summary>
/// What identifying a caller costs per call: an API key checked against every stored hash
/// (HMAC-SHA256 each, all of them whatever matches), and a client certificate looked up by
/// thumbprint, for a box with 10 or 100 registered systems holding two keys each.
/// </summary>
[MemoryDiagnoser]
public class AuthenticationBenchmarks
{
    private ClientSnapshot _snapshot = null!;
    private string _rightKey = null!;
    private string _wrongKey = null!;
    private X509Certificate2 _certificate = null!;

    [Params(10, 100)]
    public int Clients { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        _certificate = new CertificateRequest("CN=his-main, O=Hospital", key, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var options = new ClientsOptions();
        for (var i = 0; i < Clients; i++)
        {
            var keys = new[] { ApiKeyHash.NewKey(), ApiKeyHash.NewKey() };
            _rightKey = keys[1]; // the last client's second key: no early exit helps it
            options.Clients[$"system-{i:D3}"] = new ClientRegistration
            {
                AllowedModels = ["*"],
                ApiKeyHashes = [.. keys.Select(ApiKeyHash.Hash)],
                CertificateThumbprints = [i == Clients / 2 ? _certificate.Thumbprint : Convert.ToHexString(RandomNumberGenerator.GetBytes(20))],
            };
        }

        _wrongKey = ApiKeyHash.NewKey();
        _snapshot = ClientSnapshot.Build(options);
    }

    [GlobalCleanup]
    public void Cleanup() => _certificate.Dispose();

    [Benchmark]
    public string? ApiKey_Right() => ClientAuthenticator.FromKey(_snapshot, _rightKey).ClientId;

    [Benchmark]
    public string? ApiKey_Wrong() => ClientAuthenticator.FromKey(_snapshot, _wrongKey).Failure;

    [Benchmark]
    public string? Certificate() => ClientAuthenticator.FromCertificate(_snapshot, _certificate).ClientId;
}
