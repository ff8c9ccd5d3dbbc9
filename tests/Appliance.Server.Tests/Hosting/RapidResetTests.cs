using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Appliance.Server.Tests.Hosting;

/// <summary>
/// An HTTP/2 "rapid reset" flood (streams opened and reset at once, CVE-2023-44487) is refused by
/// Kestrel's protection: that is logged as one Warning naming the peer address, not as a Critical
/// with a stack trace, and the server keeps serving. Raw frames over a socket, as an attacker sends them.
/// </summary>
public sealed class RapidResetTests : IAsyncLifetime
{
    private readonly ApplianceServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task RapidResetFlood_LoggedAsOneWarningWithThePeer_NoCritical_ServerKeepsServing()
    {
        var endpoint = new Uri(_server.Address);
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port).Within();
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
            await stream.WriteAsync(Frame(type: 4, flags: 0, streamId: 0, [])); // SETTINGS
            var headers = Headers(endpoint.Authority);
            try
            {
                // Never read: Kestrel's answers (and its resets) pile up until its protection closes the connection.
                for (var id = 1; id < 40_000; id += 2)
                {
                    await stream.WriteAsync(Frame(type: 1, flags: 0x4, streamId: id, headers)); // HEADERS, END_HEADERS
                    await stream.WriteAsync(Frame(type: 3, flags: 0, streamId: id, [0, 0, 0, 8])); // RST_STREAM CANCEL
                }
            }
            catch (IOException)
            {
                // The server closed the connection: the protection fired.
            }
        }

        await Bounded.UntilAsync(() => _server.Logs.Any(l => l.Contains("HTTP/2 flood refused", StringComparison.Ordinal)), "the flood warning");
        var warning = _server.Logs.First(l => l.Contains("HTTP/2 flood refused", StringComparison.Ordinal));
        Assert.Contains("[Warning]", warning, StringComparison.Ordinal);
        Assert.True(warning.Contains("127.0.0.1:", StringComparison.Ordinal), warning);
        Assert.DoesNotContain(_server.Logs, l => l.Contains("[Critical]", StringComparison.Ordinal));
        await _server.Server.WaitForServingAsync(string.Empty, Bounded.Timeout);
    }

    private static byte[] Frame(byte type, byte flags, int streamId, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), streamId);
        payload.CopyTo(frame, 9);
        return frame;
    }

    /// <summary>HPACK literal header fields without indexing (no Huffman): enough for a gRPC health check.</summary>
    private static byte[] Headers(string authority)
    {
        var block = new List<byte>();
        foreach (var (name, value) in new[]
        {
            (":method", "POST"), (":scheme", "http"), (":path", "/grpc.health.v1.Health/Check"), (":authority", authority),
            ("content-type", "application/grpc"), ("te", "trailers"),
        })
        {
            block.Add(0);
            block.Add((byte)name.Length);
            block.AddRange(Encoding.ASCII.GetBytes(name));
            block.Add((byte)value.Length);
            block.AddRange(Encoding.ASCII.GetBytes(value));
        }

        return [.. block];
    }
}
