using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// The real server in the production profile with one API-key client (<c>his</c>) and
/// failed-authentication throttling at <see cref="MaxFailures"/> per ten-minute window, with short
/// delays (so a flood of wrong keys runs quickly) and summaries every second. Calls can come from
/// any 127.0.0.0/8 address (<see cref="ChannelFrom"/>): on Linux the whole block is loopback.
/// </summary>
public sealed class FailedAuthenticationFixture : ApplianceServerFixture
{
    public const int MaxFailures = 5;

    public FailedAuthenticationFixture()
    {
        Environment = "Production";
        AllowAnonymous = false;
        MinimumLogLevel = LogLevel.Information;
        His = AddApiKeyClient("his");
        Settings["Appliance:Audit:Directory"] = AuditDirectory;
        Settings["Appliance:Audit:FlushInterval"] = "00:00:00.100";
        Settings["Appliance:Security:FailedAuthentication:MaxFailures"] = MaxFailures.ToString(CultureInfo.InvariantCulture);
        Settings["Appliance:Security:FailedAuthentication:Window"] = "00:10:00";
        Settings["Appliance:Security:FailedAuthentication:FirstDelay"] = "00:00:00.001";
        Settings["Appliance:Security:FailedAuthentication:MaxDelay"] = "00:00:00.005";
        Settings["Appliance:Security:FailedAuthentication:SummaryInterval"] = "00:00:01";
    }

    public ApiKeyClient His { get; }

    public string AuditDirectory => Folder.Combine("audit");

    /// <summary>A channel whose connections leave from <paramref name="source"/> (a loopback address), so the server sees that peer address.</summary>
    public GrpcChannel ChannelFrom(IPAddress source)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return GrpcChannel.ForAddress(Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>Metadata carrying an API key.</summary>
    public static Metadata Key(string key) => ApiKeyClient.Headers(key);
}
