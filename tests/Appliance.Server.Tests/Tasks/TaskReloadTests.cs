using Appliance.Contracts.V1;
using Appliance.Server.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Appliance.Server.Tests.Tasks;

/// <summary>The site's task folder is watched like clients.json: a good edit is served without a restart; a broken one keeps the previous templates and says why.</summary>
public sealed class TaskReloadTests : IAsyncLifetime
{
    private readonly TasksServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private async Task<string?> VersionAsync(string id) =>
        (await new Contracts.V1.Tasks.TasksClient(_server.Channel).ListTasksAsync(new ListTasksRequest())).Tasks.SingleOrDefault(t => t.Id == id)?.Version;

    [Fact]
    public async Task SiteEdit_Good_ServedWithoutRestart_Broken_PreviousKeptAndLogged()
    {
        _server.WriteSite("added.yaml", TasksServerFixture.PolicyTemplate("site.added", "annotate", version: "2.0.0"));
        await Bounded.UntilAsync(async _ => await VersionAsync("site.added") == "2.0.0", "the watcher to load the new site template");

        var broken = _server.WriteSite("added.yaml", TasksServerFixture.PolicyTemplate("site.added", "sometimes", version: "3.0.0"));
        var library = _server.Server.App.Services.GetRequiredService<TaskLibrary>();
        await Bounded.UntilAsync(
            () => _server.Logs.Any(l => l.Contains("Task template change refused", StringComparison.Ordinal)
                && l.Contains($"{broken}: grounding: must be one of annotate, reject, retry (line ", StringComparison.Ordinal)),
            "the broken edit to be refused and logged naming file, key and line");

        Assert.False(library.InForce);
        Assert.Equal("2.0.0", await VersionAsync("site.added"));
        Assert.Contains("appliance_config_in_force{file=\"tasks\"} 0", await _server.Server.ScrapeAsync(), StringComparison.Ordinal);

        _server.WriteSite("added.yaml", TasksServerFixture.PolicyTemplate("site.added", "reject", version: "3.0.1"));
        await Bounded.UntilAsync(async _ => await VersionAsync("site.added") == "3.0.1", "the fixed template to be loaded");
        Assert.True(library.InForce);
    }

    [Fact]
    public async Task Start_TieBetweenSiteVariants_StartFailsNamingBothFiles()
    {
        using var folder = new TempFolder("appliance-tasks-tie");
        var first = folder.Write("a.yaml", TasksServerFixture.PolicyTemplate("tie.family", "annotate").Replace("id: tie.family", "id: tie.family.a", StringComparison.Ordinal));
        var second = folder.Write("b.yaml", TasksServerFixture.PolicyTemplate("tie.family", "annotate").Replace("id: tie.family", "id: tie.family.b", StringComparison.Ordinal));

        var app = TestServer.Create("Testing", new Dictionary<string, string?> { ["Appliance:Tasks:SiteFolder"] = folder.Path });
        var error = Assert.ThrowsAny<Exception>(() => Appliance.Server.Hosting.StartupFailure.Check(app.Services));
        await app.DisposeAsync();

        var message = Appliance.Server.Hosting.StartupFailure.Describe(error)!;
        Assert.Contains($"{second}: selectors: ties with {first}", message, StringComparison.Ordinal);
    }
}
