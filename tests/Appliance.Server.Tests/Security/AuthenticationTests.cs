using Appliance.Contracts.V1;
using Appliance.Core.Security;
using Grpc.Core;
using Grpc.Health.V1;
using static Appliance.Server.Tests.Security.SecureServerFixture;

namespace Appliance.Server.Tests.Security;

/// <summary>API keys against the real server in the production profile: right, wrong, missing, rotated without restart.</summary>
public sealed class AuthenticationTests(SecureServerFixture fixture) : IClassFixture<SecureServerFixture>
{
    private static readonly TimeSpan ReloadLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ReloadPoll = TimeSpan.FromMilliseconds(200);

    private readonly Generation.GenerationClient _generation = new(fixture.Server.Channel);

    [Fact]
    public async Task ApiKey_Right_CallRunsAsThatClientWhateverTheClientFieldSays()
    {
        var request = GrpcTestExtensions.Greedy("Summarise: chest pain", 3);
        request.Client = "lis"; // self-declared: ignored when credentials are presented
        request.ClientRequestId = "auth-right";

        var reply = await _generation.CompleteAsync(request, Key(fixture.HisNewKey), deadline: Deadline());

        Assert.Equal(3, reply.Final.Usage.CompletionTokens);
        var end = await AuditRecords.WaitForEndAsync(fixture.AuditDirectory, "auth-right");
        Assert.Equal("his", end.Client);
        Assert.Matches("^allowed: api-key [0-9a-f]{8}$", end.Authorization); // the stored hash's fingerprint, whatever its position
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("missing")]
    [InlineData("short")]
    public async Task ApiKey_WrongOrMissing_UnauthenticatedAndTheServerKeepsServing(string kind)
    {
        var key = kind switch
        {
            "wrong" => ApiKeyHash.NewKey(),
            "short" => "x",
            _ => null,
        };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _generation.CompleteAsync(GrpcTestExtensions.Greedy("x", 2), key is null ? null : Key(key), deadline: Deadline()).ResponseAsync);
        var good = await _generation.CompleteAsync(GrpcTestExtensions.Greedy("x", 1), Key(fixture.HisNewKey), deadline: Deadline());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains(key is null ? "no credentials" : "API key is not valid", error.Status.Detail, StringComparison.Ordinal);
        if (key is not null)
        {
            Assert.DoesNotContain(key, error.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Equal(1, good.Final.Usage.CompletionTokens);
    }

    [Fact]
    public async Task Health_WithoutCredentials_Unauthenticated_WithAKey_Serving()
    {
        var health = new Health.HealthClient(fixture.Server.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest(), deadline: Deadline()).ResponseAsync);
        var reply = await health.CheckAsync(new HealthCheckRequest(), Key(fixture.LisKey), deadline: Deadline());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Reflection_DuplexStreaming_NeedsCredentialsToo()
    {
        var reflection = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(fixture.Server.Channel);

        async Task<string> ListAsync(Metadata? headers)
        {
            using var call = reflection.ServerReflectionInfo(headers, deadline: Deadline());
            try
            {
                await call.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { ListServices = string.Empty });
                await call.RequestStream.CompleteAsync();
            }
            catch (Exception e) when (e is RpcException or InvalidOperationException)
            {
                // A refused call may be over before its request is written; its status is read below.
            }

            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            return call.ResponseStream.Current.ListServicesResponse.ToString();
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => ListAsync(null));
        var services = await ListAsync(Key(fixture.LisKey));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("appliance.v1.Generation", services, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_Rotated_BothWorkThenTheOldOneStopsWithoutARestart_AndABadReloadKeepsTheClients()
    {
        try
        {
            var old = GrpcTestExtensions.Greedy("x", 1);
            old.ClientRequestId = "rotation-old";
            var current = GrpcTestExtensions.Greedy("x", 1);
            current.ClientRequestId = "rotation-new";
            await _generation.CompleteAsync(old, Key(fixture.HisOldKey), deadline: Deadline());
            await _generation.CompleteAsync(current, Key(fixture.HisNewKey), deadline: Deadline());

            // The audit log tells the two keys apart by their fingerprints (issue 21, item 5), not by position.
            var oldKey = (await AuditRecords.WaitForEndAsync(fixture.AuditDirectory, "rotation-old")).Authorization;
            var newKey = (await AuditRecords.WaitForEndAsync(fixture.AuditDirectory, "rotation-new")).Authorization;
            Assert.Matches("^allowed: api-key [0-9a-f]{8}$", oldKey);
            Assert.Matches("^allowed: api-key [0-9a-f]{8}$", newKey);
            Assert.NotEqual(oldKey, newKey);

            fixture.WriteClients(includeOldKey: false);
            await Bounded.UntilAsync(
                async _ => await StatusOfAsync(fixture.HisOldKey) == StatusCode.Unauthenticated, "the old key to be refused once the configuration dropped it", ReloadLimit, ReloadPoll);
            Assert.Equal(StatusCode.OK, await StatusOfAsync(fixture.HisNewKey));

            // Who still uses the revoked key: its refusal is audited with the caller's address.
            var revoked = GrpcTestExtensions.Greedy("x", 1);
            revoked.ClientRequestId = "rotation-revoked";
            await Assert.ThrowsAsync<RpcException>(() => _generation.CompleteAsync(revoked, Key(fixture.HisOldKey), deadline: Deadline()).ResponseAsync);
            var refused = await AuditRecords.WaitForEndAsync(fixture.AuditDirectory, "rotation-revoked");
            Assert.StartsWith("denied: unauthenticated (api-key from 127.0.0.1): ", refused.Authorization, StringComparison.Ordinal);

            // A broken edit is refused as a whole: the clients in force stay, and the log says why.
            fixture.WriteClients(includeOldKey: false, hisHashOverride: "apk_someone-pasted-a-key-not-its-hash-0000000");
            await Bounded.UntilAsync(
                () => fixture.Logs.Any(l => l.Contains("Appliance:Clients:his:ApiKeyHashes:0", StringComparison.Ordinal)), "the invalid reload to be logged", ReloadLimit, ReloadPoll);
            Assert.Equal(StatusCode.OK, await StatusOfAsync(fixture.HisNewKey));
        }
        finally
        {
            fixture.WriteClients(includeOldKey: false);
        }
    }

    private async Task<StatusCode> StatusOfAsync(string key)
    {
        try
        {
            await _generation.CompleteAsync(GrpcTestExtensions.Greedy("x", 1), Key(key), deadline: Deadline());
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static DateTime Deadline() => DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit);
}
