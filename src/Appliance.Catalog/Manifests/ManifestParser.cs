using System.Globalization;
using System.Text.Json;
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
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    private string? _id;
    private ModelKind? _kind;
    private ModelFormat? _format;
    private string? _filePath;
    private string? _sha256;
    private string? _quantization;
    private int? _contextLength;
    private int? _gpuLayers;
    private int? _maxSequences;
    private int? _batchTokens;
    private string? _chatTemplate;
    private string? _license;
    private string? _source;
    private string? _description;

    private ManifestParser(string displayPath, string manifestPath)
    {
        _reader = new ManifestValueReader(displayPath);
        _manifestPath = manifestPath;
    }

    /// <summary>Parses and validates <paramref name="json"/>.</summary>
    /// <param name="json">The manifest text.</param>
    /// <param name="displayPath">The file as errors name it (as configured).</param>
    /// <param name="manifestPath">Absolute path of the manifest; <c>file</c> resolves against its folder.</param>
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
            _reader.Add(ManifestKeys.Json, DescribeSyntaxError(ex));
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

        CheckRequired();
        CheckCombinations();
        return _reader.HasErrors
            ? new ParsedManifest(null, _id, _reader.Errors)
            : new ParsedManifest(Build(), _id, []);
    }

    private void ReadProperty(JsonProperty property)
    {
        if (!_seen.Add(property.Name))
        {
            _reader.Add(property.Name, "appears more than once");
            return;
        }

        switch (property.Name)
        {
            case ManifestKeys.Id: _id = ReadId(property); break;
            case ManifestKeys.Kind: _kind = _reader.Choice(property, ManifestNames.Kinds); break;
            case ManifestKeys.Format: _format = _reader.Choice(property, ManifestNames.Formats); break;
            case ManifestKeys.File: _filePath = ReadFile(property); break;
            case ManifestKeys.Sha256: _sha256 = ReadSha256(property); break;
            case ManifestKeys.Quantization: _quantization = _reader.String(property, required: false); break;
            case ManifestKeys.ContextLength:
                _contextLength = _reader.Integer(property, ManifestLimits.ContextLengthMin, ManifestLimits.ContextLengthMax);
                break;
            case ManifestKeys.GpuLayers:
                _gpuLayers = _reader.Integer(property, ManifestLimits.GpuLayersAll, int.MaxValue, "-1 (all layers) or a layer count >= 0");
                break;
            case ManifestKeys.MaxSequences:
                _maxSequences = _reader.Integer(property, ManifestLimits.MaxSequencesMin, ManifestLimits.MaxSequencesMax);
                break;
            case ManifestKeys.BatchTokens:
                _batchTokens = _reader.Integer(property, ManifestLimits.BatchTokensMin, ManifestLimits.BatchTokensMax);
                break;
            case ManifestKeys.ChatTemplate: _chatTemplate = _reader.String(property, required: false); break;
            case ManifestKeys.License: _license = _reader.String(property, required: false); break;
            case ManifestKeys.Source: _source = _reader.String(property, required: false); break;
            case ManifestKeys.Description: _description = _reader.String(property, required: false); break;
            default: _reader.Add(property.Name, DescribeUnknownKey(property.Name)); break;
        }
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

    private string? ReadFile(JsonProperty property)
    {
        var file = _reader.String(property, required: true);
        if (file is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(file))
        {
            _reader.Add(property.Name, "must not be empty");
            return null;
        }

        try
        {
            return Path.GetFullPath(file, Path.GetDirectoryName(_manifestPath)!);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            _reader.Add(property.Name, $"is not a valid path ({ex.Message})");
            return null;
        }
    }

    private string? ReadSha256(JsonProperty property)
    {
        var sha = _reader.String(property, required: true);
        if (sha is null)
        {
            return null;
        }

        if (!ManifestLimits.IsValidSha256(sha))
        {
            var got = ManifestValueReader.Shorten(property.Value.GetRawText());
            _reader.Add(property.Name, $"must be 64 hexadecimal characters (got {sha.Length} characters: {got})");
            return null;
        }

        return sha.ToLowerInvariant();
    }

    private void CheckRequired()
    {
        foreach (var key in (ReadOnlySpan<string>)[ManifestKeys.Id, ManifestKeys.Kind, ManifestKeys.Format, ManifestKeys.File, ManifestKeys.Sha256])
        {
            if (!_seen.Contains(key))
            {
                _reader.Add(key, "is required");
            }
        }

        // A null context_length reads as absent; an invalid one already has its own error.
        if (_format == ModelFormat.Gguf && _contextLength is null && !_reader.HasErrorFor(ManifestKeys.ContextLength))
        {
            _reader.Add(ManifestKeys.ContextLength, "is required for format \"gguf\"");
        }
    }

    private void CheckCombinations()
    {
        if (_kind is not { } kind || _format is not { } format)
        {
            return;
        }

        if (ManifestNames.RequiredFormat(kind) is { } required && required != format)
        {
            _reader.Add(
                ManifestKeys.Format,
                $"must be \"{ManifestNames.Of(required)}\" for kind \"{ManifestNames.Of(kind)}\" (got \"{ManifestNames.Of(format)}\")");
        }
    }

    private ModelManifest Build() => new()
    {
        Id = _id!,
        Kind = _kind!.Value,
        Format = _format!.Value,
        FilePath = _filePath!,
        Sha256 = _sha256!,
        Quantization = _quantization,
        ContextLength = _contextLength ?? ManifestLimits.ContextLengthUnset,
        GpuLayers = _gpuLayers ?? ManifestLimits.GpuLayersDefault,
        MaxSequences = _maxSequences ?? ManifestLimits.MaxSequencesDefault,
        BatchTokens = _batchTokens ?? ManifestLimits.BatchTokensDefault,
        ChatTemplate = _chatTemplate,
        License = _license,
        Source = _source,
        Description = _description,
        ManifestPath = _manifestPath,
    };

    private static string DescribeUnknownKey(string key)
    {
        var suggestion = KeySuggester.Suggest(key, ManifestKeys.All);
        return suggestion is null
            ? "unknown key"
            : $"unknown key (did you mean \"{suggestion}\"?)";
    }

    /// <summary>JsonException counts lines and bytes from zero; editors count from one.</summary>
    private static string DescribeSyntaxError(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (path >= 0 && (cut < 0 || path < cut))
        {
            cut = path;
        }

        var reason = (cut >= 0 ? message[..cut] : message).TrimEnd(' ', '.', '|');
        var line = (ex.LineNumber ?? 0) + 1;
        var position = (ex.BytePositionInLine ?? 0) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"malformed JSON at line {line}, position {position}: {reason}");
    }
}
