namespace Appliance.Catalog.Tests.Gguf;

public sealed class GgmlQuantizerTests
{
    [Fact]
    public void QuantizeQ8_0_KnownBlock_MatchesReferenceBytes()
    {
        // amax = 127 gives d = 1 exactly, so q = round(x) (halves away from zero).
        var x = new float[32];
        for (var j = 0; j < 31; j++)
        {
            x[j] = j - 15;
        }

        x[0] = 2.5f;
        x[1] = -2.5f;
        x[31] = 127f;
        var bytes = new byte[GgmlQuantizer.Q8BlockBytes];

        var written = GgmlQuantizer.QuantizeQ8_0(x, bytes);

        var expected = new byte[34];
        expected[0] = 0x00; // f16 1.0 = 0x3C00, little-endian
        expected[1] = 0x3C;
        for (var j = 0; j < 31; j++)
        {
            expected[2 + j] = unchecked((byte)(sbyte)(j - 15));
        }

        expected[2] = 3;
        expected[3] = unchecked((byte)-3);
        expected[33] = 0x7F;
        Assert.Equal(34, written);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void QuantizeQ4_0_KnownBlock_PacksLowAndHighNibbles()
    {
        // The first value of largest magnitude is -8, so d = -8 / -8 = 1 and q = x + 8.
        var x = new float[32];
        for (var j = 0; j < 16; j++)
        {
            x[j] = j - 8;
            x[j + 16] = 7 - j;
        }

        var bytes = new byte[GgmlQuantizer.Q4BlockBytes];

        var written = GgmlQuantizer.QuantizeQ4_0(x, bytes);

        var expected = new byte[18];
        expected[1] = 0x3C;
        for (var j = 0; j < 16; j++)
        {
            expected[2 + j] = (byte)(j | ((15 - j) << 4));
        }

        Assert.Equal(18, written);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void QuantizeQ4_0_PositiveMaximum_NegativeScaleAndClampsOppositeExtreme()
    {
        var x = new float[32];
        x[0] = 8f;
        x[1] = -8f;
        var bytes = new byte[18];

        GgmlQuantizer.QuantizeQ4_0(x, bytes);

        Assert.Equal(0xBC, bytes[1]); // f16 -1.0 = 0xBC00
        Assert.Equal(0x00, bytes[0]);
        Assert.Equal(0, bytes[2] & 0x0F);  // 8 * -1 + 8.5 -> 0
        Assert.Equal(15, bytes[3] & 0x0F); // -8 * -1 + 8.5 = 16.5 -> clamped to 15
        Assert.Equal(8, bytes[4] & 0x0F);  // zero -> 8
        var decoded = new float[32];
        GgmlQuantizer.Decode(GgmlType.Q4_0, bytes, decoded);
        Assert.Equal(8f, decoded[0]);
        Assert.Equal(-7f, decoded[1]);
        Assert.Equal(0f, decoded[2]);
    }

    [Fact]
    public void QuantizeQ8_0_RandomValues_RoundTripErrorWithinHalfStep()
    {
        var x = RandomValues(32 * 64, seed: 1);

        var y = RoundTrip(GgmlType.Q8_0, x);

        for (var b = 0; b < x.Length / 32; b++)
        {
            var block = x.AsSpan(b * 32, 32);
            var step = MaxAbs(block) / 127f;
            for (var j = 0; j < 32; j++)
            {
                // Half a step from rounding, plus the f16 rounding of the scale (2^-11 relative).
                Assert.InRange(MathF.Abs(y[(b * 32) + j] - block[j]), 0f, (step * 0.5f) + (MathF.Abs(block[j]) * 0.001f) + 1e-7f);
            }
        }
    }

    [Fact]
    public void QuantizeQ4_0_RandomValues_RoundTripErrorWithinOneStep()
    {
        var x = RandomValues(32 * 64, seed: 2);

        var y = RoundTrip(GgmlType.Q4_0, x);

        var totalError = 0.0;
        for (var b = 0; b < x.Length / 32; b++)
        {
            var block = x.AsSpan(b * 32, 32);
            var step = MaxAbs(block) / 8f;
            for (var j = 0; j < 32; j++)
            {
                var error = MathF.Abs(y[(b * 32) + j] - block[j]);
                totalError += error;

                // Half a step from rounding; a full step only where the opposite extreme clamps.
                Assert.InRange(error, 0f, (step * 1.001f) + 1e-7f);
            }
        }

        Assert.InRange(totalError / x.Length, 0, MaxAbs(x) / 8 * 0.3);
    }

    [Fact]
    public void Encode_F16_RoundTripsRepresentableValuesExactly()
    {
        float[] x = [0f, 1f, -2.5f, 65504f, 0.000061035156f];
        var bytes = new byte[10];
        GgmlQuantizer.Encode(GgmlType.F16, x, bytes);
        var y = new float[5];

        GgmlQuantizer.Decode(GgmlType.F16, bytes, y);

        Assert.Equal(x, y);
    }

    [Fact]
    public void QuantizeQ8_0_PartialBlock_Throws()
    {
        Assert.Throws<ArgumentException>(() => GgmlQuantizer.QuantizeQ8_0(new float[31], new byte[34]));
    }

    /// <summary>Encodes <paramref name="x"/> as <paramref name="type"/> and decodes it back.</summary>
    private static float[] RoundTrip(GgmlType type, float[] x)
    {
        var bytes = new byte[GgmlQuantizer.EncodedBytes(type, x.Length)];
        GgmlQuantizer.Encode(type, x, bytes);
        var y = new float[x.Length];
        GgmlQuantizer.Decode(type, bytes, y);
        return y;
    }

    private static float[] RandomValues(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * 0.05f).ToArray();
    }

    private static float MaxAbs(ReadOnlySpan<float> values)
    {
        var max = 0f;
        foreach (var v in values)
        {
            max = MathF.Max(max, MathF.Abs(v));
        }

        return max;
    }
}
