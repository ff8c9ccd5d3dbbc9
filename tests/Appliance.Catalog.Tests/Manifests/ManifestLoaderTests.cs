namespace Appliance.Catalog.Tests.Manifests;

public sealed class ManifestLoaderTests : TempFolderTest
{
    [Fact]
    public void LoadFile_MinimalManifestWithCommentsAndTrailingComma_AppliesDefaultsAndResolvesPaths()
    {
        var path = Folder.Write("qwen.json", """
            // Qwen for discharge summaries
            {
              "id": "qwen",
              "kind": "text-generation", /* the LLamaSharp engine */
              "format": "gguf",
              "file": "weights/qwen.gguf",
              "sha256": "3A7BD3E2360A3D29EEA436FCFB7E44C735D117C42D1C1835420B6B9942DD4F1B",
              "context_length": 8192,
            }
            """);

        var result = ManifestLoader.LoadFile(path);

        Assert.Empty(result.Errors);
        Assert.True(result.IsValid);
        Assert.Null(result.FailureReason);
        Assert.Equal("qwen", result.ModelId);
        Assert.Equal(path, result.ManifestPath);
        var expected = new ModelManifest
        {
            Id = "qwen",
            Kind = ModelKind.TextGeneration,
            Format = ModelFormat.Gguf,
            FilePath = Folder.Combine("weights", "qwen.gguf"),
            Sha256 = TestManifests.Sha,
            ContextLength = 8192,
            GpuLayers = 0,
            MaxSequences = 4,
            BatchTokens = 512,
            ManifestPath = path,
        };
        Assert.Equal(expected, result.Manifest);
    }

    [Fact]
    public void LoadFile_EveryKeySet_ReadsEveryValue()
    {
        var weights = Folder.Combine("elsewhere", "model.gguf");
        var path = Folder.Write("m.json", TestManifests.Json(
            ("file", $"\"{weights}\""),
            ("quantization", "\"Q4_K_M\""),
            ("gpu_layers", "-1"),
            ("max_sequences", "16"),
            ("batch_tokens", "2048"),
            ("chat_template", "\"<|im_start|>{{ message }}\""),
            ("license", "\"Apache-2.0\""),
            ("source", "\"Qwen/Qwen2.5-7B-Instruct-GGUF\""),
            ("description", "\"Summaries\"")));

        var manifest = ManifestLoader.LoadFile(path).Manifest;

        Assert.NotNull(manifest);
        Assert.Equal(weights, manifest.FilePath);
        Assert.Equal("Q4_K_M", manifest.Quantization);
        Assert.Equal(-1, manifest.GpuLayers);
        Assert.Equal(16, manifest.MaxSequences);
        Assert.Equal(2048, manifest.BatchTokens);
        Assert.Equal("<|im_start|>{{ message }}", manifest.ChatTemplate);
        Assert.Equal("Apache-2.0", manifest.License);
        Assert.Equal("Qwen/Qwen2.5-7B-Instruct-GGUF", manifest.Source);
        Assert.Equal("Summaries", manifest.Description);
    }

    [Fact]
    public void LoadFile_FileWithParentSegments_ResolvesAgainstManifestFolder()
    {
        var path = Folder.Write(Path.Combine("manifests", "m.json"), TestManifests.Json(("file", "\"../weights/q.gguf\"")));

        var manifest = ManifestLoader.LoadFile(path).Manifest;

        Assert.Equal(Folder.Combine("weights", "q.gguf"), manifest?.FilePath);
    }

    [Fact]
    public void LoadFile_OnnxTensorWithoutContextLength_IsValidWithContextUnset()
    {
        var path = Folder.Write("ocr.json", TestManifests.TensorJson(("context_length", null), ("quantization", "null")));

        var result = ManifestLoader.LoadFile(path);

        Assert.Empty(result.Errors);
        Assert.Equal(0, result.Manifest!.ContextLength);
        Assert.Equal(ModelFormat.Onnx, result.Manifest.Format);
        Assert.Null(result.Manifest.Quantization);
    }

