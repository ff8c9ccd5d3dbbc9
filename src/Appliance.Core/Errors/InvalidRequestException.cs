namespace Appliance.Core.Errors;

/// <summary>A request field is missing or out of range (gRPC <c>InvalidArgument</c>).</summary>
public sealed class InvalidRequestException : ApplianceException
{
    /// <summary>Creates the error for <paramref name="field"/> (the proto field path, e.g. <c>sampling.temperature</c>).</summary>
    public InvalidRequestException(string field, string problem)
        : base(ErrorReasons.InvalidArgument, $"{field}: {problem}")
    {
        Field = field;
        Problem = problem;
    }

    /// <summary>What is wrong with the field, without its name (the message is <c>field: problem</c>); names limits and allowed values, never the value sent.</summary>
    public string Problem { get; }

    /// <summary>Proto field path of the offending field.</summary>
    public string Field { get; }
}
