namespace Appliance.Server.OpenAiApi;

/// <summary>What every object of one response repeats: its id (the call's request id, as in the audit log), creation time (Unix seconds) and model.</summary>
internal sealed record CompletionIds(string Id, long Created, string Model);
