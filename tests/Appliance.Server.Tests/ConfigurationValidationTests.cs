using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Tests;

public sealed class ConfigurationValidationTests
{
    [Fact]
    public async Task Start_InvalidSchedulerSettings_FailsNamingEveryKey()
    {
        await using var app = TestServer.Create("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")),
            ["Appliance:Scheduler:BatchMinimumShare"] = "2",
            ["Appliance:Scheduler:Clients:his:Weight"] = "2",
            ["Appliance:Scheduler:MaxWaitingInputs"] = "-1",
            ["Appliance:Scheduler:MaxTensorElements"] = "0",
            ["Appliance:Scheduler:InitialRetryAfter"] = "00:05:00",
            ["Appliance:Scheduler:MaxPromptBytesPerToken"] = "0",
            ["Appliance:Scheduler:MaxMessages"] = "0",
            ["Appliance:Scheduler:MaxEmbedInputBytes"] = "-1",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Appliance:Scheduler:BatchMinimumShare", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Scheduler:Clients:his: calling systems are configured under Appliance:Clients:his now", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Scheduler:MaxWaitingInputs", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Scheduler:MaxTensorElements", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Scheduler:InitialRetryAfter must be between", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Scheduler:MaxPromptBytesPerToken must be at least 1 (got 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Scheduler:MaxMessages must be at least 1 (got 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Scheduler:MaxEmbedInputBytes must be at least 1 (got -1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InvalidMetricsSettings_FailsNamingEveryKey()
    {
        await using var app = TestServer.Create("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")),
            ["Appliance:Metrics:Address"] = "metrics.example",
            ["Appliance:Metrics:Port"] = "70000",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Appliance:Metrics:Address must be an IP address", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Metrics:Port must be 0..65535", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MetricsValidator_SamePortAsGrpc_Refused()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:5080" })
            .Build();
        var validator = new Appliance.Server.Metrics.MetricsOptionsValidator(configuration);

        var same = validator.Validate(null, new Appliance.Server.Metrics.MetricsOptions { Port = 5080 });
        var other = validator.Validate(null, new Appliance.Server.Metrics.MetricsOptions { Port = 9464 });

        Assert.True(same.Failed);
        Assert.Contains("must differ from the gRPC port", same.FailureMessage, StringComparison.Ordinal);
        Assert.True(other.Succeeded);
    }
}
