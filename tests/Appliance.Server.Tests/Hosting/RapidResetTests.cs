using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Appliance.Server.Tests.Hosting;

/// <summary>
/// An HTTP/2 "rapid reset" flood (streams opened and reset at once, CVE-2023-44487) is refused by
/// Kestrel's protection, whichever of its limits fires: that is logged as one Warning naming the
/// peer address (not as a Critical with a stack trace, nor only at Debug), and the server keeps serving. Raw frames over a socket, as an attacker sends them.
/// </summary>
public sealed class RapidResetTests : IAsyncLifetime
{
    private readonly ApplianceServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    /// <summary>
    /// How many streams the flood may open before the test gives up on the protection: far more than
    /// it takes when the output backs up (a few thousand), so a slow or busy run still sees it fire.
    /// </summary>
    private const int MaxStreams = 1_000_000;

    /// <summary>Streams opened and reset per write.</summary>
    private const int Batch = 256;

    [Fact]
    public async Task RapidResetFlood_LoggedAsOneWarningWithThePeer_NoCritical_ServerKeepsServing()
    {
        var endpoint = new Uri(_server.Address);
        var sent = 0;
        var closed = false;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var socket = new TcpClient())
        {
            // A small receive window: Kestrel's answers back up in its output queue quickly instead of
            // filling loopback's large socket buffers, which is what let an earlier 20,000-stream flood pass unnoticed.
            socket.ReceiveBufferSize = 4096;
            await socket.ConnectAsync(endpoint.Host, endpoint.Port).Within();
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
            await stream.WriteAsync(Frame(type: 4, flags: 0, streamId: 0, [])); // SETTINGS
            var headers = Headers(endpoint.Authority);

            // A write the server never takes (it stopped reading without closing) ends the flood too.
            using var bound = new CancellationTokenSource(Bounded.CallTimeout);
            try
            {
                // Never read: Kestrel's answers (and its resets) pile up until one of its limits closes the
                // connection (output queue, ENHANCE_YOUR_CALM refusals a second, flow-control queue: which
                // one depends on timing; the second once closed it after 3,694 streams with only a Debug
                // line), which the flood sees as a failed write. Sent in batches, to be quick.
                for (var id = 1; sent < MaxStreams && !bound.IsCancellationRequested; sent += Batch)
                {
                    using var batch = new MemoryStream();
                    for (var i = 0; i < Batch; i++, id += 2)
                    {
                        batch.Write(Frame(type: 1, flags: 0x4, streamId: id, headers)); // HEADERS, END_HEADERS
                        batch.Write(Frame(type: 3, flags: 0, streamId: id, [0, 0, 0, 8])); // RST_STREAM CANCEL
                    }

                    await stream.WriteAsync(batch.GetBuffer().AsMemory(0, (int)batch.Length), bound.Token);
                }
            }
            catch (IOException)
            {
                closed = true; // the server closed the connection: the protection fired
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested)
            {
                // Gave up: asserted below.
            }
        }

        Assert.True(closed, $"the server never closed the flooding connection ({sent} streams opened and reset in {clock.Elapsed})");
        await Bounded.UntilAsync(() => _server.Logs.Any(l => l.Contains("HTTP/2 flood refused", StringComparison.Ordinal)), () => $"the flood warning (the connection closed after {sent} streams); the server logged:\n{string.Join('\n', _server.Logs.Where(l => !l.Contains("scope:", StringComparison.Ordinal)).TakeLast(20))}");
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
