namespace Appliance.Scheduling.Tests;

public sealed class StopSequenceMatcherTests
{
    [Fact]
    public void Append_NoStops_PassesTextThrough()
    {
        var m = new StopSequenceMatcher([]);
        Assert.Equal("abc", m.Append("abc"));
    }

    [Fact]
    public void Append_PossibleStopPrefix_IsHeldBackUntilDecided()
    {
        var m = new StopSequenceMatcher(["</end>"]);

        Assert.Equal("text ", m.Append("text </e"));
        Assert.Equal("</ex more", m.Append("x more"));
        Assert.False(m.Stopped);
    }

    [Fact]
    public void Append_StopSpansPieces_CutsBeforeIt()
    {
        var m = new StopSequenceMatcher(["STOP", "。"]);

        Assert.Equal("患者", m.Append("患者ST"));
        Assert.Equal(string.Empty, m.Append("OP rest"));
        Assert.True(m.Stopped);
        Assert.Equal(string.Empty, m.Flush());
    }

    [Fact]
    public void Append_EarliestOfSeveralStops_Wins()
    {
        var m = new StopSequenceMatcher(["b", "a"]);
        Assert.Equal("x", m.Append("xab"));
    }

    [Fact]
    public void Flush_HeldTextThatNeverBecameAStop_IsReturned()
    {
        var m = new StopSequenceMatcher(["###"]);

        Assert.Equal("a", m.Append("a##"));
        Assert.Equal("##", m.Flush());
    }
}
