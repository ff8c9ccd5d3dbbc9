using System.Collections.Frozen;
using Appliance.Core;
using Appliance.Core.Errors;
using Appliance.Server.Calls;

namespace Appliance.Server.Security;

/// <summary>
/// Decides <see cref="CallAccess"/> for a call: authenticates it, then checks the client's
/// allowed methods and models. Pure (no quota is taken here) and transport-free: the door
/// passes what it read; <see cref="CallContextFactory"/> calls it once per call.
/// </summary>
internal sealed class CallAccessResolver
{
    private readonly ClientAuthenticator _authenticator;
    private readonly ClientDirectory _directory;

    public CallAccessResolver(ClientAuthenticator authenticator, ClientDirectory directory)
    {
        _authenticator = authenticator;
        _directory = directory;
    }

    /// <summary>The call's decision; <paramref name="modelId"/> and <paramref name="declaredClient"/> come from its request.</summary>
    public CallAccess Resolve(CallerCredentials credentials, string method, string? modelId, string? declaredClient)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(method);
        var caller = _authenticator.Authenticate(credentials);
        var clients = _directory.Current.ById;
        if (caller.Failure is { } failure)
        {
            return new CallAccess { Caller = caller, ClientId = Anonymous, Denial = new UnauthenticatedException(failure) };
        }

        var clientId = caller.ClientId ?? Declared(declaredClient, clients);
        var registration = clients.GetValueOrDefault(clientId);
        return new CallAccess
        {
            Caller = caller,
            ClientId = clientId,
            Registration = registration,
            Denial = registration is null ? null : Authorise(clientId, registration, method, modelId),
        };
    }

    private const string Anonymous = "anonymous";

    /// <summary>
    /// Without credentials (development): the client the request declares (the door reads its
    /// field or header), unverified, unless it names a client that has credentials (that would
    /// be impersonation) or does not look like a client id (free text must not reach the audit
    /// log); else anonymous.
    /// </summary>
    private static string Declared(string? declared, FrozenDictionary<string, ClientRegistration> clients)
    {
        if (string.IsNullOrWhiteSpace(declared) || !Identifiers.IsId(declared))
        {
            return Anonymous;
        }

        return clients.TryGetValue(declared, out var registration) && registration.HasCredentials ? Anonymous : declared;
    }

    private static PermissionDeniedException? Authorise(string clientId, ClientRegistration registration, string method, string? modelId)
    {
        if (!ApplianceMethods.IsApplianceMethod(method))
        {
            return null; // grpc.health.v1 and reflection: any authenticated caller
        }

        if (!ApplianceMethods.Allows(registration.AllowedMethods, method))
        {
            return new PermissionDeniedException(
                $"client '{clientId}' may not call {method.TrimStart('/')} (Appliance:Clients:{clientId}:AllowedMethods)");
        }

        if (string.IsNullOrEmpty(modelId) || registration.AllowedModels.Contains("*") || registration.AllowedModels.Contains(modelId))
        {
            return null;
        }

        var shown = Identifiers.IsId(modelId) ? $"'{modelId}'" : "with that id";
        return new PermissionDeniedException($"model_id: client '{clientId}' may not use the model {shown} (Appliance:Clients:{clientId}:AllowedModels)");
    }
}
