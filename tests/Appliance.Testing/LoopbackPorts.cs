using System.Net;
using System.Net.Sockets;

namespace Appliance.Testing;

/// <summary>TCP ports for processes a test starts on loopback (Prometheus, HAProxy, server processes) that must be told a port in advance.</summary>
public static class LoopbackPorts
{
    /// <summary>A port the kernel just handed out on 127.0.0.1 and took back: free unless another process grabs it first.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
