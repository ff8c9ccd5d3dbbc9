using Appliance.Contracts.V1;
using Appliance.Server.Tests.LoadBalancing;
using Grpc.Net.Client;

namespace Appliance.Server.Tests.Hosting;

/// <summary>
/// Appliance:Llama:NativeLibraryPath on the real server process (issue 18): a llama.cpp build in a
/// folder of its own, as appliance/native/build-libllama.sh leaves it. Found by running a build of
/// the bound commit: the server aborted at start, because the grammar check of the task templates
/// (and every engine's) looked the library up by name, which finds only the bundled builds. Here
/// the folder holds a copy of the bundled build without AVX (the same commit, stamp included; its
/// soname renamed as a build's differs), so the test runs on any x86-64 machine; the server must
/// start on it, say it loaded that file, and
/// serve a grammar-constrained call (the engine's own grammar check) with the shipped task templates loaded.
/// </summary>
[Collection(LoadBalancingCollection.Name)]
public sealed class NativeLibraryPathTests
{
    [Fact]
    public async Task Server_NativeLibraryPathInItsOwnFolder_StartsAndServesConstrainedCalls()
    {
        using var folder = new TempFolder("native-library");
        var library = folder.Folder("llama-815a2a591-cpu");
        // A build's libllama carries the soname libllama.so.0; the bundled one's is libllama.so, which a
        // lookup by name ("llama") finds among the libraries already loaded, hiding the bug. Rename the
        // copy's soname (same length) so that, as with a real build, only its path finds it.
        Assert.True(BundledLlamaLibrary.CopyRewriting(library, "libllama.so", "libllama.so\0", "libllama.s0\0"), "the bundled libllama.so names itself libllama.so");

        await using var box = new ApplianceBox("native", folder.Folder("box"), folder.Folder("demo-cache"), new Dictionary<string, string>
        {
            ["Appliance__Llama__NativeLibraryPath"] = Path.Combine(library, "libllama.so"),
        });
        box.Start();
        await box.WaitServingAsync();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{box.GrpcPort}");

        var response = await new Generation.GenerationClient(channel).CompleteAsync(
            new CompleteRequest
            {
                ModelId = Catalog.Demo.DemoModel.Id,
                Prompt = "Triage:",
                Sampling = new SamplingParams { MaxTokens = 8, Seed = 3 },
                ResponseFormat = new ResponseFormat { Choice = new ChoiceFormat { Choices = { "urgent", "routine" } } },
            },
            deadline: DateTime.UtcNow.Add(Bounded.CallTimeout));

        Assert.Contains(response.Text, new[] { "urgent", "routine" });
        Assert.True(box.Wrote($"custom library, GPU offload not available, libllama.so from {Path.Combine(library, "libllama.so")}"), box.Output);
        Assert.True(box.Wrote("Task templates in force: "), box.Output);
        Assert.False(box.Wrote("Task templates in force: 0 variants"), box.Output);
    }
}
