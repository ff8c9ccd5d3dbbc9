using System.Text.Json;
using Appliance.Core.Configuration;
using Appliance.Core.Models;

namespace Appliance.Catalog.Manifests;

/// <summary>
/// Turns one manifest's JSON text into a <see cref="ModelManifest"/>, checking every key and
/// reporting every problem. One instance per parse (it holds the values read so far).
/// </summary>
internal sealed class ManifestParser
{
    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 8,
    };

    private readonly ManifestValueReader _reader;
    private readonly string _manifestPath;
    private readonly string _manifestDirectory;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly ManifestDraft _draft = new();

    private ManifestParser(string displayPath, string manifestPath)
    {
        _reader = new ManifestValueReader(displayPath);
        _manifestPath = manifestPath;
        _manifestDirectory = Path.GetDirectoryName(manifestPath)!;
    }

    /// <summary>Parses and validates <paramref name="json"/>.</summary>
    /// <param name="json">The manifest text.</param>
    /// <param name="displayPath">The file as errors name it (as configured).</param>
    /// <param name="manifestPath">Absolute path of the manifest; <c>file</c> and <c>vocabulary</c> resolve against its folder.</param>
    public static ParsedManifest Parse(string json, string displayPath, string manifestPath)
    {
        var parser = new ManifestParser(displayPath, manifestPath);
        return parser.Run(json);
    }

    private ParsedManifest Run(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            _reader.Add(ManifestKeys.Json, "the file is empty");
            return new ParsedManifest(null, null, _reader.Errors);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            _reader.Add(ManifestKeys.Json, JsonSyntaxError.Describe(ex, json));
            return new ParsedManifest(null, null, _reader.Errors);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                _reader.Add(ManifestKeys.Json, $"the top level must be an object (got {ManifestValueReader.Describe(root)})");
                return new ParsedManifest(null, null, _reader.Errors);
            }

            foreach (var property in root.EnumerateObject())
            {
                ReadProperty(property);
            }
        }

        ManifestRules.Check(_draft, _seen, _reader);
        return _reader.HasErrors
            ? new ParsedManifest(null, _draft.Id, _reader.Errors)
            : new ParsedManifest(Build(), _draft.Id, []);
    }

    private void ReadProperty(JsonProperty property)
    {
        if (!_seen.Add(property.Name))
        {
            _reader.Add(property.Name, "appears more than once");
            return;
        }

        if (!ReadModelKey(property) && !ReadEngineKey(property))
        {
            _reader.Add(property.Name, DescribeUnknownKey(property.Name));
        }
    }

    /// <summary>Identity, weights, llama.cpp settings and free text; false for any other key.</summary>
    private bool ReadModelKey(JsonProperty property)
    {
        var d = _draft;
        switch (property.Name)
        {
            case ManifestKeys.Id: d.Id = ReadId(property); break;
            case ManifestKeys.Kind: d.Kind = _reader.Choice(property, ManifestNames.Kinds); break;
            case ManifestKeys.Format: d.Format = _reader.Choice(property, ManifestNames.Formats); break;
            case ManifestKeys.File: d.FilePath = _reader.Path(property, required: true, _manifestDirectory); break;
            case ManifestKeys.Sha256: d.Sha256 = _reader.Sha256(property, required: true); break;
            case ManifestKeys.Quantization: d.Quantization = _reader.String(property, required: false); break;
            case ManifestKeys.ContextLength:
                d.ContextLength = _reader.Integer(property, ManifestLimits.ContextLengthMin, ManifestLimits.ContextLengthMax);
                break;
            case ManifestKeys.GpuLayers:
                d.GpuLayers = _reader.Integer(property, ManifestLimits.GpuLayersAll, int.MaxValue, "-1 (all layers) or a layer count >= 0");
                break;
            case ManifestKeys.MaxSequences:
                d.MaxSequences = _reader.Integer(property, ManifestLimits.MaxSequencesMin, ManifestLimits.MaxSequencesMax);
                break;
            case ManifestKeys.BatchTokens:
                d.BatchTokens = _reader.Integer(property, ManifestLimits.BatchTokensMin, ManifestLimits.BatchTokensMax);
                break;
            case ManifestKeys.ChatTemplate: d.ChatTemplate = _reader.String(property, required: false); break;
            case ManifestKeys.Reasoning: d.Reasoning = ManifestReasoningReader.Read(property, _reader); break;
            case ManifestKeys.License: d.License = _reader.String(property, required: false); break;
            case ManifestKeys.Source: d.Source = _reader.String(property, required: false); break;
            case ManifestKeys.Description: d.Description = _reader.String(property, required: false); break;
            case ManifestKeys.Load: d.Load = _reader.Choice(property, ManifestNames.LoadPolicies, required: false); break;
            case ManifestKeys.Evictable: d.Evictable = _reader.Boolean(property); break;
            default: return false;
        }

        return true;
    }

    /// <summary>ONNX Runtime, batching and tokenizer settings; false for any other key.</summary>
    private bool ReadEngineKey(JsonProperty property)
    {
        var d = _draft;
        switch (property.Name)
        {
            case ManifestKeys.ExecutionProvider:
                d.ExecutionProvider = _reader.Choice(property, ManifestNames.ExecutionProviders, required: false);
                break;
            case ManifestKeys.DeviceId:
                d.DeviceId = _reader.Integer(property, ManifestLimits.DeviceIdMin, ManifestLimits.DeviceIdMax);
                break;
            case ManifestKeys.CpuFallback: d.CpuFallback = _reader.Boolean(property); break;
            case ManifestKeys.IntraOpThreads:
                d.IntraOpThreads = _reader.Integer(property, ManifestLimits.IntraOpThreadsMin, ManifestLimits.IntraOpThreadsMax);
                break;
            case ManifestKeys.GraphOptimization:
                d.GraphOptimization = _reader.Choice(property, ManifestNames.GraphOptimizations, required: false);
                break;
            case ManifestKeys.MaxBatchSize:
                d.MaxBatchSize = _reader.Integer(property, ManifestLimits.MaxBatchSizeMin, ManifestLimits.MaxBatchSizeMax);
                break;
            case ManifestKeys.MaxQueueDelayMs: d.MaxQueueDelay = ReadMilliseconds(property); break;
            case ManifestKeys.Pooling: d.Pooling = _reader.Choice(property, ManifestNames.Poolings, required: false); break;
            case ManifestKeys.Vocabulary: d.VocabularyPath = _reader.Path(property, required: false, _manifestDirectory); break;
            case ManifestKeys.VocabularySha256: d.VocabularySha256 = _reader.Sha256(property, required: false); break;
            case ManifestKeys.LowerCase: d.LowerCase = _reader.Boolean(property); break;
            default: return false;
        }

        return true;
    }

    private string? ReadId(JsonProperty property)
    {
        var id = _reader.String(property, required: true);
        if (id is null || ManifestLimits.IsValidId(id))
        {
            return id;
        }

        _reader.Add(property.Name, $"must match {ManifestLimits.IdPattern} (got {ManifestValueReader.Shorten(property.Value.GetRawText())})");
        return null;
    }

    /// <summary>Milliseconds in the file, kept to the tick (0.0001 ms) so writing it back is exact.</summary>
    private TimeSpan? ReadMilliseconds(JsonProperty property)
    {
        var milliseconds = _reader.Number(property, ManifestLimits.MaxQueueDelayMsMin, ManifestLimits.MaxQueueDelayMsMax);
        if (milliseconds is not { } value)
        {
            return null;
        }

        var ticks = decimal.Round(value * TimeSpan.TicksPerMillisecond, MidpointRounding.AwayFromZero);
        return TimeSpan.FromTicks((long)ticks);
    }

    private ModelManifest Build()
    {
        var d = _draft;
        return new ModelManifest
        {
            Id = d.Id!,
            Kind = d.Kind!.Value,
            Format = d.Format!.Value,
            FilePath = d.FilePath!,
            Sha256 = d.Sha256!,
            Quantization = d.Quantization,
            ContextLength = d.ContextLength ?? ManifestLimits.ContextLengthUnset,
            GpuLayers = d.GpuLayers ?? ManifestLimits.GpuLayersDefault,
            MaxSequences = d.MaxSequences ?? ManifestLimits.MaxSequencesDefault,
            BatchTokens = d.BatchTokens ?? ManifestLimits.BatchTokensDefault,
            ChatTemplate = d.ChatTemplate,
            Reasoning = d.Reasoning,
            ExecutionProvider = d.ExecutionProvider ?? ManifestLimits.ExecutionProviderDefault,
            DeviceId = d.DeviceId ?? ManifestLimits.DeviceIdDefault,
            CpuFallback = d.CpuFallback ?? ManifestLimits.CpuFallbackDefault,
            IntraOpThreads = d.IntraOpThreads,
            GraphOptimization = d.GraphOptimization ?? ManifestLimits.GraphOptimizationDefault,
            MaxBatchSize = d.MaxBatchSize ?? ManifestLimits.MaxBatchSizeDefault,
            MaxQueueDelay = d.MaxQueueDelay ?? ManifestLimits.MaxQueueDelayDefault,
            Pooling = d.Pooling ?? ManifestLimits.PoolingDefault,
            VocabularyPath = d.VocabularyPath,
            VocabularySha256 = d.VocabularySha256,
            LowerCase = d.LowerCase ?? ManifestLimits.LowerCaseDefault,
            License = d.License,
            Source = d.Source,
            Description = d.Description,
            Load = d.Load ?? ModelLoadPolicy.OnStart,
            Evictable = d.Evictable ?? false,
            ManifestPath = _manifestPath,
        };
    }

    private static string DescribeUnknownKey(string key)
    {
        var suggestion = KeySuggester.Suggest(key, ManifestKeys.All);
        return suggestion is null
            ? "unknown key"
            : $"unknown key (did you mean \"{suggestion}\"?)";
    }
}
