namespace Appliance.Catalog.Manifests;

/// <summary>Ranges and defaults of the manifest format (documented in models/README.md).</summary>
internal static class ManifestLimits
{
    public const int MaxIdLength = 64;
    public const string IdPattern = "^[a-z0-9][a-z0-9._-]{0,63}$";

    public const int ContextLengthMin = 16;
    public const int ContextLengthMax = 1_048_576;

    /// <summary>-1 offloads every layer.</summary>
    public const int GpuLayersAll = -1;
    public const int GpuLayersDefault = 0;

    public const int MaxSequencesMin = 1;
    public const int MaxSequencesMax = 256;
    public const int MaxSequencesDefault = 4;

    public const int BatchTokensMin = 16;
    public const int BatchTokensMax = 65_536;
    public const int BatchTokensDefault = 512;

    /// <summary>ONNX models may omit context_length; 0 means "the model's own input limit".</summary>
    public const int ContextLengthUnset = 0;

    /// <summary>A manifest is a few hundred bytes; this refuses a stray tokenizer.json or similar.</summary>
    public const long MaxManifestBytes = 1 << 20;

    public static bool IsValidId(string value)
    {
        if (value.Length is 0 or > MaxIdLength || !IsLowerAlphanumeric(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsLowerAlphanumeric(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsValidSha256(string value)
    {
        if (value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
