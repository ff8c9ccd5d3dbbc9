using System.Text.Json.Serialization;

namespace Appliance.Core.Audit;

/// <summary>
/// One line of the audit log: who called which method on which model, when, and how it ended.
/// </summary>
/// <remarks>
/// PHI-free by construction: the record holds identifiers, counts, timings and codes only.
/// NEVER add a field for prompt text, generated output, embeddings, tensor data or any other
/// free text the caller sent; the only caller-chosen string is <see cref="ClientRequestId"/>
/// (an id of at most 128 ASCII letters, digits and <c>. _ - :</c>, enforced by <see cref="ClientRequestIds"/>). A test pins the set of string properties.
/// Property order is the canonical order the hash is computed over: only ever append new fields
/// before <see cref="Hash"/>, and bump <see cref="CurrentSchema"/>.
/// </remarks>
public sealed record AuditRecord
{
    /// <summary>Schema version written by this build.</summary>
    /// <remarks>2 added <see cref="KeptSequence"/> and <see cref="KeptPrev"/> (retention checkpoints, issue 13); 3 the task fields (issue 16).</remarks>
    public const int CurrentSchema = 3;

    /// <summary>The <see cref="Prev"/> of the first record of a new chain: 64 zeros.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Schema version.</summary>
    [JsonPropertyName("v")]
    public int Schema { get; init; } = CurrentSchema;

    /// <summary>Sequence number: the previous record's plus one, across files and restarts.</summary>
    [JsonPropertyName("seq")]
    public long Sequence { get; init; }

    /// <summary>When the event happened (UTC).</summary>
    [JsonPropertyName("ts")]
    public DateTimeOffset Timestamp { get; init; }

    /// <summary><c>start</c> or <c>end</c> of a call.</summary>
    [JsonPropertyName("event")]
    public required string Event { get; init; }

    /// <summary>The server's request id of the call, in both of its records: what the caller received as <c>x-request-id</c>.</summary>
    [JsonPropertyName("request_id")]
    public string? RequestId { get; init; }

    /// <summary>The caller's correlation id (an id, see <see cref="ClientRequestIds"/>; one that is not is refused and never recorded).</summary>
    [JsonPropertyName("client_request_id")]
    public string? ClientRequestId { get; init; }

    /// <summary>Calling system as identified (certificate or API key); <c>anonymous</c> for calls without credentials.</summary>
    [JsonPropertyName("client")]
    public string? Client { get; init; }

    /// <summary>gRPC method, e.g. <c>/appliance.v1.Generation/Complete</c>.</summary>
    [JsonPropertyName("method")]
    public required string Method { get; init; }

    /// <summary>Model id named by the request.</summary>
    [JsonPropertyName("model_id")]
    public string? ModelId { get; init; }

    /// <summary>sha256 of the model's weights from its manifest, when the model is configured.</summary>
    [JsonPropertyName("model_sha256")]
    public string? ModelSha256 { get; init; }

    /// <summary>Effective priority class (after the client's ceiling).</summary>
    [JsonPropertyName("priority")]
    public string? Priority { get; init; }

    /// <summary>Prompt tokens (end only, when known).</summary>
    [JsonPropertyName("prompt_tokens")]
    public int? PromptTokens { get; init; }

    /// <summary>Generated tokens (end only, when known).</summary>
    [JsonPropertyName("completion_tokens")]
    public int? CompletionTokens { get; init; }

    /// <summary>Milliseconds spent waiting in the queue (end only, when known).</summary>
    [JsonPropertyName("queue_ms")]
    public long? QueueMilliseconds { get; init; }

    /// <summary>Milliseconds from arrival to the last response (end only, when known).</summary>
    [JsonPropertyName("total_ms")]
    public long? TotalMilliseconds { get; init; }

    /// <summary>Final gRPC status code name, e.g. <c>OK</c>, <c>NotFound</c> (end only).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Finish reason of a generation (end only, when known).</summary>
    [JsonPropertyName("finish_reason")]
    public string? FinishReason { get; init; }

    /// <summary>Authorisation decision.</summary>
    [JsonPropertyName("authz")]
    public required string Authorization { get; init; }

    /// <summary>
    /// Retention checkpoint only (see <see cref="AuditCheckpoint"/>): the sequence of the first record
    /// kept after older files were deleted; every record before it was removed by retention.
    /// </summary>
    [JsonPropertyName("kept_seq")]
    public long? KeptSequence { get; init; }

    /// <summary>Retention checkpoint only: the <c>prev</c> of the first record kept (the hash of the last record removed).</summary>
    [JsonPropertyName("kept_prev")]
    public string? KeptPrev { get; init; }

    /// <summary>A task run (RunTask, RunTaskStream): the variant's id (an id, from the appliance's own templates, never the caller's text).</summary>
    [JsonPropertyName("task_id")]
    public string? TaskId { get; init; }

    /// <summary>A task run: the variant's version as its template file says (checked to be an id-shaped text at load).</summary>
    [JsonPropertyName("task_version")]
    public string? TaskVersion { get; init; }

    /// <summary>A task run: sha256 (lowercase hex) of the template file that ran.</summary>
    [JsonPropertyName("task_sha256")]
    public string? TaskSha256 { get; init; }

    /// <summary>A task run (end only, when an answer was checked): how many answers were generated (1, or 2 after a retry).</summary>
    [JsonPropertyName("task_attempts")]
    public int? TaskAttempts { get; init; }

    /// <summary>A task run (end only, when an answer was checked): ungrounded items of the last answer checked (a count, never the items).</summary>
    [JsonPropertyName("ungrounded_items")]
    public int? UngroundedItems { get; init; }

    /// <summary>Hash of the previous record (lowercase hex), <see cref="GenesisHash"/> for the first.</summary>
    [JsonPropertyName("prev")]
    public string Prev { get; init; } = GenesisHash;

    /// <summary>SHA-256 (lowercase hex) of this record's canonical JSON without <c>hash</c>; see <see cref="AuditChain"/>.</summary>
    [JsonPropertyName("hash")]
    public string? Hash { get; init; }
}
