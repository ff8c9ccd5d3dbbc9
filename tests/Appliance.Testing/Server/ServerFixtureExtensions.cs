namespace Appliance.Testing.Server;

/// <summary>Starts a fixture that a test owns (not one xunit shares).</summary>
public static class ServerFixtureExtensions
{
    /// <summary>
    /// Starts <paramref name="fixture"/> and returns it, to be disposed by the caller
    /// (<c>await using var server = await new ApplianceServerFixture { ... }.StartAsync();</c>);
    /// disposes it when the start fails.
    /// </summary>
    public static async Task<T> StartAsync<T>(this T fixture)
        where T : ApplianceServerFixture
    {
        ArgumentNullException.ThrowIfNull(fixture);
        try
        {
            await fixture.InitializeAsync();
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }
}
