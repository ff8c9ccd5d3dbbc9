using System.Globalization;

namespace Appliance.LoadGen;

/// <summary>
/// How one level loads the server: closed loop (<see cref="Concurrency"/> streams, each issuing its next
/// request when the previous one ends) or, when <see cref="Rate"/> is set, open loop (Poisson arrivals).
/// </summary>
internal sealed record LevelLoad(int Concurrency, double? Rate = null, string? Door = null)
{
    public bool IsOpenLoop => Rate is not null;

    /// <summary>The level's cell in the report's first column: streams, or arrivals per second.</summary>
    public string Cell => Rate is { } rate
        ? rate.ToString("0.###", CultureInfo.InvariantCulture)
        : Concurrency.ToString(CultureInfo.InvariantCulture) + (Door is null ? "" : " " + Door);

    /// <summary>"16 streams" or "2.5 req/s".</summary>
    public string Name => Rate is null ? $"{Cell} streams" : $"{Cell} req/s";

    /// <summary>The header of the report's first column for levels like this one.</summary>
    public string Header => Rate is null ? "streams" : "req/s";
}
