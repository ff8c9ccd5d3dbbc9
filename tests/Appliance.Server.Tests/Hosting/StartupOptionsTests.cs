using Appliance.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Tests.Hosting;

/// <summary>The sections the server once read raw (Appliance:Server, Models, Llama) are validated at start, naming the key, and then applied.</summary>
public sealed class StartupOptionsTests
{
    private static string NoModels() => Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N"));

    public static TheoryData<string, string, string[]> InvalidSections() => new()
    {
        { "Appliance:Server:MaxReceiveMessageSize", "10", ["Appliance:Server:MaxReceiveMessageSize must be at least 1024 bytes (got 10)"] },
        { "Appliance:Server:ShutdownGracePeriod", "00:05:00", ["Appliance:Server:ShutdownGracePeriod must be between 00:00:00 and 00:01:00 (got 00:05:00)"] },
        { "Appliance:Models:ManifestDirectories:1", "   ", ["Appliance:Models:ManifestDirectories:1 must be a folder path"] },
        { "Appliance:Models:CacheDirectory", " ", ["Appliance:Models:CacheDirectory must be a folder path or absent"] },
        { "Appliance:Llama:Threads", "0", ["Appliance:Llama:Threads must be > 0"] },
        { "Appliance:Llama:BatchThreads", "-2", ["Appliance:Llama:BatchThreads must be > 0"] },
        { "Appliance:Llama:NativeLibraryPath", "libllama.so", ["Appliance:Llama:NativeLibraryPath must be the full path of a libllama.so"] },
    };

    [Theory]
    [MemberData(nameof(InvalidSections))]
    public async Task Start_InvalidSetting_FailsNamingTheKey(string key, string value, string[] expected)
    {
        await using var app = TestServer.Create("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = NoModels(),
            [key] = value,
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.All(expected, e => Assert.Contains(e, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_SeveralBadKeysInOneSection_NamesEveryOne()
    {
        await using var app = TestServer.Create("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = NoModels(),
            ["Appliance:Llama:Threads"] = "0",
            ["Appliance:Llama:BatchThreads"] = "-2",
            ["Appliance:Llama:NativeLibraryPath"] = "lib/libllama.so",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Appliance:Llama:Threads", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Llama:BatchThreads", error.Message, StringComparison.Ordinal);
        Assert.Contains("Appliance:Llama:NativeLibraryPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxReceiveMessageSize_FromTheValidatedOptions_RefusesALargerMessage()
    {
        await using var server = await TestServer.StartAsync("Testing", new Dictionary<string, string?>
        {
            ["Appliance:Models:ManifestDirectories:0"] = NoModels(),
            ["Appliance:Server:MaxReceiveMessageSize"] = "2048",
        });
        var client = new Generation.GenerationClient(server.Channel);
        var deadline = DateTime.UtcNow.AddSeconds(30);

        var large = await Assert.ThrowsAsync<RpcException>(() =>
            client.CompleteAsync(new GenerateRequest { ModelId = "m", Prompt = new string('x', 4096) }, deadline: deadline).ResponseAsync);
        var small = await Assert.ThrowsAsync<RpcException>(() =>
            client.CompleteAsync(new GenerateRequest { ModelId = "m", Prompt = "short" }, deadline: deadline).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, large.StatusCode);
        Assert.Equal(StatusCode.NotFound, small.StatusCode); // under the limit it reaches the handler: no such model
    }
}
