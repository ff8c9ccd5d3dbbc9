namespace Appliance.Cli.Tests.Commands;

/// <summary>The hashing progress of <c>models add</c> on standard error.</summary>
public sealed class HashProgressTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void Report_NotATerminal_WritesALineAtEachQuarterAndNoneAtTheEnd()
    {
        var error = new StringWriter();
        var progress = new HashProgress(error, "qwen.gguf", live: false);

        for (var done = 0L; done <= 4 * GiB; done += GiB / 8)
        {
            progress.Report(done, 4 * GiB);
        }

        progress.Clear();
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["hashing qwen.gguf: 25 % (1 GiB of 4 GiB)", "hashing qwen.gguf: 50 % (2 GiB of 4 GiB)", "hashing qwen.gguf: 75 % (3 GiB of 4 GiB)"],
            lines);
    }

    [Fact]
    public void Report_Terminal_RedrawsABarInPlaceAndClearErasesIt()
    {
        var error = new StringWriter();
        var progress = new HashProgress(error, "qwen.gguf", live: true);

        progress.Report(GiB, 4 * GiB);
        progress.Report(4 * GiB, 4 * GiB);
        var drawn = error.ToString();
        progress.Clear();

        Assert.StartsWith("\rhashing qwen.gguf [#######.......................]  25 % (1 GiB of 4 GiB)", drawn, StringComparison.Ordinal);
        Assert.Contains("\rhashing qwen.gguf [##############################] 100 % (4 GiB of 4 GiB)", drawn, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.ToString());
        Assert.EndsWith("\r", error.ToString(), StringComparison.Ordinal);
    }
}
