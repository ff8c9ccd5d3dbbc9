using System.Collections.Frozen;
using Appliance.Core;
using Grpc.Core;

namespace Appliance.Server.Security;

/// <summary>
/// Decides <see cref="CallAccess"/> for a call: authenticates it, then checks the client's
/// allowed methods and models. Pure (no quota is taken here), and cached per call, so the
/// metrics and audit interceptors and the services all see the same identity.
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

    /// <summary>The call's decision; <paramref name="modelId"/> and <paramref name="declaredClient"/> come from its request message.</summary>
    public CallAccess Resolve(ServerCallContext context, string? modelId, string? declaredClient)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (CallAccess.Cached(context) is { } cached)
        {
            return cached;
        }

        var access = Decide(context, modelId, declaredClient);
        context.UserState[CallAccess.UserStateKey] = access;
        return access;
    }

    private CallAccess Decide(ServerCallContext context, string? modelId, string? declaredClient)
    {
        var caller = _authenticator.Authenticate(context);
        var clients = _directory.Current.ById;
        if (caller.Failure is { } failure)
        {
            return new CallAccess { Caller = caller, ClientId = Anonymous, Denial = (StatusCode.Unauthenticated, failure) };
        }

        var clientId = caller.ClientId ?? Declared(declaredClient, context, clients);
        var registration = clients.GetValueOrDefault(clientId);
        return new CallAccess
        {
            Caller = caller,
            ClientId = clientId,
            Registration = registration,
            Denial = registration is null ? null : Authorise(clientId, registration, context.Method, modelId),
        };
    }

    private const string Anonymous = "anonymous";

    /// <summary>
    /// Without credentials (development): the request's client field or x-appliance-client
    /// header, unverified, unless it names a client that has credentials (that would be
    /// impersonation) or does not look like a client id (free text must not reach the audit
    /// log); else anonymous.
    /// </summary>
    private static string Declared(string? field, ServerCallContext context, FrozenDictionary<string, ClientRegistration> clients)
    {
        var declared = !string.IsNullOrWhiteSpace(field) ? field : context.RequestHeaders.GetValue(Services.ProtoMapper.ClientHeader);
        if (string.IsNullOrWhiteSpace(declared) || !Identifiers.IsId(declared))
        {
            return Anonymous;
        }

        return clients.TryGetValue(declared, out var registration) && registration.HasCredentials ? Anonymous : declared;
    }

    private static (StatusCode, string)? Authorise(string clientId, ClientRegistration registration, string method, string? modelId)
    {
        if (!ApplianceMethods.IsApplianceMethod(method))
        {
            return null; // grpc.health.v1 and reflection: any authenticated caller
        }

        if (!ApplianceMethods.Allows(registration.AllowedMethods, method))
        {
            return (StatusCode.PermissionDenied,
                $"client '{clientId}' may not call {method.TrimStart('/')} (Appliance:Clients:{clientId}:AllowedMethods)");
        }

        if (string.IsNullOrEmpty(modelId) || registration.AllowedModels.Contains("*") || registration.AllowedModels.Contains(modelId))
        {
            return null;
        }

        var shown = Identifiers.IsId(modelId) ? $"'{modelId}'" : "with that id";
        return (StatusCode.PermissionDenied, $"model_id: client '{clientId}' may not use the model {shown} (Appliance:Clients:{clientId}:AllowedModels)");
    }
}
