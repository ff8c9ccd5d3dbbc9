namespace Appliance.Cli.Formatting;

/// <summary>What a piece of the status screen means, so a terminal can colour it.</summary>
internal enum ScreenStyle
{
    Plain,
    Good,
    Warning,
    Bad,
}
