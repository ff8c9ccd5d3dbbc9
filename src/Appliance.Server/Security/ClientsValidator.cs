using Appliance.Core.Security;

namespace Appliance.Server.Security;

/// <summary>
/// Checks <c>Appliance:Clients</c> and names the key of every problem. Run at start-up (a
/// problem stops the start) and on every reload (a problem keeps the previous clients).
/// </summary>
internal static class ClientsValidator
{
    /// <summary>Most stored keys per client: the current one and the one being rotated in.</summary>
    public const int MaxApiKeys = 2;

    public static List<string> Validate(ClientsOptions options, bool allowAnonymous)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>(options.ShapeProblems);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, client) in options.Clients)
        {
            var key = $"{ClientsOptions.SectionName}:{id}";
            if (!ClientId.IsValid(id))
            {
                failures.Add($"{key}: the client id must be {ClientId.Rule}");
            }

            CheckCredentials(key, id, client, allowAnonymous, owners, failures);
            CheckAccess(key, client, failures);
            CheckLimits(key, client, failures);
        }

        return failures;
    }

    private static void CheckCredentials(
        string key, string id, ClientRegistration client, bool allowAnonymous, Dictionary<string, string> owners, List<string> failures)
    {
        if (!client.HasCredentials && !allowAnonymous)
        {
            failures.Add($"{key}: no credentials: set ApiKeyHashes or CertificateThumbprints, CertificateSubjects or CertificateDnsNames");
        }

        if (client.ApiKeyHashes.Count > MaxApiKeys)
        {
            failures.Add($"{key}:ApiKeyHashes: at most {MaxApiKeys} keys (the current one and its replacement during rotation), got {client.ApiKeyHashes.Count}");
        }

        for (var i = 0; i < client.ApiKeyHashes.Count; i++)
        {
            if (ApiKeyHash.Parse(client.ApiKeyHashes[i], out var problem) is null)
            {
                failures.Add($"{key}:ApiKeyHashes:{i}: {problem}");
            }
        }

        for (var i = 0; i < client.CertificateThumbprints.Count; i++)
        {
            var thumbprint = ClientCertificates.NormaliseThumbprint(client.CertificateThumbprints[i]);
            if (thumbprint is null)
            {
                failures.Add($"{key}:CertificateThumbprints:{i}: must be a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) fingerprint");
            }
            else
            {
                Claim(owners, "thumbprint " + thumbprint, id, $"{key}:CertificateThumbprints:{i}", failures);
            }
        }

        for (var i = 0; i < client.CertificateSubjects.Count; i++)
        {
            var subject = ClientCertificates.NormaliseSubject(client.CertificateSubjects[i]);
            if (subject is null)
            {
                failures.Add($"{key}:CertificateSubjects:{i}: not a distinguished name (write it like CN=his-01, O=Example Hospital)");
            }
            else
            {
                Claim(owners, "subject " + subject, id, $"{key}:CertificateSubjects:{i}", failures);
            }
        }

        for (var i = 0; i < client.CertificateDnsNames.Count; i++)
        {
            var name = client.CertificateDnsNames[i];
            if (string.IsNullOrWhiteSpace(name) || name.Contains(' ', StringComparison.Ordinal))
            {
                failures.Add($"{key}:CertificateDnsNames:{i}: not a DNS name");
            }
            else
            {
                Claim(owners, "dns " + name.ToUpperInvariant(), id, $"{key}:CertificateDnsNames:{i}", failures);
            }
        }
    }

    /// <summary>A credential may identify one client only, or a certificate could log in as either.</summary>
    private static void Claim(Dictionary<string, string> owners, string credential, string id, string key, List<string> failures)
    {
        if (owners.TryGetValue(credential, out var owner) && owner != id)
        {
            failures.Add($"{key}: the same credential is configured for client '{owner}'; each certificate identifies one client");
        }

        owners[credential] = id;
    }

    private static void CheckAccess(string key, ClientRegistration client, List<string> failures)
    {
        if (client.AllowedModels.Count == 0)
        {
            failures.Add($"{key}:AllowedModels: list the model ids this system may use, or \"*\" for all");
        }

        for (var i = 0; i < client.AllowedMethods.Count; i++)
        {
            if (!ApplianceMethods.IsKnownPattern(client.AllowedMethods[i]))
            {
                failures.Add($"{key}:AllowedMethods:{i}: unknown method; use \"*\" or one of {string.Join(", ", ApplianceMethods.ShortNames)}, or of the OpenAI door's {string.Join(", ", ApplianceMethods.OpenAiNames)}, openai.*");
            }
        }

        for (var i = 0; i < client.Roles.Count; i++)
        {
            if (!ClientRoles.All.Contains(client.Roles[i]))
            {
                failures.Add($"{key}:Roles:{i}: unknown role '{client.Roles[i]}'; the roles are {string.Join(", ", ClientRoles.All)}");
            }
        }

        for (var i = 0; i < client.AllowedTasks.Count; i++)
        {
            if (client.AllowedTasks[i] != "*" && !Core.Identifiers.IsId(client.AllowedTasks[i]))
            {
                failures.Add($"{key}:AllowedTasks:{i}: must be \"*\", a task family (discharge.summary) or a variant id (discharge.summary.zh)");
            }
        }
    }

    private static void CheckLimits(string key, ClientRegistration client, List<string> failures)
    {
        if (!(client.Weight > 0) || double.IsInfinity(client.Weight))
        {
            failures.Add($"{key}:Weight must be a positive number (got {client.Weight})");
        }

        if (client.MaxConcurrent is < 1)
        {
            failures.Add($"{key}:MaxConcurrent must be at least 1 or absent (got {client.MaxConcurrent})");
        }

        if (client.MaxConcurrentCalls is < 1)
        {
            failures.Add($"{key}:MaxConcurrentCalls must be at least 1 or absent (got {client.MaxConcurrentCalls})");
        }

        if (client.TokensPerMinute is < 1)
        {
            failures.Add($"{key}:TokensPerMinute must be at least 1 or absent (got {client.TokensPerMinute})");
        }

        if (!Enum.IsDefined(client.PriorityCeiling))
        {
            failures.Add($"{key}:PriorityCeiling must be Urgent, Normal or Batch");
        }
    }
}
