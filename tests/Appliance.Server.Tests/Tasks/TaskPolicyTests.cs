using Appliance.Contracts.V1;
using Google.Rpc;
using Grpc.Core;

namespace Appliance.Server.Tests.Tasks;

/// <summary>
/// The grounding policies over gRPC with a canned hallucinated answer ("Aspirin 300 mg" when the note
/// says 100 mg): annotate returns it with the report, reject refuses it naming the items and no
/// text, retry generates once more and then annotates.
/// </summary>
[Collection(TasksServerCollection.Name)]
public sealed class TaskPolicyTests(TasksServerFixture server)
{
    private const string Invented = """{"summary":"Aspirin 300 mg"}""";
    private const string Faithful = """{"summary":"Aspirin 100 mg"}""";

    private readonly Contracts.V1.Tasks.TasksClient _tasks = new(server.Channel);

    /// <summary>A note unique to the test, so the canned answers of one test never serve another.</summary>
    private static string Note() => $"Aspirin 100 mg daily since admission ({Guid.NewGuid():N}) {RoutingGroundingChecker.Tag}.";

    private static RunTaskRequest Run(string task, string note) => new() { Task = task, Inputs = { ["note"] = note } };

    [Fact]
    public async Task Annotate_InventedDose_ReturnedWithUngroundedItem()
    {
        var note = Note();
        server.Answers.Add(note, Invented);

        var response = await _tasks.RunTaskAsync(Run("policy.annotate", note));

        Assert.Equal((PolicyOutcome.Annotated, 1, Invented), (response.PolicyOutcome, response.Attempts, response.OutputJson));
        var item = Assert.Single(response.Grounding.Items);
        Assert.Equal(("Aspirin 300 mg", "/summary", false, SubstringGroundingChecker.Reason), (item.Text, item.Location.Name, item.Grounded, item.Reason));
        Assert.Null(item.Evidence);
    }

    [Fact]
    public async Task Reject_InventedDose_FailedPreconditionListingItemsWithoutText()
    {
        var note = Note();
        server.Answers.Add(note, Invented);

        var error = await Assert.ThrowsAsync<RpcException>(() => _tasks.RunTaskAsync(Run("policy.reject", note)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.DoesNotContain("300", error.Status.Detail, StringComparison.Ordinal);
        var details = error.GetRpcStatus()!;
        Assert.Equal("UNGROUNDED_OUTPUT", details.GetDetail<ErrorInfo>().Reason);
        var violation = Assert.Single(details.GetDetail<PreconditionFailure>().Violations);
        Assert.Equal(("DOSE", "/summary", SubstringGroundingChecker.Reason), (violation.Type, violation.Subject, violation.Description));
        Assert.DoesNotContain("Aspirin", details.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_FaithfulAnswer_Returned()
    {
        var note = Note();
        server.Answers.Add(note, Faithful);

        var response = await _tasks.RunTaskAsync(Run("policy.reject", note));

        Assert.Equal((PolicyOutcome.Grounded, 1, 1), (response.PolicyOutcome, response.Attempts, response.Grounding.GroundedCount));
    }

    [Fact]
    public async Task Retry_InventedThenFaithful_SecondAnswerReturnedGrounded()
    {
        var note = Note();
        server.Answers.Add(note, Invented, Faithful);

        var response = await _tasks.RunTaskAsync(Run("policy.retry", note));

        Assert.Equal((PolicyOutcome.RetriedGrounded, 2, Faithful, 0), (response.PolicyOutcome, response.Attempts, response.OutputJson, response.Grounding.UngroundedCount));
    }

    [Fact]
    public async Task Retry_InventedTwice_OneMoreAttemptThenAnnotated()
    {
        var note = Note();
        server.Answers.Add(note, Invented, Invented, Faithful); // a third attempt would be faithful: there is none

        var response = await _tasks.RunTaskAsync(Run("policy.retry", note));

        Assert.Equal((PolicyOutcome.RetriedAnnotated, 2, Invented, 1), (response.PolicyOutcome, response.Attempts, response.OutputJson, response.Grounding.UngroundedCount));
    }

    [Fact]
    public async Task RunTaskStream_Retry_PiecesOfBothAttemptsThenFinal()
    {
        var note = Note();
        server.Answers.Add(note, Invented, Faithful);
        using var call = _tasks.RunTaskStream(new RunTaskStreamRequest { Task = "policy.retry", Inputs = { ["note"] = note } });

        var messages = new List<RunTaskStreamResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            messages.Add(message);
        }

        Assert.Equal(Invented, string.Concat(messages.Where(m => m.Piece?.Attempt == 1).Select(m => m.Piece.Text)));
        Assert.Equal(Faithful, string.Concat(messages.Where(m => m.Piece?.Attempt == 2).Select(m => m.Piece.Text)));
        Assert.Equal(PolicyOutcome.RetriedGrounded, messages[^1].Final.PolicyOutcome);
    }

    [Fact]
    public async Task RunTaskStream_Reject_NoPieceOfARefusedAnswer()
    {
        var note = Note();
        server.Answers.Add(note, Invented);
        using var call = _tasks.RunTaskStream(new RunTaskStreamRequest { Task = "policy.reject", Inputs = { ["note"] = note } });

        var pieces = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var message in call.ResponseStream.ReadAllAsync())
            {
                pieces += message.Piece is null ? 0 : 1;
            }
        });

        Assert.Equal((StatusCode.FailedPrecondition, 0), (error.StatusCode, pieces));
    }

    [Fact]
    public async Task RunTask_SyntheticModel_RealEngineSchemaValidAnswerAndReport()
    {
        var response = await _tasks.RunTaskAsync(new RunTaskRequest { Task = "synthetic.smoke", Inputs = { ["note"] = $"Aspirin 100 mg daily. {RoutingGroundingChecker.Tag}" }, Seed = 3 });

        Assert.Equal(ApplianceServerFixture.ModelId, response.ModelId);
        Assert.Matches("^\\{\\s*\"summary\"\\s*:\\s*\"[A-Za-z0-9 ]{1,24}\"\\s*\\}$", response.OutputJson);
        Assert.Single(response.Grounding.Items);
        Assert.Contains(response.PolicyOutcome, new[] { PolicyOutcome.Grounded, PolicyOutcome.Annotated });
    }
}
