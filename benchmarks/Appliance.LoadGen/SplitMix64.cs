namespace Appliance.LoadGen;

/// <summary>SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fixed forever, unlike System.Random's algorithm.</summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    /// <summary>
    /// A generator for one purpose (<paramref name="salt"/>) of item <paramref name="index"/>, independent
    /// of the prompt text's generator for the same seed and index.
    /// </summary>
    public static SplitMix64 Derive(uint seed, int index, ulong salt)
    {
        var mixer = new SplitMix64(((ulong)seed << 32) ^ (uint)index);
        return new SplitMix64(mixer.NextUInt64() ^ salt);
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>) (modulo bias is negligible for small bounds).</summary>
    public uint Next(uint bound) => (uint)(NextUInt64() % bound);

    /// <summary>Uniform in [0, 1), 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
