using System.Globalization;

namespace Appliance.LoadGen;

/// <summary>Values with relative weights (normalised: they need not sum to 1); picks one from a uniform draw.</summary>
internal sealed class WeightedMix<T>
    where T : notnull
{
    private readonly (T Value, double Weight)[] _items;
    private readonly double _total;

    public WeightedMix(IEnumerable<(T Value, double Weight)> items)
    {
        _items = [.. items];
        if (_items.Length == 0)
        {
            throw new FormatException("needs at least one entry");
        }

        foreach (var (value, weight) in _items)
        {
            if (!(weight >= 0) || double.IsInfinity(weight))
            {
                throw new FormatException($"weight of {value} must be a finite number >= 0 (got {weight})");
            }
        }

        if (_items.GroupBy(i => i.Value).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new FormatException($"{duplicate.Key} appears twice");
        }

        _total = _items.Sum(i => i.Weight);
        if (!(_total > 0))
        {
            throw new FormatException("the weights sum to 0");
        }
    }

    /// <summary>The values that can be picked (weight above 0), in the given order.</summary>
    public IReadOnlyList<T> Values => [.. _items.Where(i => i.Weight > 0).Select(i => i.Value)];

    /// <summary>The value whose share of [0, 1) holds <paramref name="unit"/>, a draw in [0, 1).</summary>
    public T Pick(double unit)
    {
        var target = unit * _total;
        var cumulative = 0.0;
        foreach (var (value, weight) in _items)
        {
            cumulative += weight;
            if (target < cumulative)
            {
                return value;
            }
        }

        // Rounding at the top end: the last value that can be picked.
        return _items.Last(i => i.Weight > 0).Value;
    }

    /// <summary>
    /// Divides <paramref name="count"/> slots between the values in proportion to their weights (largest
    /// remainder, ties to the earlier value), grouped in the given order; null when a value that can be
    /// picked would get none.
    /// </summary>
    public T[]? Apportion(int count)
    {
        var items = _items.Where(i => i.Weight > 0).ToArray();
        var quotas = items.Select(i => count * i.Weight / _total).ToArray();
        var shares = quotas.Select(q => (int)Math.Floor(q)).ToArray();
        var byRemainder = Enumerable.Range(0, items.Length).OrderByDescending(i => quotas[i] - shares[i]).ThenBy(i => i);
        foreach (var i in byRemainder.Take(count - shares.Sum()))
        {
            shares[i]++;
        }

        return shares.Any(s => s == 0) ? null : [.. items.SelectMany((item, i) => Enumerable.Repeat(item.Value, shares[i]))];
    }

    /// <summary>"urgent:0.1,batch:0.9", with the weights normalised to fractions.</summary>
    public string Format(Func<T, string> name) =>
        string.Join(",", _items.Where(i => i.Weight > 0).Select(i => string.Create(CultureInfo.InvariantCulture, $"{name(i.Value)}:{i.Weight / _total:0.###}")));
}
