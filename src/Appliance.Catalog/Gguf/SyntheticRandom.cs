namespace Appliance.Catalog.Gguf;

/// <summary>
/// xoshiro256** seeded through SplitMix64: fast, deterministic on every platform, and cheap
/// to seed, so every weight row gets its own stream (rows can be generated in any order, or
/// in parallel, and the file is still byte-identical). Mutable struct: pass by ref.
/// </summary>
internal struct SyntheticRandom
{
    // Taylor coefficients (-1)^k / n! of sin and cos.
    private const float S3 = -1f / 6f;
    private const float S5 = 1f / 120f;
    private const float S7 = -1f / 5040f;
    private const float S9 = 1f / 362880f;
    private const float S11 = -1f / 39916800f;
    private const float C2 = -1f / 2f;
    private const float C4 = 1f / 24f;
    private const float C6 = -1f / 720f;
    private const float C8 = 1f / 40320f;
    private const float C10 = -1f / 3628800f;
    private const float C12 = 1f / 479001600f;

    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public SyntheticRandom(ulong seed)
    {
        _s0 = SplitMix64(ref seed);
        _s1 = SplitMix64(ref seed);
        _s2 = SplitMix64(ref seed);
        _s3 = SplitMix64(ref seed);
    }

    /// <summary>A stream for one row of one tensor of a model seeded with <paramref name="seed"/>.</summary>
    public static SyntheticRandom ForRow(int seed, int tensorIndex, long row)
    {
        var key = (ulong)(uint)seed;
        key = Mix(key ^ ((ulong)(uint)tensorIndex << 32));
        key = Mix(key ^ (ulong)row);
        return new SyntheticRandom(key);
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// Fills <paramref name="values"/> with normal samples, mean 0 (Box-Muller). The log and
    /// sine/cosine are polynomials in plain float arithmetic rather than MathF (libm), whose
    /// last bits differ between C runtimes, so the bytes do not depend on the platform's libm; their
    /// error (below 1e-6) is far below anything that matters for random weights. Branch-free:
    /// random branches would mispredict half the time.
    /// </summary>
    public void FillNormal(Span<float> values, float standardDeviation)
    {
        for (var i = 0; i < values.Length; i += 2)
        {
            var bits = NextUInt64();
            var u1 = ((uint)(bits >> 40) + 1) * (1f / (1 << 24)); // (0, 1]: safe to take the log of
            var radius = standardDeviation * MathF.Sqrt(-2f * Ln(u1));

            // The angle: 22 bits within a quarter turn, and two sign bits that reflect it into
            // one of the four quadrants (reflections keep it uniform over the whole turn).
            var (sin, cos) = SinCosQuarter((uint)(bits >> 18) & 0x3FFFFF);
            var signs = (uint)bits;
            values[i] = FlipSign(radius * cos, signs << 31);
            if (i + 1 < values.Length)
            {
                values[i + 1] = FlipSign(radius * sin, (signs >> 1) << 31);
            }
        }
    }

    /// <summary>ln(x) for normal positive x: exponent from the bits, atanh series for the mantissa.</summary>
    internal static float Ln(float x)
    {
        // Offsetting by the bits of sqrt(1/2) puts the mantissa in [sqrt(1/2), sqrt(2)) without a branch.
        const int SqrtHalfBits = 0x3F3504F3;
        var offset = BitConverter.SingleToInt32Bits(x) - SqrtHalfBits;
        var exponent = offset >> 23;
        var m = BitConverter.Int32BitsToSingle((offset & 0x007FFFFF) + SqrtHalfBits);
        var t = (m - 1f) / (m + 1f); // |t| < 0.172
        var t2 = t * t;
        var lnM = 2f * t * (1f + (t2 * ((1f / 3f) + (t2 * ((1f / 5f) + (t2 * ((1f / 7f) + (t2 * (1f / 9f)))))))));
        return (exponent * 0.6931471805599453f) + lnM;
    }

    /// <summary>sin and cos of (π/2)·q/2^22, for q below 2^22, by Taylor polynomials.</summary>
    internal static (float Sin, float Cos) SinCosQuarter(uint q22)
    {
        var x = q22 * (MathF.PI / 2f / (1 << 22)); // [0, π/2)
        var x2 = x * x;
        var s = x * (1f + (x2 * (S3 + (x2 * (S5 + (x2 * (S7 + (x2 * (S9 + (x2 * S11))))))))));
        var c = 1f + (x2 * (C2 + (x2 * (C4 + (x2 * (C6 + (x2 * (C8 + (x2 * (C10 + (x2 * C12)))))))))));
        return (s, c);
    }

    private static float FlipSign(float value, uint signBit) =>
        BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(value) ^ signBit);

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
