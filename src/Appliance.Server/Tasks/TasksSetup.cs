using Appliance.Core.Grounding;
using Appliance.Grounding;
using Appliance.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Tasks;

/// <summary>
/// The clinical task layer: <c>Appliance:Tasks</c> (validated with every template at start), the
/// template library, selection, the runner and its metrics, and the grounding checker (Appliance.Grounding).
/// </summary>
internal static class TasksSetup
{
    public static IServiceCollection AddClinicalTasks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TasksOptions>().BindCheckedConfiguration(TasksOptions.SectionName);
        services.AddSingleton<IValidateOptions<TasksOptions>, TasksOptionsValidator>();
        services.AddSingleton<TaskLibrary>();
        services.AddSingleton<TaskResolver>();
        services.AddSingleton<TaskMetrics>();
        services.AddSingleton<TaskRunner>();
        AddGroundingChecker(services, configuration);
        return services;
    }

    /// <summary>
    /// The deterministic checker of <c>Appliance.Grounding</c> (its options <c>Appliance:Grounding</c>).
    /// A checker registered before (a test's double) stays the one resolved; the real one is still
    /// there as <see cref="GroundingChecker"/>.
    /// </summary>
    private static void AddGroundingChecker(IServiceCollection services, IConfiguration configuration)
    {
        var prior = services.LastOrDefault(d => d.ServiceType == typeof(IGroundingChecker));
        services.AddGrounding(configuration);
        services.AddKnownSection(GroundingOptions.SectionName);
        if (prior is not null)
        {
            services.Add(prior);
        }
    }
}
