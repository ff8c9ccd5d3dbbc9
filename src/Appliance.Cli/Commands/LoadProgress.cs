using System.Globalization;
using Appliance.Cli.Formatting;

namespace Appliance.Cli.Commands;

/// <summary>
/// The progress bar of <c>status --wait</c> on standard error. The server reports no load progress
/// per model (ModelInfo has a state, not a percentage), so the bar counts models that finished
/// loading (ready or failed) out of all of them, with the time waited: redrawn in place on a terminal,
/// one line per change when standard error is a file.
/// </summary>
internal sealed class LoadProgress
{
    private const int BarWidth = 20;
    private readonly ProgressLine _line;
    private readonly TimeSpan _wait;

    public LoadProgress(TextWriter error, TimeSpan wait, bool live)
    {
        _line = new ProgressLine(error, live);
        _wait = wait;
    }

    /// <summary>Shows <paramref name="done"/> of <paramref name="total"/> models loaded, naming those still loading.</summary>
    public Task ReportLoadingAsync(int done, int total, IReadOnlyList<string> loading, TimeSpan elapsed, CancellationToken cancellationToken) =>
        _line.ShowAsync(LoadingLine(done, total, loading, elapsed, _wait), $"{done}/{total}", cancellationToken);

    /// <summary>Shows that the server does not answer yet (it may still be starting).</summary>
    public Task ReportUnreachableAsync(TimeSpan elapsed, CancellationToken cancellationToken) =>
        _line.ShowAsync(
            string.Create(CultureInfo.InvariantCulture, $"waiting for the server to answer: {elapsed.TotalSeconds:0} s of {_wait.TotalSeconds:0} s"),
            "unreachable",
            cancellationToken);

    /// <summary>
    /// "loading models 1/3 [######..............] 42 s of 600 s: tiny-long, x", at most 79 characters
    /// (a full 80-column line would wrap on some terminals before the carriage return).
    /// </summary>
    public static string LoadingLine(int done, int total, IReadOnlyList<string> loading, TimeSpan elapsed, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(loading);
        var filled = total > 0 ? Math.Clamp(done * BarWidth / total, 0, BarWidth) : BarWidth;
        var bar = new string('#', filled) + new string('.', BarWidth - filled);
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"loading models {done}/{total} [{bar}] {elapsed.TotalSeconds:0} s of {wait.TotalSeconds:0} s");
        if (loading.Count > 0)
        {
            line += ": " + string.Join(", ", loading);
        }

        return ScreenText.Truncate(line, ScreenText.Width - 1);
    }

    /// <summary>Erases the live line so what follows starts on a clean line.</summary>
    public Task ClearAsync() => _line.ClearAsync();
}
