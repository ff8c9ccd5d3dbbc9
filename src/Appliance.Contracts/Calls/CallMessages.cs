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

/// <summary>GetModelMetadata.</summary>
public sealed partial class GetModelMetadataRequest : IModelCall;
