using System.Net;
using System.Net.Sockets;

namespace Appliance.Contracts.Balancing;

/// <summary>
/// A TCP connection to one chosen address, for a <see cref="SocketsHttpHandler.ConnectCallback"/>: the
/// handler keeps speaking to the URL's host (Host header, TLS name) while the socket goes to one box.
/// </summary>
public static class EndPointConnection
{
    public static async ValueTask<Stream> OpenAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
