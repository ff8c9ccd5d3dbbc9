namespace Appliance.Catalog.Tests.Gguf;

public sealed class SyntheticRandomTests
{
    [Fact]
    public void Ln_AcrossUnitInterval_MatchesMathLog()
    {
        for (var k = 1; k <= 1 << 24; k += 997)
        {
            var x = k * (1f / (1 << 24));
            Assert.InRange(SyntheticRandom.Ln(x) - Math.Log(x), -2e-6, 2e-6);
        }
    }

    [Fact]
    public void SinCosQuarter_AcrossQuarterTurn_MatchesMathSinCos()
    {
        for (var q = 0u; q < 1 << 22; q += 331)
        {
            var angle = q * (Math.PI / 2 / (1 << 22));
            var (sin, cos) = SyntheticRandom.SinCosQuarter(q);
            Assert.InRange(sin - Math.Sin(angle), -1e-6, 1e-6);
            Assert.InRange(cos - Math.Cos(angle), -1e-6, 1e-6);
        }
    }

    [Fact]
    public void FillNormal_ManySamples_HaveNormalMomentsAndTails()
    {
        var values = new float[1 << 20];
        var random = new SyntheticRandom(123);
        random.FillNormal(values, 1f);

        var mean = values.Average();
        var variance = values.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.005, 0.005);
        Assert.InRange(variance, 0.99, 1.01);
        Assert.InRange(values.Count(v => Math.Abs(v) < 1) / (double)values.Length, 0.6787, 0.6867);   // 68.27%
        Assert.InRange(values.Count(v => Math.Abs(v) < 2) / (double)values.Length, 0.9525, 0.9565);   // 95.45%
        Assert.InRange(values.Count(v => v > 0) / (double)values.Length, 0.495, 0.505);
    }

    [Fact]
    public void ForRow_SameAndDifferentCoordinates_SameAndDifferentStreams()
    {
        Assert.Equal(SyntheticRandom.ForRow(1, 2, 3).NextUInt64(), SyntheticRandom.ForRow(1, 2, 3).NextUInt64());
        Assert.NotEqual(SyntheticRandom.ForRow(1, 2, 3).NextUInt64(), SyntheticRandom.ForRow(1, 2, 4).NextUInt64());
        Assert.NotEqual(SyntheticRandom.ForRow(1, 2, 3).NextUInt64(), SyntheticRandom.ForRow(1, 3, 3).NextUInt64());
        Assert.NotEqual(SyntheticRandom.ForRow(1, 2, 3).NextUInt64(), SyntheticRandom.ForRow(2, 2, 3).NextUInt64());
    }
}
