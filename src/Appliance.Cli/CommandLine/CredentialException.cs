namespace Appliance.Cli.CommandLine;

/// <summary>A credential option cannot be used. The message names the option and never holds a secret.</summary>
internal sealed class CredentialException : Exception
{
    public CredentialException(string message)
        : base(message)
    {
    }

    public CredentialException()
    {
    }

    public CredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
