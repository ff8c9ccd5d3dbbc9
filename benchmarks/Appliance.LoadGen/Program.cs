using Appliance.Contracts.Balancing;
using Appliance.LoadGen;
using Grpc.Net.Client;

var (options, error) = LoadGenArgs.Parse(args);
if (options is null)
{
    if (error is null)
    {
        Console.WriteLine(LoadGenUsage.Text);
        return 0;
    }

    Console.Error.WriteLine($"error: {error} (see --help)");
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

if (BoxAddresses.Parse(options.Server, out var serverError) is not { } boxes)
{
    Console.Error.WriteLine($"error: --server: {serverError} (see --help)");
    return 2;
}

// One channel for every stream: HTTP/2 multiplexes them, opening another connection only when
// the server's concurrent-stream limit (Kestrel: 100) is reached. Several boxes (or a DNS name):
// calls balanced per call over the SERVING ones (FleetChannel).
static GrpcChannelOptions ChannelOptions() => new()
{
    HttpHandler = new SocketsHttpHandler
    {
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
    },
};
using var channel = FleetChannel.IsFleet(boxes) ? FleetChannel.Create(boxes, ChannelOptions) : GrpcChannel.ForAddress(boxes[0], ChannelOptions());

return options.Mode == LoadGenMode.Embed
    ? await new EmbedApp(channel, options, Console.Out, Console.Error).RunAsync(cancellation.Token)
    : await new LoadGenApp(channel, options, Console.Out, Console.Error).RunAsync(cancellation.Token);
