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
            ["Appliance:Scheduler:Clients:his:Weight"] = "0",
            ["Appliance:Scheduler:Clients:pacs:MaxConcurrent"] = "0",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Appliance:Scheduler:BatchMinimumShare", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Scheduler:Clients:his:Weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Scheduler:Clients:pacs:MaxConcurrent", error.Message, StringComparison.Ordinal);
    }
}
