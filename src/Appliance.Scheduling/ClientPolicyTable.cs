using System.Collections.Frozen;

namespace Appliance.Scheduling;

/// <summary>
/// A fixed <see cref="IClientPolicies"/>: a table of known clients and one policy for the rest.
/// For hosts without a client directory (benchmarks, tests); the server's directory follows
/// <c>Appliance:Clients</c> instead.
/// </summary>
public sealed class ClientPolicyTable : IClientPolicies
{
    private readonly FrozenDictionary<string, ClientPolicy> _clients;
    private readonly ClientPolicy _default;

    /// <summary>Creates the table; clients not in <paramref name="clients"/> get <paramref name="defaultPolicy"/> (a new <see cref="ClientPolicy"/> when null).</summary>
    public ClientPolicyTable(IReadOnlyDictionary<string, ClientPolicy>? clients = null, ClientPolicy? defaultPolicy = null)
    {
        _clients = (clients ?? new Dictionary<string, ClientPolicy>()).ToFrozenDictionary(StringComparer.Ordinal);
        _default = defaultPolicy ?? new ClientPolicy();
    }

    /// <inheritdoc />
    public ClientPolicy For(string clientId) => _clients.GetValueOrDefault(clientId) ?? _default;
}
