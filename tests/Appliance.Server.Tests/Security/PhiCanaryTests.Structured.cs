using Appliance.Contracts.V1;
using Grpc.Core;
using static Appliance.Server.Tests.Security.SecureServerFixture;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// Structured output carries patient text in new places: a choice, a grammar's literal, a schema,
/// and an answer the server keeps to check it. None of them may reach a log, the audit, a metric
/// or a status, whether the call succeeds, is cut short or is refused.
/// </summary>
public sealed partial class PhiCanaryTests
{
    [Fact]
    public async Task Marker_ThroughResponseFormats_AppearsInNoLogAuditMetricOrStatus()
    {
        var generation = new Generation.GenerationClient(_server.Channel);
        GenerateRequest Constrained(ResponseFormat format, int maxTokens)
        {
            var request = Request(ModelId, maxTokens);
            request.Prompt = _marker;
            request.ResponseFormat = format;
            return request;
        }

        var choice = await generation.CompleteAsync(
            Constrained(new ResponseFormat { Choice = new ChoiceFormat { Choices = { _marker, "routine" } } }, 128), Key(_key), deadline: Deadline());
        Collect(choice.Final.ToString());
        var literal = new ResponseFormat { Grammar = new GrammarFormat { Gbnf = $"root ::= \"{_marker}\"" } };
        var grammar = await generation.CompleteAsync(Constrained(literal, 128), Key(_key), deadline: Deadline());
        Collect(grammar.Final.ToString());
        var cut = await generation.CompleteAsync(Constrained(literal, 2), Key(_key), deadline: Deadline());
        Collect(cut.Final.ToString());

        var broken = new ResponseFormat { Grammar = new GrammarFormat { Gbnf = $"root ::= ( \"{_marker}\"" } };
        await ExpectAsync(StatusCode.InvalidArgument, () => generation.CompleteAsync(Constrained(broken, 8), Key(_key), deadline: Deadline()).ResponseAsync);
        var repeated = new ResponseFormat { Choice = new ChoiceFormat { Choices = { _marker, _marker } } };
        await ExpectAsync(StatusCode.InvalidArgument, () => generation.CompleteAsync(Constrained(repeated, 8), Key(_key), deadline: Deadline()).ResponseAsync);
        // A schema the converter refuses ("not"), carrying the marker as a value: the refusal names pointer and keyword only.
        var schema = new ResponseFormat { JsonSchema = new JsonSchemaFormat { Schema = $"{{\"const\":\"{_marker}\",\"not\":{{\"const\":\"{_marker}\"}}}}" } };
        await ExpectAsync(StatusCode.InvalidArgument, () => generation.CompleteAsync(Constrained(schema, 8), Key(_key), deadline: Deadline()).ResponseAsync);

        await Bounded.UntilAsync(
            async _ => (await AuditRecords.ReadAsync(AuditDirectory)).Count(r => r.Event == "end") >= 6,
            "the end records of the 6 calls");
        await AssertMarkerNowhereAsync();
        Assert.Equal((_marker, Structured.Valid), (grammar.Text, grammar.Final.Structured)); // the answer was the patient text...
        Assert.Contains(choice.Text, new[] { _marker, "routine" });
        Assert.Equal(Structured.Valid, choice.Final.Structured);
        Assert.Equal((FinishReason.Length, Structured.Incomplete), (cut.Final.FinishReason, cut.Final.Structured)); // ...and a cut one too
    }
}
