using System.Buffers;
using Appliance.Contracts.V1;
using Appliance.Core.Errors;
using Appliance.Server.GrpcApi;
using Google.Protobuf;
using Grpc.Core;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>
/// The guarded marshaller and the checked request stream on their own (deterministic): what the
/// server tests prove over HTTP/2, plus the client-streaming path that no appliance.v1 method
/// has (a streamed message that does not parse ends the call when read, counted once).
/// </summary>
public sealed class RequestMarshallersTests
{
    private readonly RequestMarshallers _marshallers = new();

    [Fact]
    public void Guard_BytesThatParse_TheMessageUnmarked()
    {
        var request = Deserialize(new GenerateRequest { ModelId = "tiny", Prompt = "hello" }.ToByteArray());

        Assert.Equal(("tiny", "hello"), (request.ModelId, request.Prompt));
        Assert.Null(_marshallers.ErrorOf(request));
    }

    [Fact]
    public void Guard_BytesThatDoNotParse_AnEmptyMessageMarkedWithTheRefusal()
    {
        var request = Deserialize([0x0F, 0x01]);

        Assert.Equal(new GenerateRequest(), request);
        Assert.Equal("request: is not a valid appliance.v1.GenerateRequest (the bytes do not parse as that protobuf message)", _marshallers.ErrorOf(request)?.Message);
        Assert.Null(_marshallers.ErrorOf(new GenerateRequest())); // only that instance is marked
    }

    [Fact]
    public async Task CheckedStreamReader_AMessageThatDidNotParse_ThrowsItsRefusalWhenReadAndCountsIt()
    {
        var refused = new List<InvalidRequestException>();
        var stream = new CheckedStreamReader<GenerateRequest>(
            new ListReader([Deserialize(new GenerateRequest { ModelId = "tiny" }.ToByteArray()), Deserialize([0x12, 0x02, 0xC3, 0x28])]),
            _marshallers,
            refused.Add);

        Assert.True(await stream.MoveNext(CancellationToken.None));
        Assert.Equal("tiny", stream.Current.ModelId);
        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => stream.MoveNext(CancellationToken.None));

        Assert.Equal("prompt: is not valid UTF-8", error.Message);
        Assert.Equal([error], refused);
    }

    private GenerateRequest Deserialize(byte[] bytes)
    {
        var method = _marshallers.Guard(new Method<GenerateRequest, CompleteResponse>(
            MethodType.ClientStreaming, "appliance.v1.Generation", "Test",
            Marshallers.Create(r => r.ToByteArray(), GenerateRequest.Parser.ParseFrom),
            Marshallers.Create(r => r.ToByteArray(), CompleteResponse.Parser.ParseFrom)));
        return method.RequestMarshaller.ContextualDeserializer(new BytesContext(bytes));
    }

    private sealed class BytesContext(byte[] bytes) : DeserializationContext
    {
        public override int PayloadLength => bytes.Length;

        public override byte[] PayloadAsNewBuffer() => (byte[])bytes.Clone();

        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(bytes);
    }

    private sealed class ListReader(IReadOnlyList<GenerateRequest> messages) : IAsyncStreamReader<GenerateRequest>
    {
        private int _next;

        public GenerateRequest Current { get; private set; } = null!;

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (_next == messages.Count)
            {
                return Task.FromResult(false);
            }

            Current = messages[_next++];
            return Task.FromResult(true);
        }
    }
}
