using System.Text.Json.Serialization;

namespace Appliance.Server.OpenAiApi.Wire;

/// <summary>The error; <see cref="Param"/> and <see cref="Code"/> are written as null when absent, as OpenAI does.</summary>
internal sealed record ErrorBody(
    string Message,
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Param,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code);
