using Appliance.Catalog.Gguf;
using Appliance.Cli.Commands;
using Appliance.Engines.Onnx.Tests;
using Appliance.Server.Models;

namespace Appliance.Server.Tests.Cli;

/// <summary>Models staged with <c>appliancectl models add</c> are served by the real server as they are.</summary>
public sealed class CliModelsAddServeTests
{
    [Fact]
    public async Task StagedGgufAndOnnxModels_TheServerLoadsAndServesThem()
    {
        using var folder = new StagingFolder();
        var gguf = Path.Combine(folder.Weights, "tiny.q8_0.gguf");
        SyntheticModel.WriteFile(gguf, new SyntheticModelOptions { WeightType = GgmlType.Q8_0 });
        var onnx = TinyOnnxModel.Write(folder.Weights, "affine.onnx", TinyOnnxModel.Affine());
        Assert.Equal(ExitCodes.Success, await new CliRunner().RunAsync("models", "add", gguf, "--id", "staged-llm", "--out", folder.Path));
        Assert.Equal(ExitCodes.Success, await new CliRunner().RunAsync("models", "add", onnx, "--id", "staged-tensor", "--out", folder.Path));

        await using var server = await TestServer.StartAsync("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = folder.Path,
            ["Appliance:Models:DemoModel"] = "false",
            ["Appliance:Llama:Threads"] = "2",
        });
        await server.WaitForServingAsync(HealthReporter.ServiceName("staged-llm"), TimeSpan.FromSeconds(120));
        await server.WaitForServingAsync(HealthReporter.ServiceName("staged-tensor"), TimeSpan.FromSeconds(120));

        var list = new CliRunner();
        Assert.Equal(ExitCodes.Success, await list.RunAsync("--server", server.Address, "models", "list"));
        var generate = new CliRunner();
        var exit = await generate.RunAsync("--server", server.Address, "generate", "--model", "staged-llm", "--max-tokens", "4", "--temperature", "0", "fever and cough");

        Assert.True(exit == ExitCodes.Success, generate.All);
        Assert.Contains("completion 4 tok", generate.Error, StringComparison.Ordinal);
        Assert.Contains("staged-llm", list.Output, StringComparison.Ordinal);
        Assert.Contains("staged-tensor", list.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("failed", list.Output, StringComparison.Ordinal);
    }
}
