using Appliance.Contracts.Balancing;
using Appliance.Contracts.V1;
using Appliance.Core.Security;
using Grpc.Core;
using Grpc.Net.Client;

namespace Appliance.Server.Tests.LoadBalancing;

/// <summary>
/// TLS across several boxes (issue 20), for real on loopback with the in-test PKI: the SHIPPED
/// HAProxy configurations as a site runs them (TLS terminated at the balancer and opened again to
/// the boxes, callers known by API key; TLS passed through, the client certificate reaching the box
/// that authorises it), and <see cref="FleetChannel"/> balancing over TLS with a client certificate.
/// Two boxes (in-process servers) share one CA, one API key and the PKI's client certificate;
/// anonymous callers are refused, so a call that succeeds proves the identity reached the box.
/// </summary>
[Collection(LoadBalancingCollection.Name)]
public sealed class TlsFleetTests(TlsFleetTests.Boxes boxes) : IClassFixture<TlsFleetTests.Boxes>
{
    [Fact]
    public async Task Haproxy_TlsTerminated_ApiKeyCallsReachBothBoxes()
    {
        using var folder = new TempFolder("appliance-lb-tls");
        var certificate = folder.Combine("lb.pem");
        using (var lb = boxes.Pki.IssueServer())
        {
            // HAProxy's crt file: certificate, key and issuing CA in one PEM.
            await File.WriteAllTextAsync(certificate, lb.ExportCertificatePem() + "\n" + Appliance.Testing.TestCertificates.KeyPem(lb) + "\n" + boxes.Pki.Ca.ExportCertificatePem() + "\n");
        }

        await using var balancer = boxes.StartBalancer("haproxy.cfg", new Dictionary<string, string>
        {
            ["APPLIANCE_LB_CERT"] = certificate,
            ["APPLIANCE_BOX_CA"] = boxes.Pki.CaFile,
        });
        using var channel = TlsClient.Channel($"https://127.0.0.1:{balancer.Port}", boxes.Pki, clientCertificate: null);

        var served = await boxes.CallUntilBothServeAsync(channel, boxes.KeyHeader, () => balancer.Output);

        Assert.Equal(["a", "b"], served); // per call, over TLS on both sides
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Complete(channel, headers: null));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode); // the balancer forwards no identity of its own
    }

    [Fact]
    public async Task Haproxy_TlsPassedThrough_TheClientCertificateReachesTheBox()
    {
        await using var balancer = boxes.StartBalancer("haproxy-passthrough.cfg", new Dictionary<string, string>());
        using var withCertificate = TlsClient.Channel($"https://127.0.0.1:{balancer.Port}", boxes.Pki, boxes.Pki.GoodClient);
        using var without = TlsClient.Channel($"https://127.0.0.1:{balancer.Port}", boxes.Pki, clientCertificate: null);

        await Bounded.UntilAsync(
            async _ =>
            {
                try
                {
                    return (await Complete(withCertificate, headers: null)).Final.Usage.CompletionTokens > 0;
                }
                catch (RpcException)
                {
                    return false; // the balancer's first checks are still running
                }
            },
            () => $"a call with the client certificate through the pass-through balancer\n{balancer.Output}",
            TimeSpan.FromSeconds(20),
            TimeSpan.FromMilliseconds(200));
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Complete(without, headers: null));
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode); // so the call above was known by its certificate, end to end
    }

    [Fact]
    public async Task FleetChannel_OverTlsWithAClientCertificate_CallsReachBothBoxes()
    {
        using var channel = FleetChannel.Create(
            [new Uri(boxes.A.Address), new Uri(boxes.B.Address)],
            () => new GrpcChannelOptions { HttpHandler = TlsClient.Handler(boxes.Pki, boxes.Pki.GoodClient) });

        var served = await boxes.CallUntilBothServeAsync(channel, headers: null, () => string.Empty);

        Assert.Equal(["a", "b"], served);
    }

    [Fact]
    public async Task Appliancectl_ServerWithTwoTlsAddresses_GeneratesThroughThemWithTheClientCertificate()
    {
        var before = await boxes.ServedAsync();
        var cli = new CliRunner();

        var exit = await cli.RunAsync(
            "--server", $"{boxes.A.Address},{boxes.B.Address}", "--ca-file", boxes.Pki.CaFile, "--cert-file", boxes.Pki.ClientCertFile, "--key-file", boxes.Pki.ClientKeyFile,
            "generate", "--model", ApplianceServerFixture.ModelId, "--max-tokens", "4", "--seed", "1", "hello");

        Assert.True(exit == 0, cli.All);
        Assert.Equal(before + 1, await boxes.ServedAsync());
    }

    [Fact]
    public async Task AppliancectlStatus_TwoTlsBoxes_AScreenForEachAndAFleetLine()
    {
        var cli = new CliRunner();

        var exit = await cli.RunAsync(
            "--server", $"{boxes.A.Address},{boxes.B.Address}", "--ca-file", boxes.Pki.CaFile, "--cert-file", boxes.Pki.ClientCertFile, "--key-file", boxes.Pki.ClientKeyFile,
            "status", "--metrics", $"{boxes.A.MetricsAddress},{boxes.B.MetricsAddress}", "--interval", "0.1");

        Assert.True(exit == 0, cli.All);
        var (a, b) = (new Uri(boxes.A.Address).Authority, new Uri(boxes.B.Address).Authority);
        Assert.Contains($"fleet: 2 of 2 boxes up; models ready: {a} 1/1, {b} 1/1; exit 0 (every box ready)", cli.Output.Split('\n'));
        Assert.Contains($"server   {boxes.A.Address}: SERVING", cli.Output.Split('\n'));
    }

    private static Task<CompleteResponse> Complete(ChannelBase channel, Metadata? headers) =>
        new Generation.GenerationClient(channel).CompleteAsync(
            new GenerateRequest { ModelId = ApplianceServerFixture.ModelId, Prompt = "hello", Sampling = new SamplingParams { MaxTokens = 2 } },
            headers,
            DateTime.UtcNow.Add(Bounded.CallTimeout)).ResponseAsync;

    /// <summary>Two TLS boxes (client certificates allowed, not required) with one PKI and one API key; anonymous callers refused.</summary>
    public sealed class Boxes : IAsyncLifetime
    {
        private readonly string _key = ApiKeyHash.NewKey();

        public Boxes()
        {
            A = Box();
            B = Box();
        }

        public Appliance.Testing.TestCertificates Pki { get; } = Appliance.Testing.TestCertificates.Create();

        public ApplianceServerFixture A { get; }

        public ApplianceServerFixture B { get; }

        public Metadata KeyHeader => new() { { "x-api-key", _key } };

        public Task InitializeAsync() => Task.WhenAll(A.InitializeAsync(), B.InitializeAsync());

        /// <summary>A shipped configuration in front of both boxes.</summary>
        internal HaproxyBalancer StartBalancer(string config, IReadOnlyDictionary<string, string> variables) =>
            HaproxyBalancer.Start(config, [.. new[] { A, B }.Select(b => (new Uri(b.Address).Authority, b.MetricsAddress.Port))], variables);

        /// <summary>Calls through <paramref name="channel"/> until both boxes counted one; returns the boxes that served.</summary>
        internal async Task<string[]> CallUntilBothServeAsync(GrpcChannel channel, Metadata? headers, Func<string> output)
        {
            var (a0, b0) = (await ServedAsync(A), await ServedAsync(B));
            string[] served = [];
            await Bounded.UntilAsync(
                async _ =>
                {
                    try
                    {
                        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Complete(channel, headers)));
                    }
                    catch (RpcException)
                    {
                        return false; // the balancer's (or the channel's) first health checks are still running
                    }

                    served = [.. new[] { ("a", await ServedAsync(A) > a0), ("b", await ServedAsync(B) > b0) }.Where(s => s.Item2).Select(s => s.Item1)];
                    return served.Length == 2;
                },
                () => $"calls to reach both boxes (served: {string.Join(",", served)})\n{output()}",
                TimeSpan.FromSeconds(20),
                TimeSpan.FromMilliseconds(200));
            return served;
        }

        public async Task DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            Pki.Dispose();
        }

        /// <summary>Generation calls both boxes counted OK.</summary>
        internal async Task<double> ServedAsync() => await ServedAsync(A) + await ServedAsync(B);

        private static async Task<double> ServedAsync(ApplianceServerFixture box) => ClientSideBalancingTests.Served(await box.Server.ScrapeAsync());

        private ApplianceServerFixture Box()
        {
            var box = new ApplianceServerFixture { Transport = ServerTransport.Tls, AllowAnonymous = false, Pki = Pki, Credentials = KeyHeader };
            box.Settings["Appliance:Clients:his:ApiKeyHashes:0"] = ApiKeyHash.Hash(_key);
            box.Settings["Appliance:Clients:his:AllowedModels:0"] = "*";

            // Behind a terminating balancer every caller has its address: one misconfigured system must not throttle all (appliance/lb/README.md).
            box.Settings["Appliance:Security:FailedAuthentication:MaxFailures"] = "1000";
            return box;
        }
    }
}