    [Theory]
    [InlineData("id", null, "is required")]
    [InlineData("id", "\"Qwen 7B\"", "must match ^[a-z0-9][a-z0-9._-]{0,63}$ (got \"Qwen 7B\")")]
    [InlineData("id", "\"-qwen\"", "must match")]
    [InlineData("id", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", "must match")]
    [InlineData("kind", null, "is required")]
    [InlineData("kind", "\"chat\"", "must be one of \"embedding\", \"tensor\", \"text-generation\" (got \"chat\")")]
    [InlineData("kind", "1", "must be a string (got number 1)")]
    [InlineData("format", null, "is required")]
    [InlineData("format", "\"safetensors\"", "must be one of \"gguf\", \"onnx\"")]
    [InlineData("format", "\"onnx\"", "must be \"gguf\" for kind \"text-generation\" (got \"onnx\")")]
    [InlineData("file", null, "is required")]
    [InlineData("file", "\"\"", "must not be empty")]
    [InlineData("file", "[\"a.gguf\"]", "must be a string (got an array)")]
    [InlineData("sha256", null, "is required")]
    [InlineData("sha256", "\"abc\"", "must be 64 hexadecimal characters (got 3 characters: \"abc\")")]
    [InlineData("sha256", "\"zz7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b\"", "must be 64 hexadecimal characters")]
    [InlineData("sha256", "null", "must be a string (got null)")]
    [InlineData("context_length", null, "is required for format \"gguf\"")]
    [InlineData("context_length", "0", "must be between 16 and 1048576 (got 0)")]
    [InlineData("context_length", "1048577", "must be between 16 and 1048576 (got 1048577)")]
    [InlineData("context_length", "99999999999999999999", "must be between 16 and 1048576 (got 99999999999999999999)")]
    [InlineData("context_length", "4096.5", "must be an integer (got number 4096.5)")]
    [InlineData("context_length", "\"4096\"", "must be an integer (got string \"4096\")")]
    [InlineData("gpu_layers", "-2", "must be -1 (all layers) or a layer count >= 0 (got -2)")]
    [InlineData("gpu_layers", "true", "must be an integer (got true)")]
    [InlineData("max_sequences", "0", "must be between 1 and 256 (got 0)")]
    [InlineData("max_sequences", "257", "must be between 1 and 256 (got 257)")]
    [InlineData("batch_tokens", "15", "must be between 16 and 65536 (got 15)")]
    [InlineData("batch_tokens", "65537", "must be between 16 and 65536 (got 65537)")]
    [InlineData("quantization", "4", "must be a string (got number 4)")]
    [InlineData("chat_template", "{}", "must be a string (got an object)")]
    [InlineData("license", "false", "must be a string (got false)")]
    [InlineData("contex_length", "4096", "unknown key (did you mean \"context_length\"?)")]
    [InlineData("temperature", "0.7", "unknown key")]
    public void LoadFile_InvalidKey_ReportsOneErrorNamingFileAndKey(string key, string? raw, string problem)
    {
        var path = Folder.Write("qwen.json", TestManifests.Json((key, raw)));

        var result = ManifestLoader.LoadFile(path);

        Assert.False(result.IsValid);
        Assert.Null(result.Manifest);
        var error = Assert.Single(result.Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(key, error.Key);
        Assert.StartsWith($"{path}: {key}: ", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_TensorModelInGguf_ReportsFormatError()
    {
        var path = Folder.Write("ocr.json", TestManifests.Json(("kind", "\"tensor\"")));

        var error = Assert.Single(ManifestLoader.LoadFile(path).Errors);

        Assert.Equal($"{path}: format: must be \"onnx\" for kind \"tensor\" (got \"gguf\")", error.ToString());
    }

    [Fact]
    public void LoadFile_RelativePath_ErrorNamesTheFileAsGiven()
    {
        var absolute = Folder.Write(Path.Combine("models", "qwen.json"), TestManifests.Json(("context_length", "0")));
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, absolute);

        var result = ManifestLoader.LoadFile(relative);

        Assert.Equal(absolute, result.ManifestPath);
        Assert.Equal($"{relative}: context_length: must be between 16 and 1048576 (got 0)", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void LoadFile_SeveralProblems_ReportsEveryOne()
    {
        var path = Folder.Write("bad.json", TestManifests.Json(
            ("id", "\"Bad Id\""),
            ("kind", null),
            ("sha256", "\"123\""),
            ("context_length", "0"),
            ("max_sequences", "1000"),
            ("contex_length", "2048")));

        var result = ManifestLoader.LoadFile(path);

        Assert.Equal(
            ["contex_length", "context_length", "id", "kind", "max_sequences", "sha256"],
            result.Errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(result.Errors, e => Assert.Equal(path, e.File));
        Assert.Equal("bad", result.ModelId);
        Assert.Equal(result.Errors.Count, result.FailureReason!.Split("; ").Length);
    }

    [Fact]
    public void LoadFile_MalformedJson_NamesLineAndPosition()
    {
        var path = Folder.Write("broken.json", "{\n  \"id\": \"qwen\",\n  \"kind\" \"text-generation\"\n}\n");

        var result = ManifestLoader.LoadFile(path);

        var error = Assert.Single(result.Errors);
        Assert.Equal("(json)", error.Key);
        Assert.StartsWith($"{path}: (json): malformed JSON at line 3, position ", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("broken", result.ModelId);
    }

    [Theory]
    [InlineData("[]", "the top level must be an object (got an array)")]
    [InlineData(" \n", "the file is empty")]
    [InlineData("{} x", "malformed JSON at line 1, position 4")]
    public void LoadFile_NotAnObject_ReportsJsonError(string text, string problem)
    {
        var path = Folder.Write("x.json", text);

        var error = Assert.Single(ManifestLoader.LoadFile(path).Errors);

        Assert.Equal("(json)", error.Key);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_KeyTwice_ReportsDuplicateKey()
    {
        var path = Folder.Write("x.json", TestManifests.Json(("id", "\"qwen\"")).Replace("\"kind\"", "\"id\": \"other\",\n  \"kind\"", StringComparison.Ordinal));

        var error = Assert.Single(ManifestLoader.LoadFile(path).Errors);

        Assert.Equal($"{path}: id: appears more than once", error.ToString());
    }

    [Fact]
    public void LoadFile_NoSuchFile_ReportsFileErrorWithStemAsId()
    {
        var path = Folder.Combine("ghost.json");

        var result = ManifestLoader.LoadFile(path);

        Assert.Equal("ghost", result.ModelId);
        Assert.Equal("(file)", Assert.Single(result.Errors).Key);
    }

    [Fact]
    public void LoadFile_RepositoryExample_IsValid()
    {
        var path = RepositoryPaths.Example("qwen2.5-7b-instruct-q4_k_m.json");

        var result = ManifestLoader.LoadFile(path);

        Assert.Empty(result.Errors);
        Assert.Equal("qwen2.5-7b-instruct", result.ModelId);
        Assert.Equal(32768, result.Manifest!.ContextLength);
        Assert.Equal(-1, result.Manifest.GpuLayers);
    }

    [Fact]
    public void LoadDirectory_RepositoryExamples_AreAllValidWithDistinctIds()
    {
        var results = ManifestLoader.LoadDirectory(RepositoryPaths.Examples);

        Assert.True(results.Count >= 3, $"only {results.Count} examples");
        Assert.All(results, r => Assert.Empty(r.Errors));
    }
}
