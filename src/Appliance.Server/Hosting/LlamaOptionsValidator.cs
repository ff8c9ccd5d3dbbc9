using Appliance.Engines.Llama;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>Checks <c>Appliance:Llama</c> at start-up and reports every problem with its key.</summary>
internal sealed class LlamaOptionsValidator : IValidateOptions<LlamaOptions>
{
    private const string Section = LlamaOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LlamaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Threads is < 1)
        {
            failures.Add($"{Section}:Threads must be > 0 or absent (got {options.Threads})");
        }

        if (options.BatchThreads is < 1)
        {
            failures.Add($"{Section}:BatchThreads must be > 0 or absent (got {options.BatchThreads})");
        }

        if (options.NativeLibraryPath is { } path && (!Path.IsPathFullyQualified(path) || path.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            failures.Add($"{Section}:NativeLibraryPath must be the full path of a libllama.so or absent (got '{path}')");
        }
        else if (options.NativeLibraryPath is { } library && File.Exists(library) && LlamaLibraryCheck.Problem(library) is { } problem)
        {
            // At start-up, before any model loads: a library of another llama.cpp commit would abort the process there.
            failures.Add(problem);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
