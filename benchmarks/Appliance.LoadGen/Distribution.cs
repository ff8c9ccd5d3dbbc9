namespace Appliance.LoadGen;

/// <summary>Percentiles of a sample, by linear interpolation between closest ranks (numpy's default).</summary>
internal sealed class Distribution
{
    private readonly double[] _sorted;

    public Distribution(IEnumerable<double> values)
    {
        _sorted = [.. values.Where(double.IsFinite)];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    /// <summary>The <paramref name="percent"/>th percentile; NaN for an empty sample.</summary>
    public double Percentile(double percent)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = percent / 100 * (_sorted.Length - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, _sorted.Length - 1);
        return _sorted[lower] + ((rank - lower) * (_sorted[upper] - _sorted[lower]));
    }
}
