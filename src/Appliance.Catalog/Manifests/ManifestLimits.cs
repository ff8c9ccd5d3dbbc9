using Appliance.Core.Models;

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

    /// <summary>ONNX tensor models may omit context_length; 0 means "the model's own input limit".</summary>
    public const int ContextLengthUnset = 0;

    /// <summary>CUDA device index; 16 GPUs is more than any appliance box holds.</summary>
    public const int DeviceIdMin = 0;
    public const int DeviceIdMax = 15;
    public const int DeviceIdDefault = 0;

    /// <summary>Absent (null) leaves ONNX Runtime's default: one thread per core.</summary>
    public const int IntraOpThreadsMin = 1;
    public const int IntraOpThreadsMax = 256;

    public const int MaxBatchSizeMin = 1;
    public const int MaxBatchSizeMax = 1024;
    public const int MaxBatchSizeDefault = 32;

    /// <summary>Milliseconds; fractions are allowed and kept to the tick (0.0001 ms).</summary>
    public const int MaxQueueDelayMsMin = 0;
    public const int MaxQueueDelayMsMax = 1000;
    public static readonly TimeSpan MaxQueueDelayDefault = TimeSpan.FromMilliseconds(2);

    public const ExecutionProvider ExecutionProviderDefault = ExecutionProvider.Cpu;
    public const bool CpuFallbackDefault = false;
    public const GraphOptimization GraphOptimizationDefault = GraphOptimization.All;
    public const EmbeddingPooling PoolingDefault = EmbeddingPooling.Mean;

    /// <summary>Uncased BERT vocabularies (all-MiniLM, bge) expect lower-cased text.</summary>
    public const bool LowerCaseDefault = true;

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
