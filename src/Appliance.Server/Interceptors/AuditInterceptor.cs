using Appliance.Contracts.V1;
using Appliance.Core;
using Appliance.Core.Audit;
using Appliance.Scheduling;
using Appliance.Server.Audit;
using Appliance.Server.Models;
using Appliance.Server.Security;
using Appliance.Server.Services;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Interceptors;

/// <summary>
/// Writes a start and an end record to the <see cref="AuditLog"/> for every appliance.v1 call.
/// Registered outside <see cref="ExceptionMappingInterceptor"/>, so the end record has the
/// mapped status. Only identifiers, counts, timings and codes are taken from messages: never
/// prompt text, outputs, embeddings or tensors (see <see cref="AuditRecord"/>).
/// </summary>
internal sealed class AuditInterceptor : Interceptor
{
    private const string AuditedPrefix = "/appliance.v1.";

    private readonly AuditLog _log;
    private readonly ModelHost _models;
    private readonly SchedulerOptions _scheduler;
    private readonly CallAccessResolver _access;

    public AuditInterceptor(AuditLog log, ModelHost models, IOptions<SchedulerOptions> scheduler, CallAccessResolver access)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _log = log;
        _models = models;
        _scheduler = scheduler.Value;
        _access = access;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!IsAudited(context))
        {
            return await continuation(request, context);
        }

        var start = Start(request, context);
        TResponse? response = null;
        var code = StatusCode.Unknown;
        try
        {
            response = await continuation(request, context);
            code = context.Status.StatusCode;
            return response;
        }
        catch (RpcException ex)
        {
            code = ex.StatusCode;
            throw;
        }
        finally
        {
            _log.Write(AuditResponse.Apply(End(start, context, code), response));
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (!IsAudited(context))
        {
            await continuation(request, responseStream, context);
            return;
        }

        var start = Start(request, context);
        var observed = new LastMessageWriter<TResponse>(responseStream);
        var code = StatusCode.Unknown;
        try
        {
            await continuation(request, observed, context);
            code = context.Status.StatusCode;
        }
        catch (RpcException ex)
        {
            code = ex.StatusCode;
            throw;
        }
        finally
        {
            _log.Write(AuditResponse.Apply(End(start, context, code), observed.Last));
        }
    }

    private static bool IsAudited(ServerCallContext context) => context.Method.StartsWith(AuditedPrefix, StringComparison.Ordinal);

    /// <summary>Writes the start record and returns it as the template of the end record.</summary>
    private AuditRecord Start(object? request, ServerCallContext context)
    {
        var call = CallFacts.Of(request, context, _scheduler, _access);
        var record = new AuditRecord
        {
            Event = "start",
            Method = context.Method,
            Client = call.ClientId,
            ClientRequestId = call.ClientRequestId,
            ModelId = Identifiers.OrPlaceholder(call.ModelId), // free text sent as a model id is never recorded
            ModelSha256 = call.ModelId is { } id ? _models.Get(id)?.Manifest?.Sha256 : null,
            Priority = call.Priority?.ToString().ToLowerInvariant(),
            Authorization = call.Access.AuditText,
        };
        _log.Write(record);
        return record;
    }

    /// <summary>The end record: the start record with the status, and the decision again (a quota may have refused the call since).</summary>
    private static AuditRecord End(AuditRecord start, ServerCallContext context, StatusCode code) => start with
    {
        Event = "end",
        Status = code.ToString(),
        Authorization = CallAccess.Cached(context)?.AuditText ?? start.Authorization,
    };

    /// <summary>Passes every message on and keeps the last one (the Generate stream's final message).</summary>
    private sealed class LastMessageWriter<T>(IServerStreamWriter<T> inner) : IServerStreamWriter<T>
        where T : class
    {
        public T? Last { get; private set; }

        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        // Overridden: the interface's default throws for a cancellable token, and the services pass one.
        public Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            Last = message;
            return inner.WriteAsync(message, cancellationToken);
        }
    }
}
