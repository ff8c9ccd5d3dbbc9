namespace Appliance.Cli.Commands;

/// <summary>
/// What a command handler writes to and measures with. The CLI passes the console; a test passes
/// <see cref="StringWriter"/>s and the address of the server it started.
/// </summary>
/// <param name="Output">Standard output: generated text and tables (the data a script pipes on).</param>
/// <param name="Error">Standard error: progress, summaries and errors.</param>
/// <param name="TimeProvider">Clock for timings and for waits between health polls.</param>
/// <param name="ServerAddress">The server's address, used only in messages.</param>
public sealed record CommandContext(TextWriter Output, TextWriter Error, TimeProvider TimeProvider, string ServerAddress)
{
    /// <summary>
    /// What credentials the calls carry (their sources, e.g. "sent an API key from --api-key-file
    /// /etc/his/appliance.key"; never a secret), for the hint after the server refuses them.
    /// Null when unknown.
    /// </summary>
    public string? Credentials { get; init; }

    /// <summary>True when the calls present a client certificate (--cert-file), so a refused handshake is about it.</summary>
    public bool PresentsClientCertificate { get; init; }
}
