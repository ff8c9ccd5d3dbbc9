using Appliance.Core.Errors;

namespace Appliance.Scheduling;

/// <summary>Maps a refusal to the reason observers record.</summary>
internal static class RejectionReasons
{
    public static RejectionReason Of(ApplianceException error) => error switch
    {
        ModelNotFoundException => RejectionReason.ModelNotFound,
        ModelUnavailableException => RejectionReason.ModelUnavailable,
        CapacityExceededException => RejectionReason.QueueFull,
        _ => RejectionReason.Invalid,
    };
}
