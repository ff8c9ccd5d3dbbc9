namespace Appliance.Server.Tests.LoadBalancing;

/// <summary>The fleet tests run alone: their timings assume the 2 cores are not shared with other test classes' servers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadBalancingCollection
{
    public const string Name = "load balancing";
}
