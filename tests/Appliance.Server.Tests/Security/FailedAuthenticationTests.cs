using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Appliance.Cli.Commands;
using Appliance.Contracts.V1;
using Appliance.Core.Audit;
using Appliance.Core.Errors;
using Appliance.Core.Security;
using Appliance.Server.Tests.GrpcApi;
using Appliance.Server.Tests.Metrics;
using Grpc.Core;
using Xunit.Abstractions;
using static Appliance.Server.Tests.Security.FailedAuthenticationFixture;

namespace Appliance.Server.Tests.Security;

/// <summary>A flood of wrong API keys from one address against the real server: throttled, recorded in bounded form, every failure counted.</summary>
public sealed partial class FailedAuthenticationTests(FailedAuthenticationFixture fixture, ITestOutputHelper output) : IClassFixture<FailedAuthenticationFixture>
{
    private const int Flood = 200;

    [Fact]
    public async Task WrongKeys_FloodFromOneAddress_ThrottledAfterMaxFailures_RecordsBounded_EveryFailureCounted()
    {
        const string Source = "127.0.0.3";
        var canary = "PHI-CANARY-FLOOD-" + Guid.NewGuid().ToString("N"); // patient text in every refused call's prompt
        var before = Scrape.Parse(await fixture.Server.ScrapeAsync());
        var logsBefore = fixture.Logs.Count;
        using var channel = fixture.ChannelFrom(IPAddress.Parse(Source));
        var flooded = new Generation.GenerationClient(channel);

        var details = new List<string>();
        var reasons = new List<string>();
        for (var i = 0; i < Flood; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => flooded.CompleteAsync(GrpcTestExtensions.Greedy(canary, 1), Key(ApiKeyHash.NewKey()), deadline: Deadline()).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
            details.Add(error.Status.Detail);
            reasons.Add(RichErrors.Of(error).GetDetail<Google.Rpc.ErrorInfo>()?.Reason ?? "none");
        }

        var rightKeyThere = await Assert.ThrowsAsync<RpcException>(() => flooded.CompleteAsync(GrpcTestExtensions.Greedy("x", 1), fixture.His.Header, deadline: Deadline()).ResponseAsync);
        var rightKeyElsewhere = await new Generation.GenerationClient(fixture.Channel).CompleteAsync(GrpcTestExtensions.Greedy("x", 1), fixture.His.Header, deadline: Deadline());

        // The first MaxFailures keys were checked; every later call (the right key too) was refused without a check.
        Assert.All(details.Take(MaxFailures), d => Assert.Contains("API key is not valid", d, StringComparison.Ordinal));
        Assert.All(details.Skip(MaxFailures), d => Assert.StartsWith("too many failed authentications from this address", d, StringComparison.Ordinal));
        Assert.Equal(StatusCode.Unauthenticated, rightKeyThere.StatusCode);
        Assert.StartsWith("too many failed authentications from this address", rightKeyThere.Status.Detail, StringComparison.Ordinal);
        Assert.Equal([.. Enumerable.Repeat(ErrorReasons.Unauthenticated, MaxFailures), .. Enumerable.Repeat(ErrorReasons.AuthThrottled, Flood - MaxFailures)], reasons);
        RichErrors.AssertReason(rightKeyThere, ErrorReasons.AuthThrottled);
        Assert.Equal(1, rightKeyElsewhere.Final.Usage.CompletionTokens); // 127.0.0.1 is another address

        // Metrics count every refusal.
        var refusedUnchecked = Flood + 1 - MaxFailures;
        var after = Scrape.Parse(await fixture.Server.ScrapeAsync());
        Assert.Equal(Flood + 1, Increase(before, after, "appliance_requests_rejected_total", ("reason", "unauthorised")));
        Assert.Equal(Flood + 1, Increase(before, after, "appliance_requests_total", ("grpc_code", "Unauthenticated")));
        Assert.Equal(refusedUnchecked, Increase(before, after, "appliance_authentication_throttled_total"));

        // The audit log: the checked failures one by one (start and end, with the address), the rest in summaries
        // that account for every one of them; the chain verifies with appliancectl audit verify.
        var fromSource = $"from {Source})";
        var records = await Bounded.ObjectAsync(
            async _ =>
            {
                var all = await AuditRecords.ReadAsync(fixture.AuditDirectory);
                return all.Where(r => r.Event == "auth_throttled" && r.Authorization.Contains(fromSource, StringComparison.Ordinal)).Sum(CountOf) >= refusedUnchecked ? all : null;
            },
            "summary records counting every call refused refusedUnchecked",
            interval: TimeSpan.FromMilliseconds(200));
        var fromFlood = records.Where(r => r.Authorization.Contains(fromSource, StringComparison.Ordinal)).ToList();
        var summaries = fromFlood.Where(r => r.Event == "auth_throttled").ToList();
        Assert.Equal(2 * MaxFailures, fromFlood.Count(r => r.Event is "start" or "end"));
        Assert.Equal(refusedUnchecked, summaries.Sum(CountOf));
        Assert.All(summaries, s => Assert.Equal(("*", "anonymous", "Unauthenticated"), (s.Method, s.Client, s.Status)));
        Assert.InRange(summaries.Count, 1, 30); // one a second while the flood lasted, instead of two records a call
        Assert.Equal(2 * MaxFailures + summaries.Count, fromFlood.Count);
        output.WriteLine($"{Flood + 1} refused calls from {Source}: {fromFlood.Count} audit records ({summaries.Count} summaries)");
        var copy = fixture.Folder.Combine("audit-copy.jsonl");
        await File.WriteAllLinesAsync(copy, AuditRecords.WholeLines(fixture.AuditDirectory));
        Assert.Equal((ExitCodes.Success, ""), await AuditRecords.VerifyAsync(copy));

        // The log: a warning per checked failure, one when throttling began, then summaries; the address hashed.
        var lines = fixture.Logs.Skip(logsBefore).ToList();
        Assert.Equal(MaxFailures, lines.Count(l => l.Contains("refused (denied: unauthenticated", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.Contains($"{MaxFailures} failed authentications from", StringComparison.Ordinal));
        Assert.InRange(lines.Count(l => l.Contains("refused without checking credentials since", StringComparison.Ordinal)), 1, 30);
        Assert.DoesNotContain(lines, l => l.Contains(Source, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(canary, StringComparison.Ordinal));
        Assert.DoesNotContain(AuditRecords.WholeLines(fixture.AuditDirectory), l => l.Contains(canary, StringComparison.Ordinal));
        Assert.DoesNotContain(details, d => d.Contains(canary, StringComparison.Ordinal));
    }

    private static double Increase(Scrape before, Scrape after, string name, params (string Key, string Value)[] labels) =>
        after.Sum(name, labels) - before.Sum(name, labels);

    private static long CountOf(AuditRecord summary) =>
        long.Parse(SummaryCount().Match(summary.Authorization).Groups[1].Value, CultureInfo.InvariantCulture);

    private static DateTime Deadline() => DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit);

    [GeneratedRegex(@"\): (\d+) calls refused without checking credentials")]
    private static partial Regex SummaryCount();
}
