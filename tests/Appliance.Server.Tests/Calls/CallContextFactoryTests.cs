using Appliance.Core.Generation;
using Appliance.Scheduling;
using Appliance.Server.Calls;
using Appliance.Server.Security;
using Appliance.Server.Tests.Security;
using Microsoft.Extensions.Time.Testing;

namespace Appliance.Server.Tests.Calls;

/// <summary>A call is decided once: identity, authorisation and the effective priority (the one place the ceiling is applied).</summary>
public sealed class CallContextFactoryTests
{
    private const string Method = "/appliance.v1.Generation/Generate";

    /// <summary>A factory over a fixed directory of the given clients (no credentials, every client may use model <c>m</c>).</summary>
    internal static CallContextFactory Factory(params (string Id, Priority Ceiling)[] clients)
    {
        var options = new ClientsOptions();
        foreach (var (id, ceiling) in clients)
        {
            options.Clients[id] = new ClientRegistration { AllowedModels = ["m"], PriorityCeiling = ceiling };
        }

        var directory = ClientDirectory.Fixed(options, new SchedulerOptions());
        var time = new FakeTimeProvider();
        var resolver = new CallAccessResolver(new ClientAuthenticator(directory), directory, FailedAuthenticationThrottleTests.Throttle(new FailedAuthenticationOptions(), time), time);
        return new CallContextFactory(resolver, directory, time);
    }

    private static CallStart Start(string? client, Priority? priority, string? model = "m", string method = Method) =>
        new(method, model, client, "corr-1", priority, CallerCredentials.None);

    [Theory]
    [InlineData(Priority.Urgent, Priority.Batch, Priority.Batch)]
    [InlineData(Priority.Normal, Priority.Batch, Priority.Batch)]
    [InlineData(Priority.Batch, Priority.Urgent, Priority.Batch)]
    [InlineData(Priority.Urgent, Priority.Normal, Priority.Normal)]
    [InlineData(Priority.Urgent, Priority.Urgent, Priority.Urgent)]
    public void Create_RegisteredClient_PriorityLoweredToItsCeiling(Priority asked, Priority ceiling, Priority expected)
    {
        var call = Factory(("lab", ceiling)).Create(Start("lab", asked));

        Assert.Equal(expected, call.Priority);
        Assert.True(call.CarriesPriority);
        Assert.Equal("lab", call.ClientId);
    }

    [Fact]
    public void Create_UnregisteredClient_GetsTheDefaultPolicy()
    {
        var call = Factory(("lab", Priority.Batch)).Create(Start("someone-else", Priority.Urgent));

        Assert.Equal(Priority.Urgent, call.Priority); // Appliance:Scheduler:DefaultClient: ceiling Urgent
        Assert.Equal("someone-else", call.ClientId);
    }

    [Fact]
    public void Create_MethodWithoutPriority_RunsAtNormalCappedAndSaysSo()
    {
        var call = Factory(("lab", Priority.Batch)).Create(Start("lab", priority: null, model: null, method: "/appliance.v1.Models/ListModels"));

        Assert.False(call.CarriesPriority);
        Assert.Equal(Priority.Batch, call.Priority);
        Assert.Null(call.ModelId);
    }

    [Fact]
    public void Create_ModelTheClientMayNotUse_DecidedAsDenialNotThrown()
    {
        var call = Factory(("lab", Priority.Normal)).Create(Start("lab", Priority.Normal, model: "other-model"));

        var denial = Assert.IsType<Core.Errors.PermissionDeniedException>(call.Access.Denial);
        Assert.Contains("Appliance:Clients:lab:AllowedModels", denial.Message, StringComparison.Ordinal);
        Assert.StartsWith("denied: ", call.AuthorizationText, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EachCall_GetsItsOwnRequestIdAndKeepsTheCallersId()
    {
        var factory = Factory(("lab", Priority.Normal));

        var first = factory.Create(Start("lab", Priority.Normal));
        var second = factory.Create(Start("lab", Priority.Normal));

        Assert.StartsWith("req_", first.RequestId, StringComparison.Ordinal);
        Assert.NotEqual(first.RequestId, second.RequestId);
        Assert.Equal("corr-1", first.ClientRequestId);
    }

    [Theory]
    [InlineData("m", null, false)] // agrees: no refusal
    [InlineData(null, null, false)] // no header: no rule
    [InlineData("zz-other", null, true)] // names another model
    [InlineData("M", null, true)] // ids are compared exactly (no case folding)
    [InlineData("zz-other", "model", true)] // the OpenAI door's body field
    public void Create_ModelRoutingHeader_MustNameTheBodysModel_RefusalNamesHeaderAndFieldNeverTheValue(string? routed, string? bodyField, bool refused)
    {
        var start = Start("lab", Priority.Normal) with { RoutedModel = routed };
        if (bodyField is not null)
        {
            start = start with { ModelField = bodyField };
        }

        var call = Factory(("lab", Priority.Normal)).Create(start);

        if (!refused)
        {
            Assert.Null(call.FieldError);
            return;
        }

        var error = Assert.IsType<Core.Errors.InvalidRequestException>(call.FieldError);
        Assert.Equal("x-appliance-model", error.Field);
        Assert.Contains($"request's {bodyField ?? "model_id"}", error.Problem, StringComparison.Ordinal);
        if (routed!.Length > 1)
        {
            Assert.DoesNotContain(routed, error.Message, StringComparison.OrdinalIgnoreCase); // the caller's text is never echoed
        }
    }

    [Fact]
    public void Create_ModelRoutingHeader_OnAMethodThatQueuesNothing_IsNotChecked()
    {
        var call = Factory(("lab", Priority.Normal)).Create(Start("lab", priority: null, model: "m", method: "/appliance.v1.Models/GetModel") with { RoutedModel = "other" });

        Assert.Null(call.FieldError); // admin and lookup calls go to a box directly; the header routes work only
    }
}
