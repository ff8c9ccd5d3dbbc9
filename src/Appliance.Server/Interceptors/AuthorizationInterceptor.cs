using Appliance.Core.Errors;
using Appliance.Scheduling;
using Appliance.Server.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Interceptors;

/// <summary>
/// Enforces the call's <see cref="CallAccess"/> (Unauthenticated, PermissionDenied) and the
/// client's quotas (ResourceExhausted with a retry hint), and charges the tokens the call used.
/// Innermost, inside <see cref="ExceptionMappingInterceptor"/> (which turns its refusals into
/// statuses) and <see cref="AuditInterceptor"/> (which records the decision). Refusals count
/// in <c>appliance_requests_rejected_total</c> as <c>unauthorised</c> or <c>quota</c>.
/// </summary>
internal sealed class AuthorizationInterceptor : Interceptor
{
    private readonly CallAccessResolver _resolver;
    private readonly ClientQuotas _quotas;
    private readonly ISchedulerObserver _observer;
    private readonly SchedulerOptions _scheduler;
    private readonly ILogger<AuthorizationInterceptor> _logger;

    public AuthorizationInterceptor(
        CallAccessResolver resolver, ClientQuotas quotas, ISchedulerObserver observer, IOptions<SchedulerOptions> scheduler, ILogger<AuthorizationInterceptor> logger)
    {
        _logger = logger;
        ArgumentNullException.ThrowIfNull(scheduler);
        _resolver = resolver;
        _quotas = quotas;
        _observer = observer;
        _scheduler = scheduler.Value;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var lease = Admit(request, context);
        long tokens = 0;
        try
        {
            var response = await continuation(request, context);
            tokens = CallUsage.Tokens(response) ?? 0;
            return response;
        }
        finally
        {
            lease.Complete(tokens);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var lease = Admit(request, context);
        var counting = new TokenCountingWriter<TResponse>(responseStream);
        try
        {
            await continuation(request, counting, context);
        }
        finally
        {
            lease.Complete(counting.Tokens);
        }
    }

    // No appliance.v1 method streams requests; reflection (development only) does. Same checks, no token count.
    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var lease = Admit(null, context);
        try
        {
            return await continuation(requestStream, context);
        }
        finally
        {
            lease.Complete(0);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var lease = Admit(null, context);
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        finally
        {
            lease.Complete(0);
        }
    }

    /// <summary>Throws for a refused call; otherwise takes its quota slot.</summary>
    private ClientQuotas.Lease Admit(object? request, ServerCallContext context)
    {
        var fields = RequestFields.Of(request);
        var access = _resolver.Resolve(context, fields.ModelId, fields.DeclaredClient);
        if (access.Denial is { } denial)
        {
            Reject(fields, access, RejectionReason.Unauthorised, context.Method);
            throw denial.Code == StatusCode.Unauthenticated
                ? new UnauthenticatedException(denial.Message)
                : new PermissionDeniedException(denial.Message);
        }

        if (access.Registration is null)
        {
            return default;
        }

        try
        {
            return _quotas.Acquire(access.ClientId, access.Registration);
        }
        catch (QuotaExceededException e)
        {
            access.QuotaDenial = e.Message;
            Reject(fields, access, RejectionReason.Quota, context.Method);
            throw;
        }
    }

    private void Reject(RequestFields fields, CallAccess access, RejectionReason reason, string method)
    {
        SecurityLog.Refused(_logger, method, access.AuditText, access.ClientId, fields.ClientRequestId);
        var priority = fields.Priority is { } asked ? Services.ProtoMapper.ToDomain(asked) : Core.Generation.Priority.Normal;
        _observer.OnRejected(new RequestInfo(fields.ModelId ?? "", access.ClientId, _scheduler.PolicyFor(access.ClientId).Cap(priority), 0), reason);
    }

    /// <summary>Counts the tokens a stream delivered: the final message's usage, else the pieces sent before it stopped.</summary>
    private sealed class TokenCountingWriter<T>(IServerStreamWriter<T> inner) : IServerStreamWriter<T>
        where T : class
    {
        private long _pieces;
        private long? _final;

        public long Tokens => _final ?? _pieces;

        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message) => WriteAsync(message, CancellationToken.None);

        // Overridden: the interface's default throws for a cancellable token, and the services pass one.
        public Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            _pieces += CallUsage.PieceTokens(message);
            _final = CallUsage.Tokens(message) ?? _final;
            return inner.WriteAsync(message, cancellationToken);
        }
    }
}
