using System.Collections.Concurrent;
using LLama.Native;

namespace Appliance.Engines.Llama.Tests;

/// <summary>What a model load writes to the log: progress that only goes forward, and a context warning only when the manifest exceeds the training.</summary>
public sealed class LoadLoggingTests : TempFolderTest
{
    public LoadLoggingTests()
        : base("load-logging")
    {
    }

    [Fact]
    public void LoadProgressLog_ReportsOutOfOrder_LogsOnlyForwardOncePerQuarter()
    {
        var logged = new List<int>();
        var progress = new LoadProgressLog(logged.Add);

        foreach (var fraction in new[] { 0f, 0.1f, 0.3f, 0.79f, 0.77f, 0.5f, 0.8f, 0.99f, 1f, 1f, 0.2f })
        {
            progress.Report(fraction);
        }

        Assert.Equal([0, 30, 79, 100], logged);
    }

    [Theory]
    [InlineData("llama_context: n_ctx_seq (2048) > n_ctx_train (512) -- possible training context overflow", LLamaLogLevel.Debug)]
    [InlineData("llama_model_load: error loading model", LLamaLogLevel.Warning)]
    public void Classify_SharedCacheContextWarning_GoesToDebugOthersKeepTheirLevel(string line, LLamaLogLevel expected)
    {
        Assert.Equal(expected, LlamaNativeRuntime.Classify(LLamaLogLevel.Warning, line));
        Assert.Equal(LLamaLogLevel.Error, LlamaNativeRuntime.Classify(LLamaLogLevel.Error, line));
    }

    [Theory]
    [InlineData(1024, true)] // the tiny preset is trained for 512 tokens
    [InlineData(512, false)]
    public async Task LoadAsync_ContextLengthAgainstTrainedContext_WarnsNamingTheKeyOnlyWhenBeyond(int contextLength, bool warns)
    {
        var path = Folder.Combine("tiny.gguf");
        SyntheticModel.WriteFile(path, new SyntheticModelOptions { Preset = SyntheticModelPreset.Tiny, WeightType = GgmlType.Q4_0, Seed = 5 });
        var lines = new ConcurrentQueue<string>();
        using var logs = new CapturingLoggerProvider(lines);
        var manifest = TestManifests.TextGeneration("tiny", path) with { ContextLength = contextLength, MaxSequences = 2, BatchTokens = 32 };
        var options = new LlamaOptions { Threads = 2 };
        var loader = new LlamaEngineLoader(new LlamaNativeRuntime(options, logs.CreateLogger<LlamaNativeRuntime>()), options, logs.CreateLogger<LlamaEngineLoader>());

        using var engine = await loader.LoadAsync(manifest, CancellationToken.None).Within(Bounded.CallTimeout);

        var warning = lines.Where(l => l.Contains("[Warning]", StringComparison.Ordinal) && l.Contains("context_length", StringComparison.Ordinal)).ToList();
        Assert.Equal(warns, warning.Count == 1);
        if (warns)
        {
            Assert.Contains("context_length 1024", warning[0], StringComparison.Ordinal);
            Assert.Contains("512 tokens the model was trained for", warning[0], StringComparison.Ordinal);
        }

        Assert.Contains(lines, l => l.Contains("loading weights 100%", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{{ messages | whatever }}", true)] // no family llama.cpp recognises
    [InlineData(null, false)] // no template: chats are refused per call, nothing to warn about at load
    [InlineData("chatml", false)]
    public async Task LoadAsync_ChatTemplateThatCannotServeChats_WarnsOnceAtLoad(string? template, bool warns)
    {
        var path = Folder.Combine("plain.gguf");
        SyntheticModel.WriteFile(path, new SyntheticModelOptions { IncludeChatTemplate = false, Seed = 5 });
        var lines = new ConcurrentQueue<string>();
        using var logs = new CapturingLoggerProvider(lines);
        var manifest = TestManifests.TextGeneration("plain", path) with
        {
            ContextLength = 64, MaxSequences = 1, BatchTokens = 32, ChatTemplate = template == "chatml" ? SyntheticModel.ChatMlTemplate : template,
        };
        var options = new LlamaOptions { Threads = 2 };
        var loader = new LlamaEngineLoader(new LlamaNativeRuntime(options, logs.CreateLogger<LlamaNativeRuntime>()), options, logs.CreateLogger<LlamaEngineLoader>());

        using var engine = await loader.LoadAsync(manifest, CancellationToken.None).Within(Bounded.CallTimeout);

        var warning = lines.Where(l => l.Contains("requests with messages will be refused", StringComparison.Ordinal)).ToList();
        Assert.Equal(warns ? 1 : 0, warning.Count);
        if (warns)
        {
            Assert.Contains("[Warning] Model plain: its chat template (from manifest)", warning[0], StringComparison.Ordinal);
        }
    }
}
