using Microsoft.Extensions.Options;

namespace Appliance.Server.Security;

/// <summary>An options monitor over one value that never changes (tools, benchmarks and tests build a <see cref="ClientDirectory"/> with it).</summary>
internal sealed class FixedOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
