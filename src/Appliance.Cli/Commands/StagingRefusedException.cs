namespace Appliance.Cli.Commands;

/// <summary>
/// <c>models add</c> will not stage the file as asked; raised before anything is written. The
/// message names the argument or option at fault (FILE, --id, --kind, --vocabulary, --out).
/// </summary>
internal sealed class StagingRefusedException : Exception
{
    public StagingRefusedException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public StagingRefusedException(string message)
        : base(message)
    {
    }

    public StagingRefusedException()
    {
    }

    public StagingRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The process exit code: <see cref="ExitCodes.InvalidArgument"/> unless said otherwise.</summary>
    public int ExitCode { get; } = ExitCodes.InvalidArgument;
}
