using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Appliance.Core.Errors;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// Reads a request body as JSON within the configured size. A body that does not parse, or a field
/// of the wrong type, becomes an <see cref="InvalidRequestException"/> naming the field (the JSON
/// path, when it is made of known names only: a name the caller made up may be patient text);
/// never the value or the parser's message (which quotes it). The door runs the call's steps with
/// it, so the refusal is authenticated, counted and audited like any other.
/// </summary>
internal static partial class OpenAiBody
{
    /// <summary>The result: the request, or why it was refused (<see cref="TooLarge"/>: HTTP 413).</summary>
    public sealed record Read<T>(T? Value, InvalidRequestException? Error, bool TooLarge = false)
        where T : class;

    public static async Task<Read<T>> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> type, int limit)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        OpenAiListener.LimitBody(http, limit);
        if (http.Request.ContentLength > limit)
        {
            return new(null, TooLargeError(limit), TooLarge: true);
        }

        JsonDocument document;
        try
        {
            // Syntax first (the whole body, within the limit), then types: a body that is not JSON is
            // refused as such, a field of the wrong type by its name.
            document = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
        }
        catch (JsonException)
        {
            return new(null, new InvalidRequestException("body", "is not valid JSON"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, TooLargeError(limit), TooLarge: true);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new(null, new InvalidRequestException("body", "must be a JSON object"));
            }

            try
            {
                return new(document.Deserialize(type), null);
            }
            catch (JsonException e)
            {
                return new(null, new InvalidRequestException(ParamOf(e.Path), "has the wrong type (see the OpenAI API reference for the field's type)"));
            }
        }
    }

    private static InvalidRequestException TooLargeError(int limit) =>
        new("body", $"is larger than {limit} bytes ({OpenAiOptions.SectionName}:MaxRequestBodyBytes)");

    /// <summary><c>$.messages[0].content</c> becomes <c>messages[0].content</c>; anything else (unknown names, quoted names) <c>body</c>.</summary>
    private static string ParamOf(string? path)
    {
        var trimmed = path is null ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "";
        return trimmed.Length > 0 && SafePath().IsMatch(trimmed) ? trimmed : "body";
    }

    [GeneratedRegex(@"^[a-z_]{1,40}(\[\d{1,6}\])?(\.[a-z_]{1,40}(\[\d{1,6}\])?){0,4}$")]
    private static partial Regex SafePath();
}
