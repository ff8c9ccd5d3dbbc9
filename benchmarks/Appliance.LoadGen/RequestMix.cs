using Appliance.Contracts.V1;

namespace Appliance.LoadGen;

/// <summary>Each request's priority class and calling client, drawn from the seed and the request number alone.</summary>
internal sealed class RequestMix
{
    private const ulong PrioritySalt = 0x5052_494F_5249_5459UL;
    private const ulong ClientSalt = 0x434C_4945_4E54_0001UL;

    private readonly uint _seed;
    private readonly WeightedMix<Priority> _priorities;
    private readonly WeightedMix<string> _clients;

    public RequestMix(LoadGenOptions options)
    {
        _seed = options.Seed;
        _priorities = options.PriorityMix;
        _clients = options.ClientMix;
    }

    public Priority PriorityOf(int index) => _priorities.Pick(SplitMix64.Derive(_seed, index, PrioritySalt).NextDouble());

    public string ClientOf(int index) => _clients.Pick(SplitMix64.Derive(_seed, index, ClientSalt).NextDouble());
}
