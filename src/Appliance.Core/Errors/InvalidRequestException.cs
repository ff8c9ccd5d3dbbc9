namespace Appliance.Core.Errors;

/// <summary>A request field is missing or out of range (gRPC <c>InvalidArgument</c>).</summary>
public sealed class InvalidRequestException : ApplianceException
{
    /// <summary>Creates the error for <paramref name="field"/> (the proto field path, e.g. <c>sampling.temperature</c>).</summary>
    public InvalidRequestException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
    }

    /// <summary>Proto field path of the offending field.</summary>
    public string Field { get; }
}
