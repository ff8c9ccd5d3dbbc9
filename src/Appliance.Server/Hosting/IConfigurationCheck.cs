namespace Appliance.Server.Hosting;

/// <summary>
/// One part of the configuration that <c>appliancectl config check</c> (the server's
/// <see cref="ConfigurationCheckRun.Argument"/> mode) checks without starting the server. Each feature
/// that reads files of its own at start registers one (<c>services.AddSingleton&lt;IConfigurationCheck, ...&gt;()</c>
/// in <c>ApplianceApp</c>): model manifests (<see cref="ManifestsCheck"/>), task templates and drug lexicons.
/// They run in registration order, after the settings and clients (<see cref="SettingsCheck"/>) passed.
/// </summary>
internal interface IConfigurationCheck
{
    /// <summary>What is checked, as the report names it ("settings", "model manifests").</summary>
    string Name { get; }

    /// <summary>
    /// Whether a problem here stops the server's start (<see cref="StartupFailure.Check"/> runs the check, after
    /// the settings): task templates do; a broken model manifest only fails its model, a bad lexicon line is skipped.
    /// </summary>
    bool StopsStart { get; }

    /// <summary>
    /// Every problem, one line each naming the file or key, worded as the server reports it at start;
    /// empty when this part is fine. Runs only once the settings passed (<see cref="SettingsCheck"/> runs
    /// first), so a check may read its options.
    /// </summary>
    IReadOnlyList<string> Problems(IServiceProvider services);
}
