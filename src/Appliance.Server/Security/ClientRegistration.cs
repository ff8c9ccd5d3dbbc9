using Appliance.Core.Generation;
using Appliance.Scheduling;

namespace Appliance.Server.Security;

/// <summary>
/// One calling system as hospital IT configures it (<c>Appliance:Clients:&lt;id&gt;</c>): who it
/// is (credentials), what it may call, and how the scheduler treats it. Scheduling asks for the
/// last part through <see cref="IClientPolicies"/> (<see cref="ToPolicy"/>); it never sees credentials.
/// </summary>
public sealed class ClientRegistration
{
    /// <summary>Name shown to operators (the id is what metrics and the audit log use).</summary>
    public string? DisplayName { get; set; }

    /// <summary>Stored API key hashes (<c>hmac-sha256$salt$hash</c>), at most two so a key can be rotated without downtime.</summary>
    public List<string> ApiKeyHashes { get; set; } = [];

    /// <summary>Client certificate thumbprints, SHA-1 (as <c>openssl x509 -fingerprint</c> and Windows show) or SHA-256, hex, colons optional.</summary>
    public List<string> CertificateThumbprints { get; set; } = [];

    /// <summary>Client certificate subjects, full distinguished names (<c>CN=his-01, O=Hospital</c>).</summary>
    public List<string> CertificateSubjects { get; set; } = [];

    /// <summary>DNS names in the client certificate's subject alternative name.</summary>
    public List<string> CertificateDnsNames { get; set; } = [];

    /// <summary>Model ids this client may use; <c>*</c> for all. Required.</summary>
    public List<string> AllowedModels { get; set; } = [];

    /// <summary>
    /// Methods this client may call (<c>Generate</c>, <c>Complete</c>, <c>Embed</c>, <c>Infer</c>,
    /// …, or <c>Service/Method</c>, <c>Service/*</c>); empty (the default) or <c>*</c> for all.
    /// (Empty rather than a default list: the configuration binder appends to a list's initial items.)
    /// </summary>
    public List<string> AllowedMethods { get; set; } = [];

    /// <summary>
    /// Clinical tasks this client may run (RunTask, GetTask, ListTasks): variant ids
    /// (<c>discharge.summary.zh</c>), families (<c>discharge.summary</c>, every variant) or <c>*</c>;
    /// empty (the default) for every task whose model the client may use (<see cref="AllowedModels"/>
    /// still applies to the task's model either way).
    /// </summary>
    public List<string> AllowedTasks { get; set; } = [];

    /// <summary>
    /// Roles beyond calling models: <c>admin</c> lets the client call ModelAdmin (load, unload and
    /// swap models; <c>appliancectl models load|unload|reload</c>). Empty by default: a client is never
    /// an administrator unless IT says so, whatever its <see cref="AllowedMethods"/>.
    /// </summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Whether the client has the <c>admin</c> role.</summary>
    public bool IsAdmin => Roles.Contains(ClientRoles.Admin);

    /// <summary>Whether <see cref="AllowedTasks"/> and <see cref="AllowedModels"/> let this client run <paramref name="task"/> (a model chosen by kind counts as allowed here; the run checks the model it takes).</summary>
    public bool MayRun(Appliance.Tasks.Templates.TaskTemplate task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var taskAllowed = AllowedTasks.Count == 0 || AllowedTasks.Contains("*") || AllowedTasks.Contains(task.Id) || AllowedTasks.Contains(task.Family);
        var modelAllowed = task.Model.Id is not { } model || AllowedModels.Contains("*") || AllowedModels.Contains(model);
        return taskAllowed && modelAllowed;
    }

    /// <summary>Highest priority class the client may ask for; higher requests are lowered to it. Default Normal: urgent is granted, not assumed.</summary>
    public Priority PriorityCeiling { get; set; } = Priority.Normal;

    /// <summary>Fair-share weight among clients of the same priority class.</summary>
    public double Weight { get; set; } = 1;

    /// <summary>Most of this client's requests holding engine slots at once, per model (more wait their turn); null = no cap.</summary>
    public int? MaxConcurrent { get; set; }

    /// <summary>Most calls this client may have in flight at once over all models; beyond it calls get ResourceExhausted. Null = no quota.</summary>
    public int? MaxConcurrentCalls { get; set; }

    /// <summary>Token-rate quota: prompt plus generated tokens per minute (bursts up to one minute's worth). Null = no quota.</summary>
    public long? TokensPerMinute { get; set; }

    /// <summary>Whether any credential is configured.</summary>
    public bool HasCredentials => ApiKeyHashes.Count > 0 || CertificateThumbprints.Count > 0 || CertificateSubjects.Count > 0 || CertificateDnsNames.Count > 0;

    /// <summary>What the scheduler needs.</summary>
    public ClientPolicy ToPolicy() => new() { Weight = Weight, MaxConcurrent = MaxConcurrent, PriorityCeiling = PriorityCeiling };
}

/// <summary>Binding target of <c>Appliance:Clients</c> (and the anonymous switch of <c>Appliance:Security</c>).</summary>
public sealed class ClientsOptions
{
    /// <summary>Configuration section of the clients.</summary>
    public const string SectionName = "Appliance:Clients";

    /// <summary>Calling systems by id.</summary>
    public Dictionary<string, ClientRegistration> Clients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// What the section's shape check found (unknown keys, values the binder cannot convert), each naming
    /// its key; reported by the validator. With a bad value <see cref="Clients"/> is left unbound.
    /// </summary>
    public IReadOnlyList<string> ShapeProblems { get; set; } = [];
}
