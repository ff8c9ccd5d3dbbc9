using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using Appliance.Core;
using Appliance.Core.Errors;
using Appliance.Server.Calls;
using Appliance.Tasks.Templates;

namespace Appliance.Server.Security;

/// <summary>
/// Decides <see cref="CallAccess"/> for a call: refuses it unchecked when its source address
/// failed authentication too often (<see cref="FailedAuthenticationThrottle"/>), else
/// authenticates it (a failure counts against the address), then checks the client's allowed
/// methods and models. No quota is taken here; transport-free: the door passes what it read;
/// <see cref="CallContextFactory"/> calls it once per call.
/// </summary>
internal sealed class CallAccessResolver
{
    private readonly ClientAuthenticator _authenticator;
    private readonly ClientDirectory _directory;
    private readonly FailedAuthenticationThrottle _throttle;
    private readonly TimeProvider _time;

    public CallAccessResolver(ClientAuthenticator authenticator, ClientDirectory directory, FailedAuthenticationThrottle throttle, TimeProvider time)
    {
        _authenticator = authenticator;
        _directory = directory;
        _throttle = throttle;
        _time = time;
    }

    /// <summary>The call's decision; <paramref name="source"/> is the connection's peer address, <paramref name="modelId"/> and <paramref name="declaredClient"/> come from its request.</summary>
    public CallAccess Resolve(CallerCredentials credentials, IPAddress? source, string method, string? modelId, string? declaredClient, TaskTemplate? task = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(method);
        if (_throttle.Check(source) is { } throttled)
        {
            return Throttled(throttled);
        }

        var caller = _authenticator.Authenticate(credentials);
        var clients = _directory.Current.ById;
        if (caller.Failure is { } failure)
        {
            _throttle.Failed(source);
            return new CallAccess
            {
                Caller = caller,
                ClientId = Anonymous,
                Denial = new UnauthenticatedException(failure),
                Source = FailedAuthenticationThrottle.AddressText(source),
            };
        }

        var clientId = caller.ClientId ?? Declared(declaredClient, clients);
        var registration = clients.GetValueOrDefault(clientId);
        return new CallAccess
        {
            Caller = caller,
            ClientId = clientId,
            Registration = registration,
            Denial = AuthoriseAdmin(clientId, registration, method)
                ?? (registration is null ? null : Authorise(clientId, registration, method, modelId) ?? AuthoriseTask(clientId, registration, task)),
            Source = FailedAuthenticationThrottle.AddressText(source),
        };
    }

    private const string Anonymous = "anonymous";

    /// <summary>A refusal without a credential check; the message tells the caller how long it lasts, never what was sent.</summary>
    private CallAccess Throttled(ThrottledCall throttled)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((throttled.Until - _time.GetUtcNow()).TotalSeconds));
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"too many failed authentications from this address ({throttled.Failures}; Appliance:Security:FailedAuthentication:MaxFailures): credentials from it are not checked for {seconds} s more");
        return new CallAccess
        {
            Caller = CallerIdentity.Failed("not checked", message),
            ClientId = Anonymous,
            Denial = new UnauthenticatedException(message, ErrorReasons.AuthThrottled),
            Source = throttled.Source,
            Throttled = true,
            RefusalDelay = throttled.Delay,
        };
    }

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
        if (!ApplianceMethods.IsApplianceMethod(method) || ApplianceMethods.IsAdminMethod(method))
        {
            return null; // grpc.health.v1 and reflection: any authenticated caller; ModelAdmin: the admin role (AuthoriseAdmin), on any model
        }

        if (!ApplianceMethods.Allows(registration.AllowedMethods, method))
        {
            return new PermissionDeniedException(
                $"client '{clientId}' may not call {method.TrimStart('/')} (Appliance:Clients:{clientId}:AllowedMethods)", ErrorReasons.MethodNotAllowed);
        }

        if (string.IsNullOrEmpty(modelId) || registration.AllowedModels.Contains("*") || registration.AllowedModels.Contains(modelId))
        {
            return null;
        }

        var shown = Identifiers.IsId(modelId) ? $"'{modelId}'" : "with that id";
        return new PermissionDeniedException($"model_id: client '{clientId}' may not use the model {shown} (Appliance:Clients:{clientId}:AllowedModels)", ErrorReasons.ModelNotAllowed);
    }

    /// <summary>ModelAdmin needs a registered client with the admin role: never an anonymous or unregistered caller, whatever the development switches.</summary>
    private static PermissionDeniedException? AuthoriseAdmin(string clientId, ClientRegistration? registration, string method) =>
        !ApplianceMethods.IsAdminMethod(method) || registration?.IsAdmin == true
            ? null
            : new PermissionDeniedException(
                $"client '{clientId}' may not call {method.TrimStart('/')}: it needs the admin role (Appliance:Clients:{clientId}:Roles: [\"admin\"])", ErrorReasons.AdminRequired);

    private static PermissionDeniedException? AuthoriseTask(string clientId, ClientRegistration registration, TaskTemplate? task) =>
        task is null || registration.MayRun(task)
            ? null
            : new PermissionDeniedException(
                $"task: client '{clientId}' may not run the task '{task.Id}' (Appliance:Clients:{clientId}:AllowedTasks)", ErrorReasons.TaskNotAllowed);
}
