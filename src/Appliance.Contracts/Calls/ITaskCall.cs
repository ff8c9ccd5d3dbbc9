using Google.Protobuf.Collections;

namespace Appliance.Contracts.V1;

/// <summary>
/// A request that runs a clinical task (<see cref="RunTaskRequest"/>, <see cref="RunTaskStreamRequest"/>,
/// the same fields under the same numbers): a door reads the task and the selection attributes
/// before the handler runs, so the call pipeline decides the variant, its model and its priority
/// once, with the caller's identity; one mapping reads the inputs of both.
/// </summary>
public interface ITaskCall : IScheduledCall
{
    /// <summary>A variant id or a family; empty when not set.</summary>
    string Task { get; }

    /// <summary>The request's attributes for selection.</summary>
    MapField<string, string> Attributes { get; }

    /// <summary>The inputs by field name (patient data).</summary>
    MapField<string, string> Inputs { get; }

    /// <summary>The first attempt's seed; 0 for the template's.</summary>
    uint Seed { get; }
}
