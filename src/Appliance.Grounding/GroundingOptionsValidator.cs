using Microsoft.Extensions.Options;

namespace Appliance.Grounding;

/// <summary>Checks <see cref="GroundingOptions"/> at start, naming the key of every problem.</summary>
internal sealed class GroundingOptionsValidator : IValidateOptions<GroundingOptions>
{
    public ValidateOptionsResult Validate(string? name, GroundingOptions options)
    {
        var key = $"{GroundingOptions.SectionName}:{nameof(GroundingOptions.LexiconFolder)}";
        if (string.IsNullOrWhiteSpace(options.LexiconFolder))
        {
            return ValidateOptionsResult.Fail($"{key}: must be an absolute folder path (default /srv/appliance/lexicons)");
        }

        if (!Path.IsPathFullyQualified(options.LexiconFolder))
        {
            return ValidateOptionsResult.Fail($"{key}: '{options.LexiconFolder}' is not an absolute path");
        }

        return File.Exists(options.LexiconFolder)
            ? ValidateOptionsResult.Fail($"{key}: '{options.LexiconFolder}' is a file; it must be a folder of *.tsv lexicon files")
            : ValidateOptionsResult.Success;
    }
}
