using Appliance.Core.Generation;
using DomainResponseFormat = Appliance.Core.Generation.ResponseFormat;
using ProtoResponseFormat = Appliance.Contracts.V1.ResponseFormat;
using ProtoStructured = Appliance.Contracts.V1.Structured;

namespace Appliance.Server.GrpcApi;

/// <summary>Proto ⇄ domain mapping of structured output (response_format in, structured out).</summary>
internal static class ResponseFormatMapper
{
    /// <summary>
    /// Null when the request set no response format. A message with no mode set is refused naming
    /// the oneof rather than run as free text: the caller asked for a shape.
    /// </summary>
    public static DomainResponseFormat? ToDomain(ProtoResponseFormat? format) => format?.FormatCase switch
    {
        null => null,
        ProtoResponseFormat.FormatOneofCase.JsonSchema => new DomainResponseFormat
        {
            Mode = ResponseFormatMode.JsonSchema,
            Text = format.JsonSchema.Schema,
            Name = format.JsonSchema.Name.Length == 0 ? null : format.JsonSchema.Name,
        },
        ProtoResponseFormat.FormatOneofCase.JsonObject => new DomainResponseFormat { Mode = ResponseFormatMode.JsonObject },
        ProtoResponseFormat.FormatOneofCase.Grammar => new DomainResponseFormat { Mode = ResponseFormatMode.Grammar, Text = format.Grammar.Gbnf },
        ProtoResponseFormat.FormatOneofCase.Choice => new DomainResponseFormat { Mode = ResponseFormatMode.Choice, Choices = [.. format.Choice.Choices] },
        _ => throw new Core.Errors.InvalidRequestException("response_format", "must set one of json_schema, json_object, grammar, choice"),
    };

    public static ProtoStructured ToProto(StructuredResult result) => result switch
    {
        StructuredResult.Valid => ProtoStructured.Valid,
        StructuredResult.Incomplete => ProtoStructured.Incomplete,
        StructuredResult.Invalid => ProtoStructured.Invalid,
        _ => ProtoStructured.Unspecified,
    };
}
