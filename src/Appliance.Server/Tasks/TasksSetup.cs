using System.Reflection;
using Appliance.Core.Grounding;
using Appliance.Server.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Tasks;

/// <summary>
/// The clinical task layer: <c>Appliance:Tasks</c> (validated with every template at start), the
/// template library, selection, the runner and its metrics, and the grounding checker.
/// </summary>
internal static class TasksSetup
{
    /// <summary>The assembly and type of the deterministic grounding checker (issue 16 item 4), found by name.</summary>
    public const string CheckerType = "Appliance.Grounding.GroundingChecker, Appliance.Grounding";

    public static IServiceCollection AddClinicalTasks(this IServiceCollection services)
    {
        services.AddOptions<TasksOptions>().BindCheckedConfiguration(TasksOptions.SectionName);
        services.AddSingleton<IValidateOptions<TasksOptions>, TasksOptionsValidator>();
        services.AddSingleton<TaskLibrary>();
        services.AddSingleton<TaskResolver>();
        services.AddSingleton<TaskMetrics>();
        services.AddSingleton<TaskRunner>();
        AddGroundingChecker(services);
        return services;
    }

    /// <summary>
    /// The checker when the Appliance.Grounding assembly ships beside the server (referenced by the
    /// server project, or dropped in its folder), unless one is registered already (tests register a
    /// deterministic double). Without it RunTask and CheckGrounding answer UNAVAILABLE; the other
    /// methods work.
    /// </summary>
    private static void AddGroundingChecker(IServiceCollection services)
    {
        Type? type;
        try
        {
            type = Type.GetType(CheckerType, throwOnError: false);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            type = null;
        }

        if (type is not null && typeof(IGroundingChecker).IsAssignableFrom(type))
        {
            services.TryAddSingleton(typeof(IGroundingChecker), sp => ActivatorUtilities.CreateInstance(sp, type));
        }
    }
}
