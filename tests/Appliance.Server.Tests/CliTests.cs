using Appliance.Cli.Commands;
using Appliance.Contracts.V1;
using Grpc.Health.V1;

namespace Appliance.Server.Tests;

/// <summary>appliancectl's handlers against the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class CliTests(ServerFixture server)
{
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private CommandContext Context => new(_out, _err, TimeProvider.System, server.Address);

    [Fact]
    public async Task Generate_StreamsTextAndPrintsASummary()
    {
        var options = new GenerateOptions { Model = ServerFixture.ModelId, Prompt = "Summarise: fever and cough", MaxTokens = 6, Temperature = 0, Seed = 1 };

        var exit = await new GenerateCommand(Context).RunAsync(new Generation.GenerationClient(server.Channel), options, CancellationToken.None);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.NotEmpty(_out.ToString().Trim());
        Assert.Contains("length", _err.ToString(), StringComparison.Ordinal);
        Assert.Contains("completion 6 tok", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_UnknownModel_ExitsWithNotFoundAndSaysWhy()
    {
        var options = new GenerateOptions { Model = "nope", Prompt = "x" };

        var exit = await new GenerateCommand(Context).RunAsync(new Generation.GenerationClient(server.Channel), options, CancellationToken.None);

        Assert.Equal(ExitCodes.NotFound, exit);
        Assert.Contains("NotFound", _err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsList_ShowsEveryModelWithState()
    {
        var exit = await new ModelsListCommand(Context).RunAsync(new Contracts.V1.Models.ModelsClient(server.Channel), CancellationToken.None);

        Assert.Equal(ExitCodes.Success, exit);
        var table = _out.ToString();
        Assert.Contains(ServerFixture.ModelId, table, StringComparison.Ordinal);
        Assert.Contains(ServerFixture.BadShaModelId, table, StringComparison.Ordinal);
        Assert.Contains("sha256 mismatch", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ReadyModel_ExitsZero()
    {
        var exit = await new HealthCommand(Context).RunAsync(new Health.HealthClient(server.Channel), new HealthOptions(ServerFixture.ModelId), CancellationToken.None);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("SERVING", _out.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsVerify_GoodAndBadManifests_ReportsEachAndFails()
    {
        var exit = await new ModelsVerifyCommand(Context).RunAsync([server.ModelsDirectory], CancellationToken.None);

        Assert.Equal(ExitCodes.Failure, exit);
        var report = _out.ToString();
        Assert.Contains($"OK    {ServerFixture.ModelId} ", report, StringComparison.Ordinal);
        Assert.Contains($"FAIL  {ServerFixture.BadShaModelId}", report, StringComparison.Ordinal);
        Assert.Contains($"FAIL  {ServerFixture.MissingModelId}", report, StringComparison.Ordinal);

        // tiny-long asks for 8192 tokens of a model trained for 512: verified, with a warning naming the key; tiny fits.
        Assert.Contains($"OK    {ServerFixture.LongModelId} ", report, StringComparison.Ordinal);
        Assert.Contains(
            $"WARN  {ServerFixture.LongModelId}  context_length {ServerFixture.LongContextLength} is more than the 512 tokens the model was trained for (llama.context_length)",
            report,
            StringComparison.Ordinal);
        Assert.DoesNotContain($"WARN  {ServerFixture.ModelId} ", report, StringComparison.Ordinal);

        // Each intact model's memory estimate per device, with its parts and what it rests on.
        var tiny = server.Host.Get(ServerFixture.ModelId)!.Manifest!;
        var estimate = Appliance.Catalog.Memory.ModelMemoryEstimator.Estimate(tiny);
        Assert.Contains($"      memory {estimate.Devices[0].Describe()}", report, StringComparison.Ordinal);
        Assert.Contains("      memory total ", report, StringComparison.Ordinal);
    }
}
