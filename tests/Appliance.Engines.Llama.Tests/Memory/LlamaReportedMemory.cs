using System.Globalization;
using System.Text.RegularExpressions;

namespace Appliance.Engines.Llama.Tests.Memory;

/// <summary>
/// What llama.cpp says it allocated, from its log lines ("CPU_REPACK model buffer size = 191.95 MiB",
/// "CPU KV buffer size", "CPU compute buffer size", "CPU  output buffer size"), in bytes.
/// </summary>
internal sealed partial record LlamaReportedMemory(long Weights, long Kv, long Compute, long Output)
{
    public long Total => Weights + Kv + Compute + Output;

    public static LlamaReportedMemory Parse(string log)
    {
        long weights = 0, kv = 0, compute = 0, output = 0;
        foreach (Match match in BufferLine().Matches(log))
        {
            var bytes = (long)(double.Parse(match.Groups["mib"].Value, CultureInfo.InvariantCulture) * (1 << 20));
            switch (match.Groups["kind"].Value)
            {
                case "model": weights += bytes; break;
                case "KV": kv += bytes; break;
                case "compute": compute += bytes; break;
                default: output += bytes; break;
            }
        }

        return new LlamaReportedMemory(weights, kv, compute, output);
    }

    [GeneratedRegex(@"\S+\s+(?<kind>model|KV|compute|output) buffer size =\s+(?<mib>[0-9.]+) MiB")]
    private static partial Regex BufferLine();
}
