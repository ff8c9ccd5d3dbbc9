using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Core.Generation;
using Appliance.Server.GrpcApi;
using ProtoResponseFormat = Appliance.Contracts.V1.ResponseFormat;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>response_format on the wire ⇄ the domain's ResponseFormat, and structured back.</summary>
public sealed class ResponseFormatMapperTests
{
    [Fact]
    public void ToDomain_Absent_Null() => Assert.Null(ResponseFormatMapper.ToDomain(null));

    [Fact]
    public void ToDomain_Choice_KeepsTheOrderAndTheText()
    {
        var domain = ResponseFormatMapper.ToDomain(new ProtoResponseFormat { Choice = new ChoiceFormat { Choices = { "urgent", "routine", "胸痛" } } });

        Assert.Equal(ResponseFormatMode.Choice, domain!.Mode);
        Assert.Equal(["urgent", "routine", "胸痛"], domain.Choices);
        Assert.Equal("choice", domain.ModeName);
    }

    [Fact]
    public void ToDomain_Grammar_TextAsSent()
    {
        var domain = ResponseFormatMapper.ToDomain(new ProtoResponseFormat { Grammar = new GrammarFormat { Gbnf = "root ::= \"yes\" | \"no\"" } });

        Assert.Equal((ResponseFormatMode.Grammar, "root ::= \"yes\" | \"no\"", "grammar"), (domain!.Mode, domain.Text, domain.ModeName));
    }

    [Fact]
    public void ToDomain_JsonModes_SchemaAndOptionalName()
    {
        var named = ResponseFormatMapper.ToDomain(new ProtoResponseFormat { JsonSchema = new JsonSchemaFormat { Schema = "{}", Name = "meds" } });
        var unnamed = ResponseFormatMapper.ToDomain(new ProtoResponseFormat { JsonSchema = new JsonSchemaFormat { Schema = "{}" } });
        var json = ResponseFormatMapper.ToDomain(new ProtoResponseFormat { JsonObject = new JsonObjectFormat() });

        Assert.Equal((ResponseFormatMode.JsonSchema, "{}", "meds"), (named!.Mode, named.Text, named.Name));
        Assert.Null(unnamed!.Name);
        Assert.Equal((ResponseFormatMode.JsonObject, "json_object"), (json!.Mode, json.ModeName));
    }

    [Fact]
    public void ToDomain_NoModeSet_RefusedNamingTheOneof()
    {
        var error = Assert.Throws<InvalidRequestException>(() => ResponseFormatMapper.ToDomain(new ProtoResponseFormat()));

        Assert.Equal("response_format", error.Field);
    }

    [Fact]
    public void ToDomain_GenerateAndComplete_CarryTheSameFormat()
    {
        var generate = new GenerateRequest { ModelId = "m", Prompt = "x", ResponseFormat = new ProtoResponseFormat { Choice = new ChoiceFormat { Choices = { "a" } } } };
        var complete = CompleteRequest.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(generate));

        Assert.Equal(["a"], ResponseFormatMapper.ToDomain(complete.ResponseFormat)!.Choices);
    }

    [Theory]
    [InlineData(StructuredResult.None, Structured.Unspecified)]
    [InlineData(StructuredResult.Valid, Structured.Valid)]
    [InlineData(StructuredResult.Incomplete, Structured.Incomplete)]
    [InlineData(StructuredResult.Invalid, Structured.Invalid)]
    public void ToProto_EveryResult(StructuredResult result, Structured expected) => Assert.Equal(expected, ResponseFormatMapper.ToProto(result));
}
