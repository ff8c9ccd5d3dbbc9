using Appliance.Catalog.Memory;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Models.Memory;

/// <summary>
/// Checks <c>Appliance:Memory</c> at start-up and reports every problem with its key: a value that
/// is neither bytes nor a percentage, a percentage of a device whose memory cannot be read (a GPU
/// NVML does not see), a reserve that leaves nothing.
/// </summary>
internal sealed class MemoryOptionsValidator(IDeviceMemoryTotals totals) : IValidateOptions<MemoryOptions>
{
    private const string Section = MemoryOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, MemoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        MemoryAmount? reserve = null;
        if (!string.IsNullOrWhiteSpace(options.Reserve))
        {
            if (MemoryAmount.TryParse(options.Reserve, out var parsed))
            {
                reserve = parsed;
            }
            else
            {
                failures.Add($"{Section}:Reserve: \"{options.Reserve}\" is not an amount; use {MemoryAmount.Forms}");
            }
        }

        foreach (var (device, text) in options.Budgets())
        {
            var key = $"{Section}:{device.ConfigKey}";
            if (!MemoryAmount.TryParse(text, out var amount))
            {
                failures.Add($"{key}: \"{text}\" is not an amount; use {MemoryAmount.Forms}");
                continue;
            }

            var needsTotal = amount.Percent is not null || reserve?.Percent is not null;
            var total = needsTotal ? totals.Total(device) : null;
            if (needsTotal && total is null)
            {
                failures.Add(device.IsHost
                    ? $"{key}: a percentage needs the host's memory, and /proc/meminfo could not be read; give bytes (\"24GiB\")"
                    : $"{key}: a percentage needs {device.Name}'s memory, and NVML reports no such GPU (no NVIDIA driver, or fewer GPUs); give bytes (\"24GiB\")");
                continue;
            }

            var bytes = amount.On(total) ?? 0;
            var held = reserve?.On(total) ?? 0;
            if (bytes <= held)
            {
                failures.Add($"{key}: \"{text}\" ({MemoryText.Bytes(bytes)}) leaves nothing once {Section}:Reserve ({MemoryText.Bytes(held)}) is held back");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
