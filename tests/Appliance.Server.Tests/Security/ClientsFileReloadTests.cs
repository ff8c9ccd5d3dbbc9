using Appliance.Contracts.V1;
using Appliance.Core.Security;
using Appliance.Server.Tests.Metrics;
using Grpc.Core;
using static Appliance.Server.Tests.Security.SecureServerFixture;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// Mistakes in /etc/appliance/clients.json while the server runs (production profile, the product's
/// watched clients file): broken JSON, a deleted file, a value outside the allowed ones, a misspelt
/// key. Each is refused as a whole and logged at Error naming the file or key; the calling systems
/// in force stay; <c>appliance_config_in_force{file="clients"}</c> is 0 until a good file is saved.
/// </summary>
public sealed class ClientsFileReloadTests(SecureServerFixture fixture) : IClassFixture<SecureServerFixture>
{
    private static readonly TimeSpan ReloadLimit = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ReloadPoll = TimeSpan.FromMilliseconds(100);

    private readonly Contracts.V1.Models.ModelsClient _models = new(fixture.Server.Channel);

    [Fact]
    public async Task BrokenJson_OnReload_ErrorNamesFileAndPosition_PreviousClientsStay_MetricShowsNotInForce()
    {
        try
        {
            Assert.Equal(1, await InForceAsync());
            var errors = ErrorCount();

            fixture.WriteClientsFile("{ \"Appliance\": { \"Clients\": {\n  \"his\": { \"AllowedModels\": [ \"*\" ],, }\n} } }");

            var error = await NextErrorAsync(errors);
            Assert.Contains(fixture.ConfigFile, error, StringComparison.Ordinal);
            Assert.Contains("malformed JSON at line 2, position ", error, StringComparison.Ordinal);
            Assert.Contains("The previous 4 calling systems stay in force", error, StringComparison.Ordinal);
            Assert.Equal(StatusCode.OK, await ListModelsStatusAsync(fixture.HisNewKey));
            Assert.Equal(0, await InForceAsync());
        }
        finally
        {
            await RestoreAsync();
        }
    }

    [Fact]
    public async Task Deleted_OnReload_ErrorAndPreviousClientsStay_UntilAnEmptyClientsObjectRemovesThemAll()
    {
        try
        {
            var errors = ErrorCount();

            File.Delete(fixture.ConfigFile);

            var error = await NextErrorAsync(errors);
            Assert.Contains($"{fixture.ConfigFile} was deleted; the previous 4 calling systems stay in force", error, StringComparison.Ordinal);
            Assert.Equal(StatusCode.OK, await ListModelsStatusAsync(fixture.HisNewKey));
            Assert.Equal(0, await InForceAsync());

            // On purpose: a file that says there are none.
            fixture.WriteClientsFile("{ \"Appliance\": { \"Clients\": {} } }");
            await Bounded.UntilAsync(
                async _ => await ListModelsStatusAsync(fixture.HisNewKey) == StatusCode.Unauthenticated, "the empty Clients object to remove every system", ReloadLimit, ReloadPoll);
            Assert.Equal(1, await InForceAsync());
        }
        finally
        {
            await RestoreAsync();
        }
    }

    [Fact]
    public async Task InvalidValue_OnReload_RefusedAsAWhole_NamingKeyAndAllowedValues()
    {
        try
        {
            var errors = ErrorCount();
            var clients = fixture.Clients(includeOldKey: false);
            clients["his"] = new { ApiKeyHashes = new[] { ApiKeyHash.Hash(fixture.HisNewKey) }, AllowedModels = new[] { "*" }, PriorityCeiling = "Emergency" };

            fixture.WriteClientsSection(clients);

            var error = await NextErrorAsync(errors);
            Assert.Contains("Appliance:Clients:his:PriorityCeiling: \"Emergency\" is not allowed; use Normal, Urgent or Batch", error, StringComparison.Ordinal);
            Assert.Contains("the previous clients stay in force", error, StringComparison.Ordinal);
            Assert.Equal(StatusCode.OK, await ListModelsStatusAsync(fixture.HisNewKey)); // not dropped
            Assert.Equal(0, await InForceAsync());
        }
        finally
        {
            await RestoreAsync();
        }
    }

    [Theory]
    [InlineData("AllowedMethds", "AllowedMethods")]
    [InlineData("MaxConcurentCalls", "MaxConcurrentCalls")]
    [InlineData("PriorityCieling", "PriorityCeiling")]
    public async Task MisspeltKey_OnReload_RefusedNamingItWithASuggestion_PreviousAccessStays(string typo, string meant)
    {
        try
        {
            var errors = ErrorCount();
            var lis = new Dictionary<string, object>
            {
                ["ApiKeyHashes"] = new[] { ApiKeyHash.Hash(fixture.LisKey) },
                ["AllowedModels"] = new[] { "*" },
                ["AllowedMethods"] = new[] { "Embed" },
                [typo] = typo == "AllowedMethds" ? new[] { "Embed" } : typo == "MaxConcurentCalls" ? 1 : "Batch",
            };
            if (typo == "AllowedMethds")
            {
                lis.Remove("AllowedMethods"); // the edit that once widened lis to every method
            }

            var clients = fixture.Clients(includeOldKey: false);
            clients["lis"] = lis;

            fixture.WriteClientsSection(clients);

            var error = await NextErrorAsync(errors);
            Assert.Contains($"Appliance:Clients:lis:{typo}: unknown key (did you mean Appliance:Clients:lis:{meant}?)", error, StringComparison.Ordinal);
            Assert.Equal(StatusCode.PermissionDenied, await ListModelsStatusAsync(fixture.LisKey)); // still Embed only
            Assert.Equal(0, await InForceAsync());
        }
        finally
        {
            await RestoreAsync();
        }
    }

    private int ErrorCount() => fixture.Logs.Count(IsClientsError);

    private static bool IsClientsError(string line) =>
        line.StartsWith("Appliance.Server.Security.ClientDirectory [Error]", StringComparison.Ordinal);

    private async Task<string> NextErrorAsync(int before)
    {
        await Bounded.UntilAsync(() => fixture.Logs.Count(IsClientsError) > before, "the refused change to be logged at Error", ReloadLimit, ReloadPoll);
        return fixture.Logs.Where(IsClientsError).Skip(before).First();
    }

    /// <summary>The good file again, and the server back on it.</summary>
    private async Task RestoreAsync()
    {
        fixture.WriteClients(includeOldKey: false);
        await Bounded.UntilAsync(async _ => await InForceAsync() == 1, "the good clients file to be in force", ReloadLimit, ReloadPoll);
        await Bounded.UntilAsync(
            async _ => await ListModelsStatusAsync(fixture.HisNewKey) == StatusCode.OK, "his to be served again", ReloadLimit, ReloadPoll);
    }

    private async Task<double> InForceAsync() => Scrape.Parse(await fixture.Server.ScrapeAsync()).Sum("appliance_config_in_force", ("file", "clients"));

    private async Task<StatusCode> ListModelsStatusAsync(string key)
    {
        try
        {
            await _models.ListModelsAsync(new ListModelsRequest(), Key(key), deadline: DateTime.UtcNow.Add(GrpcTestExtensions.CallLimit));
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
