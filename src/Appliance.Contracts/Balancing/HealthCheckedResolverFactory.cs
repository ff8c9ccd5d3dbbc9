using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;

namespace Appliance.Contracts.Balancing;

/// <summary>Creates the <see cref="HealthCheckedResolver"/> of a <see cref="FleetChannel"/> (the channel address's scheme names it).</summary>
internal sealed class HealthCheckedResolverFactory(IReadOnlyList<Uri> boxes, Func<GrpcChannelOptions> options, TimeSpan interval) : ResolverFactory
{
    public const string Scheme = "appliance-fleet";

    public override string Name => Scheme;

    public override Resolver Create(ResolverOptions options1) => new HealthCheckedResolver(boxes, options, interval);
}
