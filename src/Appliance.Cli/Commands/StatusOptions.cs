namespace Appliance.Cli.Commands;

/// <summary>How <see cref="StatusCommand"/> samples, refreshes and draws.</summary>
/// <param name="Interval">Time between the two scrapes of the metrics page that request rates are computed from.</param>
/// <param name="Watch">Redraw the screen this often until Ctrl+C; null draws it once.</param>
/// <param name="Wait">First wait this long at most for every model to finish loading, with a progress bar; null does not wait.</param>
/// <param name="OutputIsTerminal">Standard output is a terminal: clear it between screens in watch mode.</param>
/// <param name="ErrorIsTerminal">Standard error is a terminal: redraw the progress bar in place.</param>
/// <param name="Colour">Colour states and problems (a terminal, and NO_COLOR not set).</param>
internal sealed record StatusOptions(
    TimeSpan Interval,
    TimeSpan? Watch = null,
    TimeSpan? Wait = null,
    bool OutputIsTerminal = false,
    bool ErrorIsTerminal = false,
    bool Colour = false)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);
}
