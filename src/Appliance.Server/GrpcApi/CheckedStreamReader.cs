using Appliance.Core.Errors;
using Grpc.Core;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// A request stream whose messages that did not parse (<see cref="RequestMarshallers"/>) end the
/// call: reading one throws its <see cref="InvalidRequestException"/> (INVALID_ARGUMENT through
/// the door's error mapping), after <paramref name="refused"/> has counted it.
/// </summary>
internal sealed class CheckedStreamReader<T>(IAsyncStreamReader<T> inner, RequestMarshallers marshallers, Action<InvalidRequestException> refused)
    : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        if (!await inner.MoveNext(cancellationToken))
        {
            return false;
        }

        if (marshallers.ErrorOf(inner.Current) is { } error)
        {
            refused(error);
            throw error;
        }

        return true;
    }
}
