using Appliance.Core.Errors;
using Appliance.Server.Security;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Server.Tests.Security;

public sealed class ClientQuotasTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Acquire_OverCallsInFlight_RefusedUntilOneCompletes()
    {
        var quotas = new ClientQuotas(_time);
        var client = new ClientRegistration { MaxConcurrentCalls = 2 };
        var first = quotas.Acquire("his", client);
        quotas.Acquire("his", client);

        var error = Assert.Throws<QuotaExceededException>(() => quotas.Acquire("his", client));
        first.Complete(0);
        quotas.Acquire("his", client);

        Assert.Contains("Appliance:Clients:his:MaxConcurrentCalls", error.Message, StringComparison.Ordinal);
        Assert.Equal(ClientQuotas.ConcurrencyRetry, error.RetryAfter);
    }

    [Fact]
    public void Acquire_TokensUsedUp_RefusedWithTheWaitUntilTheBucketRefills()
    {
        var quotas = new ClientQuotas(_time);
        var client = new ClientRegistration { TokensPerMinute = 600 }; // 10 tokens a second

        quotas.Acquire("his", client).Complete(650); // overdraws the bucket by 50 tokens
        var error = Assert.Throws<QuotaExceededException>(() => quotas.Acquire("his", client));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Throws<QuotaExceededException>(() => quotas.Acquire("his", client)); // -10 left
        _time.Advance(TimeSpan.FromSeconds(1.2));
        quotas.Acquire("his", client).Complete(0);

        Assert.Contains("600 tokens per minute", error.Message, StringComparison.Ordinal);
        Assert.Equal(5.1, error.RetryAfter.TotalSeconds, 1);
    }

    [Fact]
    public void Acquire_IdleForLong_CreditCappedAtOneMinute()
    {
        var quotas = new ClientQuotas(_time);
        var client = new ClientRegistration { TokensPerMinute = 60 };

        _time.Advance(TimeSpan.FromHours(1));
        quotas.Acquire("his", client).Complete(61);

        Assert.Throws<QuotaExceededException>(() => quotas.Acquire("his", client));
    }

    [Fact]
    public void Acquire_ClientsHaveSeparateBuckets()
    {
        var quotas = new ClientQuotas(_time);
        var client = new ClientRegistration { TokensPerMinute = 10, MaxConcurrentCalls = 1 };

        quotas.Acquire("his", client).Complete(100);

        quotas.Acquire("lis", client).Complete(1);
        Assert.Throws<QuotaExceededException>(() => quotas.Acquire("his", client));
    }
}
