namespace Appliance.Server.Security;

/// <summary>
/// Throttling of failed authentication per source address (configuration section
/// <c>Appliance:Security:FailedAuthentication</c>). After <see cref="MaxFailures"/> failed
/// authentications from one address within <see cref="Window"/>, every further call from that
/// address is refused Unauthenticated without checking its credentials until the window ends,
/// each refusal held back by a delay that doubles from <see cref="FirstDelay"/> up to
/// <see cref="MaxDelay"/>. The failures that were checked are logged and audited one by one;
/// the refusals without a check are summarised once per <see cref="SummaryInterval"/> per address.
/// </summary>
public sealed class FailedAuthenticationOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = SecurityOptions.SectionName + ":FailedAuthentication";

    /// <summary>Whether failed authentications are throttled (default true). Off only where every caller reaches the server from one address that cannot be told apart (a proxy on the box).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Failed authentications from one address within <see cref="Window"/> before its calls are refused unchecked (default 20).</summary>
    public int MaxFailures { get; set; } = 20;

    /// <summary>The counting window, which starts at an address's first failure; throttling ends with it (default 1 minute).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the first refusal without a check is held back before it is sent; each further one doubles it (default 100 ms).</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest a refusal is held back (default 5 s). Held asynchronously: no thread waits.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the refusals without a check are summarised per address in the log and the audit log (default 1 minute).</summary>
    public TimeSpan SummaryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most source addresses tracked at once (default 10,000); beyond it, new addresses share one entry until old ones expire.</summary>
    public int MaxTrackedAddresses { get; set; } = 10_000;

    /// <summary>Every problem with these settings, each naming its key.</summary>
    internal IEnumerable<string> Problems()
    {
        if (MaxFailures is < 1 or > 1_000_000)
        {
            yield return $"{SectionName}:MaxFailures must be between 1 and 1000000 (failed authentications per address within the window); it is {MaxFailures}";
        }

        foreach (var (key, value, min, max) in new[]
        {
            (nameof(Window), Window, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            (nameof(FirstDelay), FirstDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            (nameof(MaxDelay), MaxDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            (nameof(SummaryInterval), SummaryInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
        })
        {
            if (value < min || value > max)
            {
                yield return $"{SectionName}:{key} must be between {min:c} and {max:c}; it is {value:c}";
            }
        }

        if (MaxDelay < FirstDelay)
        {
            yield return $"{SectionName}:MaxDelay ({MaxDelay:c}) must not be less than FirstDelay ({FirstDelay:c})";
        }

        if (MaxTrackedAddresses is < 1 or > 10_000_000)
        {
            yield return $"{SectionName}:MaxTrackedAddresses must be between 1 and 10000000; it is {MaxTrackedAddresses}";
        }
    }
}
