using Appliance.Catalog.Gguf;
using Appliance.Cli.Commands;
using Appliance.Testing.Onnx;

namespace Appliance.Server.Tests.Cli;

/// <summary>Models staged with <c>appliancectl models add</c> are served by the real server as they are.</summary>
public sealed class CliModelsAddServeTests
{
    [Fact]
    public async Task StagedGgufAndOnnxModels_TheServerLoadsAndServesThem()
    {
        await using var server = await new ModelsAddedServer().StartAsync();

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

    /// <summary>The real server on a models folder that <c>appliancectl models add</c> filled: a synthetic GGUF and the tiny ONNX model, weights under weights/.</summary>
    private sealed class ModelsAddedServer : ApplianceServerFixture
    {
        protected override async Task StageModelsAsync(CancellationToken cancellationToken)
        {
            var weights = Folder.Folder("models", "weights");
            var gguf = Path.Combine(weights, "tiny.q8_0.gguf");
            SyntheticModel.WriteFile(gguf, new SyntheticModelOptions { WeightType = GgmlType.Q8_0 }, cancellationToken);
            var onnx = TinyOnnxModel.Write(weights, "affine.onnx", TinyOnnxModel.Affine());
            Assert.Equal(ExitCodes.Success, await new CliRunner().RunAsync("models", "add", gguf, "--id", "staged-llm", "--out", ModelsDirectory));
            Assert.Equal(ExitCodes.Success, await new CliRunner().RunAsync("models", "add", onnx, "--id", "staged-tensor", "--out", ModelsDirectory));
            AwaitServing("staged-llm");
            AwaitServing("staged-tensor");
        }
    }
}
