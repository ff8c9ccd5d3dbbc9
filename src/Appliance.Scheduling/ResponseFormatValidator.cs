using System.Text;
using Appliance.Core.Errors;
using Appliance.Core.Generation;

namespace Appliance.Scheduling;

/// <summary>
/// Sizes and shape of a response format, checked before any grammar is built. Messages name the
/// proto field and the limit, never the caller's text (a choice may be patient data).
/// </summary>
internal static class ResponseFormatValidator
{
    public const int MaxChoices = 64;
    public const int MaxChoiceLength = 256;
    public const int MaxGrammarBytes = 16 * 1024;
    public const int MaxSchemaBytes = 64 * 1024;
    public const int MaxNameLength = 64;

    public static void Validate(ResponseFormat? format, SamplingParameters sampling)
    {
        if (format is null)
        {
            return;
        }

        if (sampling.Stop.Count > 0)
        {
            throw new InvalidRequestException("sampling.stop", "cannot be combined with response_format: a stop string would cut the structure");
        }

        switch (format.Mode)
        {
            case ResponseFormatMode.Choice:
                ValidateChoices(format.Choices);
                break;
            case ResponseFormatMode.Grammar:
                CheckSize(format.Text, "response_format.grammar.gbnf", MaxGrammarBytes);
                break;
            case ResponseFormatMode.JsonSchema:
                CheckSize(format.Text, "response_format.json_schema.schema", MaxSchemaBytes);
                CheckName(format.Name);
                break;
        }
    }

    private static void ValidateChoices(IReadOnlyList<string> choices)
    {
        if (choices.Count is 0 or > MaxChoices)
        {
            throw new InvalidRequestException("response_format.choice.choices", $"must hold 1 to {MaxChoices} strings (got {choices.Count})");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < choices.Count; i++)
        {
            if (choices[i].Length is 0 or > MaxChoiceLength)
            {
                throw new InvalidRequestException($"response_format.choice.choices[{i}]", $"must be 1 to {MaxChoiceLength} characters (got {choices[i].Length})");
            }

            if (!seen.TryAdd(choices[i], i))
            {
                throw new InvalidRequestException($"response_format.choice.choices[{i}]", $"repeats choices[{seen[choices[i]]}]: choices must be distinct");
            }
        }
    }

    private static void CheckSize(string text, string field, int maxBytes)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes is 0 || bytes > maxBytes)
        {
            throw new InvalidRequestException(field, $"must be 1 to {maxBytes} UTF-8 bytes (got {bytes})");
        }
    }

    private static void CheckName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        if (name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new InvalidRequestException("response_format.json_schema.name", $"must be at most {MaxNameLength} ASCII letters, digits, _ and - (got {name.Length} characters)");
        }
    }
}
