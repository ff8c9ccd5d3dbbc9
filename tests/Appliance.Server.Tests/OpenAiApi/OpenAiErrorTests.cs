using static Appliance.Server.Tests.OpenAiApi.OpenAiServerFixture;

namespace Appliance.Server.Tests.OpenAiApi;

/// <summary>
/// Every error status of the door over raw HTTP, in OpenAI's shape (message, type, param, code),
/// naming the field and never echoing what was sent; the server keeps serving after each.
/// </summary>
[Collection(OpenAiServerCollection.Name)]
public sealed class OpenAiErrorTests(OpenAiServerFixture fixture)
{
    private const string Secret = "SENT-TEXT-7f3a";

    private static string Chat(string model = ModelId, string extra = "") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"{{Secret}}"}],"max_tokens":2{{extra}}}""";

    [Theory]
    [InlineData(null, 401, "authentication_error", "unauthenticated")]
    [InlineData("not-a-key", 401, "authentication_error", "unauthenticated")]
    public async Task Credentials_MissingOrWrong_401(string? key, int status, string type, string code)
    {
        using var http = fixture.Http(key);

        var answer = await http.PostAsync("chat/completions", Chat());

        AssertError(answer, status, type, null, code);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task ModelOrMethodNotAllowed_403()
    {
        using var narrow = fixture.Http(fixture.Narrow.Key);
        using var grpcOnly = fixture.Http(fixture.GrpcOnly.Key);

        AssertError(await narrow.PostAsync("chat/completions", Chat()), 403, "permission_error", null, "model_not_allowed");
        AssertError(await narrow.GetAsync($"models/{ModelId}"), 403, "permission_error", null, "model_not_allowed");
        AssertError(await grpcOnly.PostAsync("chat/completions", Chat()), 403, "permission_error", null, "method_not_allowed");
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task UnknownModelOrPath_404_FailedModel_503()
    {
        using var http = fixture.Http(fixture.App.Key);

        AssertError(await http.PostAsync("chat/completions", Chat("no-such-model")), 404, "not_found_error", "model", "model_not_found");
        AssertError(await http.GetAsync("models/no-such-model"), 404, "not_found_error", "model", "model_not_found");
        var path = await http.GetAsync("no/such/path");
        Assert.Equal((404, "not_found"), (path.Status, path.Code)); // no call: no request id
        var failed = await http.PostAsync("chat/completions", Chat(MissingModelId));
        Assert.Equal(503, failed.Status);
        Assert.Equal("service_unavailable_error", failed.Error.GetProperty("type").GetString());
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"SENT-TEXT-7f3a"}""", "body")] // malformed JSON
    [InlineData("""[1,2]""", "body")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"SENT-TEXT-7f3a"}],"temperature":"SENT-TEXT-7f3a"}""", "temperature")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"SENT-TEXT-7f3a"}],"temperature":9}""", "temperature")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"SENT-TEXT-7f3a"}],"max_tokens":0}""", "max_tokens")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"SENT-TEXT-7f3a"}],"n":2}""", "n")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"SENT-TEXT-7f3a"}],"tools":[{"type":"function","function":{"name":"f"}}]}""", "tools")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"SENT-TEXT-7f3a"}],"logprobs":true}""", "logprobs")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"SENT-TEXT-7f3a"}}]}]}""", "messages[0].content[0].type")]
    [InlineData("""{"model":"tiny","messages":[{"role":"tool","content":"SENT-TEXT-7f3a"}]}""", "messages[0].role")]
    [InlineData("""{"model":"tiny","messages":[]}""", "messages")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"SENT-TEXT-7f3a"}],"stop":7}""", "stop")]
    [InlineData("""{"model":"tiny","messages":[{"role":"user","content":"SENT-TEXT-7f3a"}],"response_format":{"type":"xml"}}""", "response_format.type")]
    public async Task InvalidRequest_400_NamesTheField(string body, string param)
    {
        using var http = fixture.Http(fixture.App.Key);

        var answer = await http.PostAsync("chat/completions", body);

        AssertError(answer, 400, "invalid_request_error", param, "invalid_argument");
        Assert.StartsWith(param == "body" ? "body:" : $"{param}:", answer.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Priority_UnknownValue_400NamingTheHeader()
    {
        using var http = fixture.Http(fixture.App.Key);
        http.Client.DefaultRequestHeaders.Add("x-appliance-priority", Secret);

        AssertError(await http.PostAsync("chat/completions", Chat()), 400, "invalid_request_error", "x-appliance-priority", "invalid_argument");
    }

    [Fact]
    public async Task Embeddings_DimensionsOrTokenArrays_400()
    {
        using var http = fixture.Http(fixture.App.Key);

        AssertError(await http.PostAsync("embeddings", $$"""{"model":"{{MiniLm}}","input":"x","dimensions":128}"""), 400, "invalid_request_error", "dimensions", "invalid_argument");
        AssertError(await http.PostAsync("embeddings", $$"""{"model":"{{MiniLm}}","input":[[1,2,3]]}"""), 400, "invalid_request_error", "input", "invalid_argument");
        AssertError(await http.PostAsync("embeddings", $$"""{"model":"{{MiniLm}}","input":"x","encoding_format":"int8"}"""), 400, "invalid_request_error", "encoding_format", "invalid_argument");
    }

    [Fact]
    public async Task OversizeBody_413()
    {
        using var http = fixture.Http(fixture.App.Key);
        var big = Chat(extra: $$""","user":"{{new string('x', BodyLimit)}}" """);

        var answer = await http.PostAsync("chat/completions", big);

        AssertError(answer, 413, "invalid_request_error", "body", "invalid_argument");
        Assert.Contains($"{BodyLimit} bytes (Appliance:OpenAi:MaxRequestBodyBytes)", answer.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task QuotaHit_429WithRetryAfter()
    {
        using var http = fixture.Http(fixture.Quota.Key);
        Assert.Equal(200, (await http.PostAsync("chat/completions", Chat(extra: ""","temperature":0"""))).Status); // > 10 tokens: the minute's quota is gone

        var refused = await http.PostAsync("chat/completions", Chat());

        AssertError(refused, 429, "rate_limit_error", null, "quota_tokens");
        var seconds = int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        var ms = long.Parse(refused.Headers.GetValues("retry-after-ms").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ms, 6_000, 600_000); // at 10 tokens a minute, at least one token's refill
        Assert.Equal((long)Math.Ceiling(ms / 1000.0), seconds);
        await AssertStillServingAsync();
    }

    private static void AssertError(OpenAiHttp.Answer answer, int status, string type, string? param, string code)
    {
        Assert.True(status == answer.Status, $"HTTP {answer.Status}: {answer.Text}");
        Assert.Equal(type, answer.Error.GetProperty("type").GetString());
        Assert.Equal(param, answer.Param);
        Assert.Equal(code, answer.Code);
        Assert.DoesNotContain(Secret, answer.Text, StringComparison.Ordinal);
        Assert.StartsWith("req_", answer.Headers.GetValues("x-request-id").Single(), StringComparison.Ordinal);
    }

    private async Task AssertStillServingAsync()
    {
        using var http = fixture.Http(fixture.App.Key);
        Assert.Equal(200, (await http.PostAsync("chat/completions", Chat())).Status);
    }
}
