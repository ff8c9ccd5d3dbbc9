using Appliance.Cli.Commands;
using Appliance.Contracts.V1;
using Appliance.Core.Audit;
using Appliance.Core.Errors;
using Appliance.Server.Security;
using Appliance.Server.Tests.GrpcApi;
using Appliance.Server.Tests.Metrics;
using Grpc.Core;
using static Appliance.Server.Tests.Security.SecureServerFixture;

namespace Appliance.Server.Tests.Security;

/// <summary>What an identified client may do: models, methods, priority ceiling, quotas; all counted and audited.</summary>
public sealed class AuthorizationTests(SecureServerFixture fixture) : IClassFixture<SecureServerFixture>
{
    private readonly Generation.GenerationClient _generation = new(fixture.Server.Channel);

    [Fact]
    public async Task Model_NotAllowedForTheClient_PermissionDeniedNamingTheKey()
    {
        var request = GrpcTestExtensions.Greedy("x", 1);
        request.ModelId = OtherModelId;

        var error = await Assert.ThrowsAsync<RpcException>(() => _generation.CompleteAsync(request, Key(fixture.HisNewKey), deadline: Deadline()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("model_id: client 'his' may not use the model 'tiny-b' (Appliance:Clients:his:AllowedModels)", error.Status.Detail);
        RichErrors.AssertReason(error, ErrorReasons.ModelNotAllowed);
        RichErrors.AssertNoRetry(error);
    }

    [Fact]
    public async Task ListModels_ShowsOnlyTheClientsModels()
    {
        var models = new Contracts.V1.Models.ModelsClient(fixture.Server.Channel);

        var his = await models.ListModelsAsync(new ListModelsRequest(), Key(fixture.HisNewKey), deadline: Deadline());
        var busy = await models.ListModelsAsync(new ListModelsRequest(), Key(fixture.BusyKey), deadline: Deadline()); // AllowedModels "*"

        Assert.Equal([ModelId], his.Models.Select(m => m.Id));
        Assert.Equal([ModelId, OtherModelId], busy.Models.Select(m => m.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Method_NotAllowedForTheClient_PermissionDenied()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _generation.CompleteAsync(GrpcTestExtensions.Greedy("x", 1), Key(fixture.LisKey), deadline: Deadline()).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("client 'lis' may not call appliance.v1.Generation/Complete (Appliance:Clients:lis:AllowedMethods)", error.Status.Detail, StringComparison.Ordinal);
        RichErrors.AssertReason(error, ErrorReasons.MethodNotAllowed);
    }

    [Fact]
    public async Task Priority_AboveTheClientsCeiling_LoweredForTheAuthenticatedClient()
    {
        var request = GrpcTestExtensions.Greedy("x", 1);
        request.Priority = Priority.Urgent;
        request.ClientRequestId = "ceiling";

        await _generation.CompleteAsync(request, Key(fixture.HisNewKey), deadline: Deadline());

        Assert.Equal("normal", (await AuditRecords.WaitForEndAsync(fixture.AuditDirectory, "ceiling")).Priority);
    }

    [Fact]
    public async Task TokenQuota_UsedUp_ResourceExhaustedWithPushback_CountedAsQuota()
    {
        var first = GrpcTestExtensions.Greedy("Summarise the admission note", 6);
        await _generation.CompleteAsync(first, Key(fixture.QuotaKey), deadline: Deadline()); // > 10 tokens: the minute's quota is gone

        var second = GrpcTestExtensions.Greedy("x", 1);
        second.ClientRequestId = "over-quota";
        var error = await Assert.ThrowsAsync<RpcException>(() => _generation.CompleteAsync(second, Key(fixture.QuotaKey), deadline: Deadline()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("10 tokens per minute (Appliance:Clients:quota:TokensPerMinute)", error.Status.Detail, StringComparison.Ordinal);
        var pushback = long.Parse(error.Trailers.GetValue("grpc-retry-pushback-ms")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(pushback, 6_000, 600_000); // at 10 tokens a minute, at least one token's refill
        Assert.Equal(pushback, RichErrors.AssertRetry(error, ErrorReasons.QuotaTokens).TotalMilliseconds);
        var end = await AuditRecords.WaitForEndAsync(fixture.AuditDirectory, "over-quota");
        Assert.Equal(("ResourceExhausted", "quota"), (end.Status, end.Client));
        Assert.Matches(@"^denied: quota \(api-key [0-9a-f]{8} from 127\.0\.0\.1\): ", end.Authorization); // the address: who is over quota
        var scrape = Scrape.Parse(await fixture.Server.ScrapeAsync());
        Assert.True(scrape.Sum("appliance_requests_rejected_total", ("client", "quota"), ("reason", "quota")) >= 1);
    }

    [Fact]
    public async Task CallsInFlightQuota_SecondCallRefused_SlotFreedWhenTheFirstEnds()
    {
        using var cancel = new CancellationTokenSource();
        // Nearly the whole 8192-token context: seconds of decoding, so it is still running when the
        // second call comes even on a loaded machine (200 tokens, about 40 ms here, finished first
        // about once in ten runs).
        using (var open = _generation.Generate(
            GrpcTestExtensions.Greedy("Write a long discharge summary", SecureServerFixture.LongContext - 64), Key(fixture.BusyKey), cancellationToken: cancel.Token))
        {
            Assert.True(await open.ResponseStream.MoveNext(cancel.Token)); // running: it holds the one slot
            Assert.NotNull(open.ResponseStream.Current.Piece); // a piece, not already the final message

            var error = await Assert.ThrowsAsync<RpcException>(() =>
                _generation.CompleteAsync(GrpcTestExtensions.Greedy("x", 1), Key(fixture.BusyKey), deadline: Deadline()).ResponseAsync);
            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.Contains("Appliance:Clients:busy:MaxConcurrentCalls", error.Status.Detail, StringComparison.Ordinal);
            Assert.Equal(ClientQuotas.ConcurrencyRetry, RichErrors.AssertRetry(error, ErrorReasons.QuotaCalls));
            await cancel.CancelAsync();
        }

        await Bounded.UntilAsync(
            async token =>
            {
                try
                {
                    await _generation.CompleteAsync(GrpcTestExtensions.Greedy("x", 1), Key(fixture.BusyKey), deadline: Deadline(), cancellationToken: token);
                    return true;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    return false; // the cancelled call's slot is released when its handler returns
                }
            },
            "a call after the cancelled one to be admitted",
            interval: TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task Refusals_CountedAsUnauthorised()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _generation.CompleteAsync(GrpcTestExtensions.Greedy("x", 1), deadline: Deadline()).ResponseAsync);

        RichErrors.AssertReason(error, ErrorReasons.Unauthenticated);
        var scrape = Scrape.Parse(await fixture.Server.ScrapeAsync());

        Assert.True(scrape.Sum("appliance_requests_rejected_total", ("client", "anonymous"), ("reason", "unauthorised")) >= 1);
        Assert.True(scrape.Sum("appliance_requests_total", ("client", "anonymous"), ("grpc_code", "Unauthenticated")) >= 1);
    }

    [Fact]
    public async Task AuditLog_AfterAMixOfCalls_Verifies_AndAnEditOrADeletionFailsAtThatRecord()
    {
        var ok = GrpcTestExtensions.Greedy("x", 2);
        ok.ClientRequestId = "mix-ok";
        await _generation.CompleteAsync(ok, Key(fixture.HisNewKey), deadline: Deadline());
        await Assert.ThrowsAsync<RpcException>(() => _generation.CompleteAsync(GrpcTestExtensions.Greedy("x", 1), Key("apk_wrong-key-0000000000000000000000000000"), deadline: Deadline()).ResponseAsync);
        var denied = GrpcTestExtensions.Greedy("x", 1);
        denied.ModelId = OtherModelId;
        denied.ClientRequestId = "mix-denied";
        await Assert.ThrowsAsync<RpcException>(() => _generation.CompleteAsync(denied, Key(fixture.HisNewKey), deadline: Deadline()).ResponseAsync);
        await AuditRecords.WaitForEndAsync(fixture.AuditDirectory, "mix-denied");

        var copy = Path.Combine(Path.GetTempPath(), "appliance-audit-copy-" + Guid.NewGuid().ToString("N")[..8] + ".jsonl");
        try
        {
            var lines = AuditRecords.WholeLines(fixture.AuditDirectory);
            await File.WriteAllLinesAsync(copy, lines);
            Assert.Equal((ExitCodes.Success, ""), await AuditRecords.VerifyAsync(copy));

            var target = lines.FindIndex(l => l.Contains("\"client_request_id\":\"mix-ok\"", StringComparison.Ordinal) && l.Contains("\"event\":\"end\"", StringComparison.Ordinal));
            var edited = lines.ToList();
            edited[target] = edited[target].Replace("\"completion_tokens\":2", "\"completion_tokens\":1", StringComparison.Ordinal);
            Assert.NotEqual(lines[target], edited[target]);
            await File.WriteAllLinesAsync(copy, edited);
            var (code, report) = await AuditRecords.VerifyAsync(copy);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"{copy}:{target + 1}: record {target + 1}: {AuditChainVerifier.HashMismatch}", report, StringComparison.Ordinal);

            var deleted = lines.ToList();
            deleted.RemoveAt(target);
            await File.WriteAllLinesAsync(copy, deleted);
            (code, report) = await AuditRecords.VerifyAsync(copy);
            Assert.Equal(ExitCodes.Failure, code);
            Assert.Contains($"{copy}:{target + 1}:", report, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static DateTime Deadline() => DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit);
}
