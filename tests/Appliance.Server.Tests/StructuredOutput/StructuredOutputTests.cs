using Appliance.Contracts.V1;
using Appliance.Server.Tests.Metrics;
using Grpc.Core;

namespace Appliance.Server.Tests.StructuredOutput;

/// <summary>
/// response_format over gRPC on the real server and the synthetic random-weight model: nothing but
/// the grammar keeps such a model's output in shape, so these fail if enforcement slips.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StructuredOutputTests(ServerFixture server)
{
    private static readonly string[] Triage = ["urgent", "routine", "non-urgent \"watch\""];
    private readonly Generation.GenerationClient _client = new(server.Channel);

    private static GenerateRequest Sampled(string prompt, uint seed, int maxTokens, ResponseFormat format) => new()
    {
        ModelId = ServerFixture.ModelId,
        Prompt = prompt,
        Sampling = new SamplingParams { Temperature = 1.2f, TopK = 0, TopP = 1, MinP = 0, Seed = seed, MaxTokens = maxTokens },
        ResponseFormat = format,
    };

    private static ResponseFormat Choice(params string[] choices) => new() { Choice = new ChoiceFormat { Choices = { choices } } };

    private static ResponseFormat Gbnf(string gbnf) => new() { Grammar = new GrammarFormat { Gbnf = gbnf } };

    private static ResponseFormat Schema(string schema) => new() { JsonSchema = new JsonSchemaFormat { Schema = schema, Name = "test" } };

    /// <summary>A clinical answer of fixed shape: a triage level and at most three medications with dose and route.</summary>
    private const string MedicationSchema = """
        {
          "type": "object",
          "properties": {
            "triage": { "enum": ["urgent", "routine"] },
            "medications": {
              "type": "array", "maxItems": 3,
              "items": {
                "type": "object",
                "properties": {
                  "name": { "type": "string", "pattern": "^[a-z]{1,12}$" },
                  "dose_mg": { "type": "integer" },
                  "route": { "enum": ["oral", "iv", "im"] }
                },
                "required": ["name", "dose_mg", "route"],
                "additionalProperties": false
              }
            }
          },
          "required": ["triage", "medications"],
          "additionalProperties": false
        }
        """;

    [Fact]
    public async Task JsonSchema_ManySeeds_EveryCompletedAnswerParsesAndValidates()
    {
        var completed = 0;
        for (uint seed = 1; seed <= 6; seed++)
        {
            var request = Sampled("Medications as JSON:", seed, 400, Schema(MedicationSchema));
            request.ModelId = ServerFixture.LongModelId;
            var (pieces, final) = await _client.StreamAsync(request);
            if (final.FinishReason == FinishReason.Length)
            {
                Assert.Equal(Structured.Incomplete, final.Structured);
                continue;
            }

            completed++;
            Assert.Equal(FinishReason.Stop, final.FinishReason);
            Assert.Equal(Structured.Valid, final.Structured);
            using var answer = System.Text.Json.JsonDocument.Parse(pieces.Text());
            Assert.Contains(answer.RootElement.GetProperty("triage").GetString(), new[] { "urgent", "routine" });
            Assert.InRange(answer.RootElement.GetProperty("medications").GetArrayLength(), 0, 3);
        }

        Assert.True(completed >= 1, "no seed completed its answer within 400 tokens");
    }

    [Fact]
    public async Task JsonObject_Complete_AnswerIsOneJsonObject()
    {
        var request = Sampled("Any JSON object:", 3, 300, new ResponseFormat { JsonObject = new JsonObjectFormat() });
        request.ModelId = ServerFixture.LongModelId;

        var (pieces, final) = await _client.StreamAsync(request);

        Assert.Contains(final.Structured, new[] { Structured.Valid, Structured.Incomplete });
        if (final.Structured == Structured.Valid)
        {
            using var answer = System.Text.Json.JsonDocument.Parse(pieces.Text());
            Assert.Equal(System.Text.Json.JsonValueKind.Object, answer.RootElement.ValueKind);
        }
    }

    [Fact]
    public async Task Choice_ManySeeds_AnswerIsExactlyOneChoiceAndValid()
    {
        for (uint seed = 1; seed <= 8; seed++)
        {
            var (pieces, final) = await _client.StreamAsync(Sampled("Triage the patient:", seed, 64, Choice(Triage)));

            Assert.Contains(pieces.Text(), Triage);
            Assert.Equal(FinishReason.Stop, final.FinishReason);
            Assert.Equal(Structured.Valid, final.Structured);
        }
    }

    [Fact]
    public async Task Choice_GbnfSpecialCharactersAndChinese_CompileAndComeBackVerbatim()
    {
        string[] choices = ["a\"b", "c\\d", "line\nbreak", "胸痛"];
        var answers = new HashSet<string>();
        for (uint seed = 1; seed <= 6; seed++)
        {
            var response = await _client.CompleteAsync(Sampled("Pick:", seed, 64, Choice(choices)));

            Assert.Contains(response.Text, choices);
            Assert.Equal(Structured.Valid, response.Final.Structured);
            answers.Add(response.Text);
        }

        Assert.NotEmpty(answers);
    }

    [Fact]
    public async Task Grammar_YesOrNo_ConstrainsTheOutput()
    {
        var texts = new HashSet<string>();
        for (uint seed = 1; seed <= 6; seed++)
        {
            var response = await _client.CompleteAsync(Sampled("Is the patient febrile?", seed, 32, Gbnf("root ::= \"yes\" | \"no\"")));

            Assert.Contains(response.Text, new[] { "yes", "no" });
            Assert.Equal(FinishReason.Stop, response.Final.FinishReason);
            Assert.Equal(Structured.Valid, response.Final.Structured);
            texts.Add(response.Text);
        }

        Assert.NotEmpty(texts);
    }

    [Fact]
    public async Task Grammar_MaxTokensTooSmall_LengthAndIncomplete()
    {
        var grammar = Gbnf("root ::= \"[\" [a-z]{12,20} \"]\"");

        var (pieces, final) = await _client.StreamAsync(Sampled("List:", 3, 4, grammar));

        Assert.Equal(FinishReason.Length, final.FinishReason);
        Assert.Equal(Structured.Incomplete, final.Structured);
        Assert.StartsWith("[", pieces.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConstrainedAndFree_InOneBatch_BothFinishCorrectly()
    {
        var free = _client.StreamAsync(GrpcTestExtensions.Greedy("The patient reports chest pain", maxTokens: 24));
        var constrained = _client.StreamAsync(Sampled("Triage:", 5, 64, Choice(Triage)));
        var number = _client.StreamAsync(Sampled("Dose in mg:", 9, 64, Gbnf("root ::= [1-9] [0-9]{0,3} \" mg\"")));

        await Task.WhenAll(free, constrained, number);

        Assert.Equal(FinishReason.Length, (await free).Final.FinishReason);
        Assert.Equal(Structured.Unspecified, (await free).Final.Structured);
        Assert.Equal(24, (await free).Final.Usage.CompletionTokens);
        Assert.Contains((await constrained).Pieces.Text(), Triage);
        Assert.Equal(Structured.Valid, (await constrained).Final.Structured);
        Assert.Matches("^[1-9][0-9]{0,3} mg$", (await number).Pieces.Text());
        Assert.Equal(Structured.Valid, (await number).Final.Structured);
    }

    [Fact]
    public async Task Preempted_ConstrainedBatchSequences_StillEndValid()
    {
        // Exactly 600 letters (on the long-context model, so the four batch streams are still decoding when the
        // urgent call comes): a resumed grammar that forgot the output so far would start over and overshoot.
        var letters = Gbnf("root ::= [a-z]{600}");
        var before = Scrape.Parse(await server.Server.ScrapeAsync());
        var calls = Enumerable.Range(1, 4).Select(i =>
        {
            var request = Sampled("Codes:", (uint)i, 700, letters);
            request.ModelId = ServerFixture.LongModelId;
            request.Priority = Priority.Batch;
            return _client.Generate(request, deadline: DateTime.UtcNow + GrpcTestExtensions.CallLimit);
        }).ToList();
        foreach (var call in calls)
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None)); // every slot is taken and decoding
        }

        var urgent = GrpcTestExtensions.Greedy("Urgent: chest pain", maxTokens: 4);
        urgent.ModelId = ServerFixture.LongModelId;
        urgent.Priority = Priority.Urgent;
        var urgentFinal = (await _client.StreamAsync(urgent)).Final;
        var results = new List<(string Text, GenerationFinal Final)>();
        foreach (var call in calls)
        {
            var text = call.ResponseStream.Current.Piece?.Text ?? string.Empty;
            GenerationFinal? final = null;
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                text += call.ResponseStream.Current.Piece?.Text;
                final ??= call.ResponseStream.Current.Final;
            }

            results.Add((text, final!));
            call.Dispose();
        }

        var after = Scrape.Parse(await server.Server.ScrapeAsync());
        Assert.True(after.Sum("appliance_preemptions_total", ("model", ServerFixture.LongModelId)) > before.Sum("appliance_preemptions_total", ("model", ServerFixture.LongModelId)), "urgent work preempted a constrained sequence");
        Assert.Equal(FinishReason.Length, urgentFinal.FinishReason);
        Assert.All(results, r =>
        {
            Assert.Matches("^[a-z]{600}$", r.Text);
            Assert.Equal((FinishReason.Stop, Structured.Valid), (r.Final.FinishReason, r.Final.Structured));
        });
    }

    [Theory]
    [InlineData("root ::= (\"yes\"", "line 1, column 16: expecting ')'")]
    [InlineData("root ::= \"yes", "line 1, column 14: unexpected end of input inside a string literal")]
    [InlineData("root ::= undefined-rule", "line 1, column 10: the rule \"undefined-rule\" is used but not defined")]
    [InlineData("answer ::= \"yes\"", "there is no rule named \"root\" to start from")]
    [InlineData("root ::= [a-", "line 1, column 12: unexpected end of input inside a character class")]
    [InlineData("root ::= \"yes\"\nno ::= \"no\" \"\\q\"", "line 2, column 14: unknown escape")]
    public async Task Grammar_LlamaCppCannotParse_InvalidArgumentNamingLineAndColumnAndServerKeepsServing(string gbnf, string problem)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.StreamAsync(Sampled("x", 1, 8, Gbnf(gbnf))));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("response_format.grammar.gbnf: " + problem, error.Status.Detail, StringComparison.Ordinal);
        var after = await _client.CompleteAsync(Sampled("Is the patient febrile?", 1, 8, Gbnf("root ::= \"yes\" | \"no\"")));
        Assert.Equal(Structured.Valid, after.Final.Structured);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ResponseFormat_BadShape_InvalidArgumentNamingTheField(ResponseFormat format, string[] stop, string detailStart)
    {
        var request = Sampled("x", 1, 8, format);
        request.Sampling.Stop.AddRange(stop);

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.StreamAsync(request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(detailStart, error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<ResponseFormat, string[], string> Refusals() => new()
    {
        { Choice(), [], "response_format.choice.choices: must hold 1 to 64 strings (got 0)" },
        { Choice("a", "b", "a"), [], "response_format.choice.choices[2]: repeats choices[0]" },
        { Choice("a", ""), [], "response_format.choice.choices[1]: must be 1 to 256 characters" },
        { Choice([.. Enumerable.Range(0, 65).Select(i => $"c{i}")]), [], "response_format.choice.choices: must hold 1 to 64 strings (got 65)" },
        { Choice(new string('x', 257)), [], "response_format.choice.choices[0]: must be 1 to 256 characters (got 257)" },
        { Gbnf(""), [], "response_format.grammar.gbnf: must be 1 to 16384 UTF-8 bytes (got 0)" },
        { Gbnf("root ::= \"" + new string('y', 16384) + "\""), [], "response_format.grammar.gbnf: must be 1 to 16384 UTF-8 bytes (got 16395)" },
        { Choice("yes", "no"), ["\n"], "sampling.stop: cannot be combined with response_format" },
        { new ResponseFormat(), [], "response_format: must set one of json_schema, json_object, grammar, choice" },
        { Schema("{\"type\":\"object\",\"properties\":{\"dose\":{\"type\":\"number\",\"multipleOf\":0.5}}}"), [],
            "response_format.json_schema: /properties/dose: keyword \"multipleOf\" is not supported" },
        { Schema("{\"type\":"), [], "response_format.json_schema: (root): the schema is not valid JSON" },
        { Schema("{\"type\":\"string\",\"description\":\"" + new string('x', 70_000) + "\"}"), [], "response_format.json_schema.schema: must " },
    };

    [Fact]
    public async Task StructuredMetrics_CountRequestsAndResultsByMode()
    {
        var before = Scrape.Parse(await server.Server.ScrapeAsync());

        await _client.StreamAsync(Sampled("Triage:", 2, 64, Choice(Triage)));
        await _client.StreamAsync(Sampled("List:", 2, 3, Gbnf("root ::= \"[\" [a-z]{12,20} \"]\"")));

        var after = Scrape.Parse(await server.Server.ScrapeAsync());
        double Delta(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.Equal(1, Delta("appliance_structured_requests_total", ("model", "tiny"), ("mode", "choice")));
        Assert.Equal(1, Delta("appliance_structured_requests_total", ("model", "tiny"), ("mode", "grammar")));
        Assert.Equal(1, Delta("appliance_structured_results_total", ("model", "tiny"), ("mode", "choice"), ("result", "valid")));
        Assert.Equal(1, Delta("appliance_structured_results_total", ("model", "tiny"), ("mode", "grammar"), ("result", "incomplete")));
    }
}
