using Microsoft.Extensions.Logging;

namespace Appliance.Grounding;

/// <summary>
/// The grounding checker's log messages (event ids 9100-9199, see Appliance.Core.Logging.LogEventIds).
/// They speak of lexicon files and counts only: the texts the checker reads are never logged.
/// </summary>
internal static partial class GroundingLog
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Grounding: drug lexicon loaded, {DrugCount} drugs and {NameCount} names from {FileCount} files")]
    public static partial void LexiconLoaded(ILogger logger, int drugCount, int nameCount, int fileCount);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Grounding: no site lexicon folder at {Folder}; only the shipped drug list is used")]
    public static partial void NoSiteLexiconFolder(ILogger logger, string folder);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Grounding: {File}:{Line}: {Problem}; the line is skipped")]
    public static partial void LexiconLineSkipped(ILogger logger, string file, int line, string problem);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "Grounding: lexicon file or folder {File} cannot be read ({Error}); it is skipped")]
    public static partial void LexiconFileUnreadable(ILogger logger, string file, string error);
}
