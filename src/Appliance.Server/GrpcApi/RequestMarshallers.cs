using System.Runtime.CompilerServices;
using System.Text;
using Appliance.Core.Errors;
using Google.Protobuf;
using Grpc.Core;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// Request bytes that are not the method's message. grpc-dotnet parses a unary or
/// server-streaming request before any interceptor runs and turns a parse failure into UNKNOWN
/// with an Error stack trace, past the call pipeline. <see cref="Guard{TRequest, TResponse}"/>
/// wraps a method's request marshaller (every service is bound through
/// <see cref="GuardedServiceMethodProvider{TService}"/>) so that a failure yields an empty
/// message of the right type marked here with its <see cref="InvalidRequestException"/>; the
/// door then refuses the call through the pipeline (INVALID_ARGUMENT, counted, audited). The mark
/// lives as long as the message: a <see cref="ConditionalWeakTable{TKey, TValue}"/>, never a
/// static.
/// </summary>
internal sealed class RequestMarshallers
{
    private readonly ConditionalWeakTable<object, InvalidRequestException> _invalid = [];

    /// <summary>The refusal of a request that did not parse; null for every request that did.</summary>
    public InvalidRequestException? ErrorOf(object? request) =>
        request is not null && _invalid.TryGetValue(request, out var error) ? error : null;

    /// <summary>The method with a request marshaller that marks bytes it cannot parse instead of throwing; methods of other message kinds unchanged.</summary>
    public Method<TRequest, TResponse> Guard<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class
    {
        ArgumentNullException.ThrowIfNull(method);
        if (!typeof(IMessage).IsAssignableFrom(typeof(TRequest)))
        {
            return method;
        }

        var descriptor = ((IMessage)Activator.CreateInstance<TRequest>()).Descriptor;
        var parse = method.RequestMarshaller.ContextualDeserializer;
        var marshaller = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, context =>
        {
            try
            {
                return parse(context);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or DecoderFallbackException)
            {
                // Neither the exception's text (DecoderFallbackException quotes the bytes) nor the bytes go anywhere.
                var invalid = Activator.CreateInstance<TRequest>();
                _invalid.AddOrUpdate(invalid, Describe(e, context, descriptor));
                return invalid;
            }
        });
        return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
    }

    /// <summary>Names the string field whose bytes are not UTF-8 when there is one (the parser's exception does not say which), else the message.</summary>
    private static InvalidRequestException Describe(Exception error, DeserializationContext context, Google.Protobuf.Reflection.MessageDescriptor descriptor)
    {
        if (InvalidUtf8Locator.Find(context.PayloadAsReadOnlySequence(), descriptor) is { } field)
        {
            return new InvalidRequestException(field, "is not valid UTF-8");
        }

        return error is DecoderFallbackException
            ? new InvalidRequestException("request", $"is not a valid {descriptor.FullName}: a string field is not valid UTF-8")
            : new InvalidRequestException("request", $"is not a valid {descriptor.FullName} (the bytes do not parse as that protobuf message)");
    }
}
