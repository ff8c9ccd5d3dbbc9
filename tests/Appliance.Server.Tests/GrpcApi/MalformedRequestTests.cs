using Appliance.Server.Audit;
using Appliance.Server.Tests.Metrics;
using Appliance.Server.Tests.Security;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>
/// Request bytes that are not the method's message, sent as raw HTTP/2 frames on every method of
/// every service (unary, server streaming, duplex): INVALID_ARGUMENT naming the message or the
/// string field, one Information line and no stack trace, counted as rejected reason="invalid"
/// and audited, instead of grpc-dotnet's UNKNOWN "Exception was thrown by handler." (issue 13,
/// items 1 and 2).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MalformedRequestTests(ServerFixture server)
{
    private const int InvalidArgument = 3;

    /// <summary>Every method the server maps (reflection is on in this fixture): all of appliance.v1, health, reflection.</summary>
    private static readonly MethodDescriptor[] Methods =
    [
        .. Contracts.V1.Generation.Descriptor.Methods,
        .. Contracts.V1.Models.Descriptor.Methods,
        .. Contracts.V1.Embeddings.Descriptor.Methods,
        .. Contracts.V1.Inference.Descriptor.Methods,
        .. Grpc.Health.V1.Health.Descriptor.Methods,
        .. Grpc.Reflection.V1Alpha.ServerReflection.Descriptor.Methods,
    ];

    public static TheoryData<string> Garbage() => ["wire type 7", "truncated varint", "huge length", "random bytes"];

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task AnyMethod_BytesThatDoNotParse_InvalidArgumentNamingTheMessage(string garbage)
    {
        var payload = Payload(garbage);
        var wrong = new List<string>();
        var logged = server.Logs.Count;

        foreach (var method in Methods)
        {
            var reply = await RawGrpc.SendAsync(server.Address, Path(method), payload);

            var expected = $"request: is not a valid {method.InputType.FullName} (the bytes do not parse as that protobuf message)";
            if (reply.Result != new RawGrpc.Result(InvalidArgument, expected))
            {
                wrong.Add($"{Path(method)}: {reply.Result}");
            }
            else
            {
                Assert.Equal("request", RichErrors.AssertFieldViolation(RichErrors.Of(reply)).Field);
            }
        }

        Assert.Empty(wrong);
        var lines = server.Logs.Skip(logged).ToList();
        Assert.DoesNotContain(lines, l => l.Contains("[Error]", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        Assert.Equal(Methods.Length, lines.Count(l => l.Contains("rejected with InvalidArgument on field request", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Complete_InvalidUtf8InThePrompt_InvalidArgumentNamingTheField()
    {
        var payload = Message(w => w.String(2, [0x61, 0xC3, 0x28, 0x62]));

        var reply = await RawGrpc.SendAsync(server.Address, "/appliance.v1.Generation/Complete", payload);

        Assert.Equal(new RawGrpc.Result(InvalidArgument, "prompt: is not valid UTF-8"), reply.Result);
        Assert.Equal("prompt", RichErrors.AssertFieldViolation(RichErrors.Of(reply)).Field);
    }

    [Fact]
    public async Task Generate_InvalidUtf8InTheSecondMessage_InvalidArgumentNamingItsPath()
    {
        var first = Message(w => w.String(1, "user"u8.ToArray()).String(2, "fine"u8.ToArray()));
        var second = Message(w => w.String(1, "user"u8.ToArray()).String(2, [0xFF, 0xFE]));
        var payload = Message(w => w.String(1, "tiny"u8.ToArray()).String(3, Message(m => m.String(1, first).String(1, second))));

        var reply = await RawGrpc.SendAsync(server.Address, "/appliance.v1.Generation/Generate", payload);

        Assert.Equal(new RawGrpc.Result(InvalidArgument, "messages.items[1].content: is not valid UTF-8"), reply.Result);
        Assert.Equal("messages.items[1].content", RichErrors.AssertFieldViolation(RichErrors.Of(reply)).Field);
    }

    [Fact]
    public async Task Embed_InvalidUtf8InAText_InvalidArgumentNamingIt()
    {
        var payload = Message(w => w.String(1, "e"u8.ToArray()).String(2, "ok"u8.ToArray()).String(2, [0xED, 0xA0, 0x80]));

        var reply = await RawGrpc.SendAsync(server.Address, "/appliance.v1.Embeddings/Embed", payload);

        Assert.Equal(new RawGrpc.Result(InvalidArgument, "texts[1]: is not valid UTF-8"), reply.Result);
        Assert.Equal("texts[1]", RichErrors.AssertFieldViolation(RichErrors.Of(reply)).Field);
    }

    [Fact]
    public async Task Complete_Garbage_CountedAsInvalidAndAuditedWithItsStatus()
    {
        var before = Scrape.Parse(await server.Server.ScrapeAsync()).Sum("appliance_requests_rejected_total", ("reason", "invalid"));
        var audited = await EndRecordsAsync();

        var result = await RawGrpc.CallAsync(server.Address, "/appliance.v1.Generation/Complete", Payload("wire type 7"));

        Assert.Equal(InvalidArgument, result.Status);
        var after = Scrape.Parse(await server.Server.ScrapeAsync()).Sum("appliance_requests_rejected_total", ("reason", "invalid"));
        Assert.Equal(before + 1, after);
        await Bounded.UntilAsync(async _ => await EndRecordsAsync() > audited, "the refusal's audit end record");
        Assert.Contains(server.Logs, l => l.Contains("[Information]", StringComparison.Ordinal)
            && l.Contains("/appliance.v1.Generation/Complete rejected with InvalidArgument on field request", StringComparison.Ordinal));
    }

    private async Task<int> EndRecordsAsync()
    {
        var directory = server.Server.App.Services.GetRequiredService<IOptions<AuditOptions>>().Value.Directory!;
        return (await AuditRecords.ReadAsync(directory))
            .Count(r => r is { Event: "end", Method: "/appliance.v1.Generation/Complete", Status: "InvalidArgument", ModelId: null });
    }

    private static string Path(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    /// <summary>Bytes no request message of these services parses.</summary>
    internal static byte[] Payload(string garbage) => garbage switch
    {
        "wire type 7" => [0x0F, 0x01],
        "truncated varint" => [0x08, 0x80, 0x80],
        "huge length" => [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x61],
        "random bytes" => RandomGarbage(),
        _ => throw new ArgumentOutOfRangeException(nameof(garbage)),
    };

    /// <summary>The first seeded random buffer that no method's request parser accepts and that holds no well-formed string field (so the message names the type).</summary>
    private static byte[] RandomGarbage()
    {
        for (var seed = 1; ; seed++)
        {
            var bytes = new byte[64];
            new Random(seed).NextBytes(bytes);
            if (Methods.All(m => Fails(m.InputType, bytes)))
            {
                return bytes;
            }
        }
    }

    private static bool Fails(MessageDescriptor type, byte[] bytes)
    {
        try
        {
            type.Parser.ParseFrom(bytes);
            return false;
        }
        catch (InvalidProtocolBufferException)
        {
            return true;
        }
        catch (System.Text.DecoderFallbackException)
        {
            return false; // a string that is not UTF-8: the reply would name that field
        }
    }

    /// <summary>A message written field by field with protobuf's own writer, so a string field can carry any bytes.</summary>
    internal static byte[] Message(Action<FieldWriter> fields)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        fields(new FieldWriter(output));
        output.Flush();
        return buffer.ToArray();
    }

    internal sealed class FieldWriter(CodedOutputStream output)
    {
        /// <summary>A length-delimited field (string, bytes or embedded message) holding exactly <paramref name="bytes"/>.</summary>
        public FieldWriter String(int field, byte[] bytes)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(bytes));
            return this;
        }
    }
}
