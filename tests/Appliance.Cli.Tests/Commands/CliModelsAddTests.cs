using System.Globalization;
using System.Text.Json;
using Appliance.Catalog.Gguf;
using Appliance.Catalog.Manifests;
using Appliance.Core.Models;
using Appliance.Testing.Onnx;

namespace Appliance.Cli.Tests.Commands;

/// <summary><c>appliancectl models add</c> through the whole command line, on model files the tests write.</summary>
public sealed class CliModelsAddTests : TempFolderTest
{
    private readonly CliRunner _cli = new();
    private readonly string _weights;

    public CliModelsAddTests()
        : base("appliance-add")
    {
        _weights = Folder.Folder("weights");
    }

    [Theory]
    [InlineData(GgmlType.Q8_0, "Q8_0")]
    [InlineData(GgmlType.Q4_0, "Q4_0")]
    public async Task Add_SyntheticGguf_WritesAManifestThatTheCatalogLoads(GgmlType type, string label)
    {
        var options = new SyntheticModelOptions { WeightType = type, ContextLength = 4096 };
        var weights = WriteGguf("syn.gguf", options);

        var exit = await _cli.RunAsync("models", "add", weights, "--id", "syn-model", "--out", Folder.Path);

        Assert.True(exit == ExitCodes.Success, _cli.All);
        var manifest = LoadManifest("syn-model");
        Assert.Equal(await Sha256Hex.OfFileAsync(weights, CancellationToken.None), manifest.Sha256);
        Assert.Equal(ModelKind.TextGeneration, manifest.Kind);
        Assert.Equal(ModelFormat.Gguf, manifest.Format);
        Assert.Equal(label, manifest.Quantization);
        Assert.Equal(4096, manifest.ContextLength);
        Assert.Equal(weights, manifest.FilePath);
        Assert.Equal("weights/syn.gguf", ManifestJson("syn-model").GetProperty("file").GetString());
        var parameters = ExpectedParameters(SyntheticModel.GetShape(options)).ToString(CultureInfo.InvariantCulture);
        Assert.Contains($"parameters    336.2 K ({parameters})", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("architecture  llama", _cli.Output, StringComparison.Ordinal);
        Assert.Contains($"quantization  {label} (general.file_type", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("chat template embedded", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("valid: syn-model loads", _cli.Output, StringComparison.Ordinal);
        var memory = Appliance.Catalog.Memory.ModelMemoryEstimator.Estimate(manifest);
        Assert.Contains($"memory        {memory.Devices[0].Describe()}", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("(weights ", _cli.Output, StringComparison.Ordinal);
        Assert.Contains($"KV {manifest.ContextLength * manifest.MaxSequences} cells f16", _cli.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", _cli.Error, StringComparison.Ordinal);
        Assert.Equal("syn-model", Assert.Single(ModelCatalog.Load([Folder.Path]).Manifests).Id);
    }

    [Fact]
    public async Task Add_LongTrainedContext_CapsContextLengthAt8192AndSaysWhy()
    {
        var weights = WriteGguf("long.gguf", new SyntheticModelOptions { ContextLength = 32768 });

        var exit = await _cli.RunAsync("models", "add", weights, "--id", "long", "--out", Folder.Path);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(8192, LoadManifest("long").ContextLength);
        Assert.Contains("trained for 32768 tokens; context_length 8192", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("256 bytes per token (f16); context_length 8192 x max_sequences 4 = 8 MiB", _cli.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_GgufWithoutChatTemplate_WarnsAndStillStages()
    {
        var weights = WriteGguf("plain.gguf", new SyntheticModelOptions { IncludeChatTemplate = false });

        var exit = await _cli.RunAsync("models", "add", weights, "--id", "plain", "--out", Folder.Path);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("chat template none in the file", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("warning: the file carries no chat template", _cli.Error, StringComparison.Ordinal);
        Assert.Null(LoadManifest("plain").ChatTemplate);
    }

    [Fact]
    public async Task Add_GgufWithAThinkChatTemplate_WritesTheReasoningMarkers()
    {
        const string R1Template = "{% for message in messages %}<｜User｜>{{ message['content'] }}{% endfor %}"
            + "{% if add_generation_prompt %}<｜Assistant｜><think>\n{% endif %}";
        var weights = WriteGguf("r1.gguf", new SyntheticModelOptions { ChatTemplate = R1Template });

        var exit = await _cli.RunAsync("models", "add", weights, "--id", "r1", "--out", Folder.Path);

        Assert.True(exit == ExitCodes.Success, _cli.All);
        Assert.Contains("<think>…</think> (the chat template is a reasoning model's)", _cli.Output, StringComparison.Ordinal);
        Assert.Equal(new ReasoningMarkers("<think>", "</think>"), LoadManifest("r1").Reasoning);
        Assert.Equal("</think>", ManifestJson("r1").GetProperty("reasoning").GetProperty("end").GetString());
    }

    [Fact]
    public async Task Add_GgufWithAChatMlTemplate_DeclaresNoReasoning()
    {
        var weights = WriteGguf("chatml.gguf", new SyntheticModelOptions());

        var exit = await _cli.RunAsync("models", "add", weights, "--id", "chatml", "--out", Folder.Path);

        Assert.True(exit == ExitCodes.Success, _cli.All);
        Assert.Contains("none (no <think> in the chat template)", _cli.Output, StringComparison.Ordinal);
        Assert.Null(LoadManifest("chatml").Reasoning);
        Assert.False(ManifestJson("chatml").TryGetProperty("reasoning", out _));
    }

    [Fact]
    public async Task Add_FileOutsideTheFolder_WritesItsAbsolutePath()
    {
        using var elsewhere = new TempFolder("appliance-add");
        var weights = SyntheticWeights(Path.Combine(elsewhere.Folder("weights"), "away.gguf"));

        var exit = await _cli.RunAsync("models", "add", weights, "--id", "away", "--out", Folder.Path);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(weights, ManifestJson("away").GetProperty("file").GetString());
    }

    [Fact]
    public async Task Add_OnnxModel_WritesATensorManifestListingInputsAndOutputs()
    {
        var model = TinyOnnxModel.Write(_weights, "affine.onnx", TinyOnnxModel.Affine());

        var exit = await _cli.RunAsync("models", "add", model, "--id", "affine", "--out", Folder.Path);

        Assert.True(exit == ExitCodes.Success, _cli.All);
        var manifest = LoadManifest("affine");
        Assert.Equal(ModelKind.Tensor, manifest.Kind);
        Assert.Equal(ModelFormat.Onnx, manifest.Format);
        Assert.Equal(await Sha256Hex.OfFileAsync(model, CancellationToken.None), manifest.Sha256);
        Assert.Equal(0, manifest.ContextLength);
        Assert.False(ManifestJson("affine").TryGetProperty("context_length", out _));
        Assert.Contains("input         X: float32 [batch, 3]", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("input         N: int64 [batch, 1]", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("output        Y: float32 [batch, 2]", _cli.Output, StringComparison.Ordinal);
        Assert.Contains("IR version 8, opset ai.onnx 13, producer appliance-tests", _cli.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_OnnxModelWithVocabulary_WritesAnEmbeddingManifestAndWarnsWhatTheEngineWillRefuse()
    {
        var model = TinyOnnxModel.Write(_weights, "affine.onnx", TinyOnnxModel.Affine());
        var vocabulary = Path.Combine(_weights, "vocab.txt");
        await File.WriteAllTextAsync(vocabulary, "[PAD]\n[UNK]\n[CLS]\n[SEP]\nfever\n");

        var exit = await _cli.RunAsync("models", "add", model, "--id", "affine-embed", "--out", Folder.Path, "--vocabulary", vocabulary);

        Assert.True(exit == ExitCodes.Success, _cli.All);
        var manifest = LoadManifest("affine-embed");
        Assert.Equal(ModelKind.Embedding, manifest.Kind);
        Assert.Equal(vocabulary, manifest.VocabularyPath);
        Assert.Equal(await Sha256Hex.OfFileAsync(vocabulary, CancellationToken.None), manifest.VocabularySha256);
        Assert.Equal(512, manifest.ContextLength);
        Assert.Equal(EmbeddingPooling.Mean, manifest.Pooling);
        Assert.Contains("it has no input 'input_ids'", _cli.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_ExistingManifest_RefusedWithoutForceAndReplacedWithIt()
    {
        var first = WriteGguf("a.gguf", new SyntheticModelOptions { Seed = 1 });
        var second = WriteGguf("b.gguf", new SyntheticModelOptions { Seed = 2 });
        Assert.Equal(ExitCodes.Success, await new CliRunner().RunAsync("models", "add", first, "--id", "m", "--out", Folder.Path));
        var before = Folder.Snapshot();

        var refused = await _cli.RunAsync("models", "add", second, "--id", "m", "--out", Folder.Path);

        Assert.Equal(ExitCodes.InvalidArgument, refused);
        Assert.Contains("--id: a manifest for 'm' already exists", _cli.Error, StringComparison.Ordinal);
        Assert.Contains("--force", _cli.Error, StringComparison.Ordinal);
        Assert.Equal(before, Folder.Snapshot());

        var forced = await new CliRunner().RunAsync("models", "add", second, "--id", "m", "--out", Folder.Path, "--force");

        Assert.Equal(ExitCodes.Success, forced);
        Assert.Equal(await Sha256Hex.OfFileAsync(second, CancellationToken.None), LoadManifest("m").Sha256);
    }

    [Fact]
    public async Task Add_IdThatAnotherManifestHolds_RefusedNamingThatFile()
    {
        var weights = WriteGguf("a.gguf", new SyntheticModelOptions());
        Assert.Equal(ExitCodes.Success, await new CliRunner().RunAsync("models", "add", weights, "--id", "m", "--out", Folder.Path));
        File.Move(Folder.Combine("m.json"), Folder.Combine("renamed.json"));

        var exit = await _cli.RunAsync("models", "add", weights, "--id", "m", "--out", Folder.Path, "--force");

        Assert.Equal(ExitCodes.InvalidArgument, exit);
        Assert.Contains("already the id in " + Folder.Combine("renamed.json"), _cli.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Folder.Combine("m.json")));
    }

    /// <summary>What is refused: the arguments ({gguf}, {onnx}, {text}, {truncated}, {split}, {dir} are filled in), exit code, the option named, what is said.</summary>
    public static TheoryData<string[], int, string, string> Refusals => new()
    {
        { ["{gguf}", "--id", "Qwen 7B"], ExitCodes.InvalidArgument, "--id", "'Qwen 7B' is not a model id" },
        { ["{gguf}", "--id", new string('a', 65)], ExitCodes.InvalidArgument, "--id", "is not a model id" },
        { ["{dir}/weights/none.gguf", "--id", "x"], ExitCodes.NotFound, "FILE", "no such file: " },
        { ["{dir}/weights", "--id", "x"], ExitCodes.InvalidArgument, "FILE", "is a folder, not a file" },
        { ["{text}", "--id", "x"], ExitCodes.InvalidArgument, "FILE", "is in an unknown format: not GGUF" },
        { ["{truncated}", "--id", "x"], ExitCodes.InvalidArgument, "FILE", "starts like a GGUF file but cannot be read" },
        { ["{onnx}", "--id", "x", "--vocabulary", "{dir}/none.txt"], ExitCodes.NotFound, "--vocabulary", "no such file" },
        { ["{gguf}", "--id", "x", "--kind", "tensor"], ExitCodes.InvalidArgument, "--kind", "tensor models run on ONNX Runtime" },
        { ["{onnx}", "--id", "x", "--kind", "text-generation"], ExitCodes.InvalidArgument, "--kind", "text generation runs on llama.cpp" },
        { ["{onnx}", "--id", "x", "--kind", "embedding"], ExitCodes.InvalidArgument, "--vocabulary", "is required for an ONNX embedding model" },
        { ["{gguf}", "--id", "x", "--vocabulary", "{text}"], ExitCodes.InvalidArgument, "--vocabulary", "is only for ONNX embedding models" },
        { ["{onnx}", "--id", "x", "--kind", "tensor", "--vocabulary", "{text}"], ExitCodes.InvalidArgument, "--vocabulary", "is only for embedding models" },
        { ["{gguf}", "--id", "x", "--out", "{text}"], ExitCodes.InvalidArgument, "--out", "is a file, not a folder" },
        { ["{split}", "--id", "x"], ExitCodes.InvalidArgument, "FILE", "merge the parts first (llama-gguf-split --merge" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Add_Refused_SaysWhyWithItsExitCodeAndWritesNothing(string[] args, int exitCode, string option, string message)
    {
        var gguf = WriteGguf("m.gguf", new SyntheticModelOptions());
        var onnx = TinyOnnxModel.Write(_weights, "m.onnx", TinyOnnxModel.Affine());
        var text = Path.Combine(_weights, "notes.txt");
        await File.WriteAllTextAsync(text, "not a model\n");
        var truncated = Path.Combine(_weights, "cut.gguf");
        await File.WriteAllBytesAsync(truncated, (await File.ReadAllBytesAsync(gguf))[..4000]);
        var split = Path.Combine(_weights, "model-00001-of-00002.gguf");
        var part = new GgufWriter();
        part.AddMetadata(GgufKeys.Architecture, GgufValue.FromString("qwen2"));
        part.AddMetadata(GgufKeys.SplitCount, GgufValue.FromUInt16(2));
        await using (var stream = File.Create(split))
        {
            part.WriteTo(stream);
        }

        var expanded = args.Select(a => a.Replace("{gguf}", gguf, StringComparison.Ordinal).Replace("{onnx}", onnx, StringComparison.Ordinal)
            .Replace("{split}", split, StringComparison.Ordinal)
            .Replace("{text}", text, StringComparison.Ordinal).Replace("{truncated}", truncated, StringComparison.Ordinal)
            .Replace("{dir}", Folder.Path, StringComparison.Ordinal)).ToList();
        if (!expanded.Contains("--out"))
        {
            expanded.AddRange(["--out", Folder.Path]);
        }

        var before = Folder.Snapshot();

        var exit = await _cli.RunAsync(["models", "add", .. expanded]);

        Assert.True(exit == exitCode, $"exit {exit}\n{_cli.All}");
        Assert.StartsWith($"error: {option}: ", _cli.Error, StringComparison.Ordinal);
        Assert.Contains(message, _cli.Error, StringComparison.Ordinal);
        Assert.Empty(_cli.Output);
        Assert.Equal(before, Folder.Snapshot());
    }

    [Fact]
    public void DefaultDirectory_IsTheBoxFolderWhenItExistsElseTheCurrentOne()
    {
        Assert.Equal("/srv/appliance/models", ModelsAddCommand.DefaultDirectory(_ => true, "/home/it"));
        Assert.Equal("/home/it", ModelsAddCommand.DefaultDirectory(_ => false, "/home/it"));
    }

    private string WriteGguf(string name, SyntheticModelOptions options)
    {
        var path = Path.Combine(_weights, name);
        SyntheticModel.WriteFile(path, options);
        return path;
    }

    private static string SyntheticWeights(string path)
    {
        SyntheticModel.WriteFile(path, new SyntheticModelOptions());
        return path;
    }

    private ModelManifest LoadManifest(string id)
    {
        var result = ManifestLoader.LoadFile(Folder.Combine(id + ".json"));
        Assert.True(result.IsValid, result.FailureReason);
        return result.Manifest!;
    }

    private JsonElement ManifestJson(string id)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Folder.Combine(id + ".json")));
        return document.RootElement.Clone();
    }

    /// <summary>The synthetic llama layout, counted independently of the GGUF reader.</summary>
    private static long ExpectedParameters(SyntheticModelShape s)
    {
        long h = s.EmbeddingLength, kv = s.KvWidth, ffn = s.FeedForwardLength, vocab = s.VocabularySize;
        var block = h + (h * h) + (2 * h * kv) + (h * h) + h + (3 * h * ffn);
        return (h * vocab) + (s.BlockCount * block) + h + (h * vocab);
    }
}
