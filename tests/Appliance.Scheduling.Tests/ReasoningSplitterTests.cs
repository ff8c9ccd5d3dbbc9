using Appliance.Core.Models;

namespace Appliance.Scheduling.Tests;

public sealed class ReasoningSplitterTests
{
    private static readonly ReasoningMarkers Think = new("<think>", "</think>");

    private static (string Reasoning, string Answer) Run(ReasoningSplitter splitter, IEnumerable<string> pieces)
    {
        var reasoning = string.Empty;
        var answer = string.Empty;
        foreach (var split in pieces.Select(splitter.Append))
        {
            reasoning += split.Reasoning;
            answer += split.Answer;
        }

        var rest = splitter.Flush();
        return (reasoning + rest.Reasoning, answer + rest.Answer);
    }

    [Fact]
    public void Append_MarkersOneCharacterAtATime_AreFoundAndNeverEmitted()
    {
        var text = "  <think>plan</think> answer";

        var (reasoning, answer) = Run(new ReasoningSplitter(Think, openedByPrompt: false), text.Select(c => c.ToString()));

        Assert.Equal("plan", reasoning);
        Assert.Equal("answer", answer);
    }

    [Theory]
    [InlineData("<thinking> is a word", "<thinking> is a word")]
    [InlineData("answer first <think>x</think>", "answer first <think>x</think>")]
    [InlineData("<thi", "<thi")]
    public void Append_NoStartMarkerAtTheStart_IsAllAnswer(string text, string expected)
    {
        var (reasoning, answer) = Run(new ReasoningSplitter(Think, openedByPrompt: false), [text]);

        Assert.Equal(string.Empty, reasoning);
        Assert.Equal(expected, answer);
    }

    [Fact]
    public void Flush_UnterminatedReasoning_StaysReasoning()
    {
        var (reasoning, answer) = Run(new ReasoningSplitter(Think, openedByPrompt: true), ["still thinking </thi"]);

        Assert.Equal("still thinking </thi", reasoning);
        Assert.Equal(string.Empty, answer);
    }

    [Fact]
    public void ForceEnd_ReleasesHeldTextAsReasoningAndSwitchesToTheAnswer()
    {
        var splitter = new ReasoningSplitter(Think, openedByPrompt: true);
        Assert.Equal("a ", splitter.Append("a </").Reasoning);

        Assert.Equal("</", splitter.ForceEnd());
        Assert.Equal(ReasoningPhase.Answer, splitter.Phase);
        Assert.Equal("done", splitter.Append("\ndone").Answer);
    }

    [Theory]
    [InlineData("Triage.<think>\n", true)]
    [InlineData("Triage.<think>x", false)]
    [InlineData("Triage.", false)]
    public void OpenedBy_PromptEndingWithTheStartMarker_OpensTheReasoning(string prompt, bool opened) =>
        Assert.Equal(opened, ReasoningSplitter.OpenedBy(Think, prompt));
}
