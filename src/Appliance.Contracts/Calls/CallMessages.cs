namespace Appliance.Contracts.V1;

// The generated request messages, marked with what a door reads of them before the handler runs.
// One file for all of them (an exception to one type per file): each is a one-line partial of a
// class that Grpc.Tools generates from the .proto files.

/// <summary>Generate.</summary>
public sealed partial class GenerateRequest : IScheduledCall, IGenerationInput, IReasoningCall;

/// <summary>Complete (GenerateRequest's fields under the same numbers).</summary>
public sealed partial class CompleteRequest : IScheduledCall, IGenerationInput, IReasoningCall;

/// <summary>CountTokens (the input half of GenerateRequest).</summary>
public sealed partial class CountTokensRequest : IGenerationInput;

/// <summary>Embed.</summary>
public sealed partial class EmbedRequest : IScheduledCall;

/// <summary>Infer.</summary>
public sealed partial class InferRequest : IScheduledCall;

/// <summary>GetModel.</summary>
public sealed partial class GetModelRequest : IModelCall;

/// <summary>ModelAdmin.LoadModel.</summary>
public sealed partial class LoadModelRequest : IModelCall;

/// <summary>ModelAdmin.UnloadModel.</summary>
public sealed partial class UnloadModelRequest : IModelCall;

/// <summary>ModelAdmin.ReloadModel.</summary>
public sealed partial class ReloadModelRequest : IModelCall;

/// <summary>GetModelMetadata.</summary>
public sealed partial class GetModelMetadataRequest : IModelCall;

/// <summary>RunTask: the model comes from the task's template, not the request.</summary>
public sealed partial class RunTaskRequest : ITaskCall
{
    /// <summary>Empty: the task's template names the model (the call pipeline resolves it from <see cref="Task"/>).</summary>
    string IModelCall.ModelId => string.Empty;
}

/// <summary>RunTaskStream (RunTaskRequest's fields under the same numbers).</summary>
public sealed partial class RunTaskStreamRequest : ITaskCall
{
    /// <summary>Empty: the task's template names the model.</summary>
    string IModelCall.ModelId => string.Empty;
}

/// <summary>CheckGrounding (no model, no queue).</summary>
public sealed partial class CheckGroundingRequest : IScheduledCall
{
    /// <summary>Empty: the check runs no model.</summary>
    string IModelCall.ModelId => string.Empty;

    /// <summary>Unspecified: the check queues nothing.</summary>
    Priority IScheduledCall.Priority => Priority.Unspecified;
}
