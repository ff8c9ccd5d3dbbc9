using Appliance.Contracts.V1;
using Appliance.Server.Calls;
using Grpc.Core;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// The gRPC door's side of a <see cref="CallContext"/>: what it reads of a call (request
/// fields through <see cref="IModelCall"/>/<see cref="IScheduledCall"/>, the client
/// certificate, the <c>x-api-key</c>, <c>x-appliance-client</c> and <c>x-appliance-model</c> metadata) and where the
/// services find the context.
/// </summary>
internal static class GrpcCalls
{
    /// <summary>Metadata key carrying an API key.</summary>
    public const string ApiKeyHeader = "x-api-key";

    /// <summary>Metadata header naming the calling system when the request's client field is empty (development).</summary>
    public const string ClientHeader = "x-appliance-client";

    private const string UserStateKey = "appliance.call";

    /// <summary>What the call carries; <paramref name="request"/> is null for client-streaming calls.</summary>
    public static CallStart Start(object? request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var connection = context.GetHttpContext().Connection;
        var credentials = new CallerCredentials(connection.ClientCertificate, context.RequestHeaders.GetValue(ApiKeyHeader));
        var scheduled = request as IScheduledCall;
        var declared = string.IsNullOrWhiteSpace(scheduled?.Client) ? context.RequestHeaders.GetValue(ClientHeader) : scheduled.Client;
        return new CallStart(
            context.Method,
            NullIfEmpty((request as IModelCall)?.ModelId),
            declared,
            NullIfEmpty(scheduled?.ClientRequestId),
            scheduled is null ? null : ProtoMapper.ToDomain(scheduled.Priority),
            credentials)
        {
            FieldError = scheduled is null ? null : ProtoMapper.CheckDefined(scheduled.Priority, "priority"),
            Source = connection.RemoteIpAddress,
            Task = request is ITaskCall task
                ? new Tasks.TaskCallStart(task.Task, task.Attributes.ToDictionary(), task.Priority != Contracts.V1.Priority.Unspecified)
                : null,
            RoutedModel = NullIfEmpty(context.RequestHeaders.GetValue(Contracts.Balancing.ModelRouting.Header)),
        };
    }

    /// <summary>Keeps the call's context where the services find it.</summary>
    public static void Attach(ServerCallContext context, CallContext call)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.UserState[UserStateKey] = call;
    }

    /// <summary>The call's context, built by <see cref="GrpcCallInterceptor"/> before the service runs.</summary>
    public static CallContext Of(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.UserState.TryGetValue(UserStateKey, out var value) && value is CallContext call
            ? call
            : throw new InvalidOperationException($"no call context for {context.Method}: {nameof(GrpcCallInterceptor)} did not run");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
