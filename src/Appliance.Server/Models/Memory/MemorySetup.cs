using Appliance.Server.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Models.Memory;

/// <summary>Registers the memory estimates and, when <c>Appliance:Memory</c> gives any budget, the budget the model host asks before every load.</summary>
internal static class MemorySetup
{
    public static IServiceCollection AddModelMemory(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MemoryOptions>().BindCheckedConfiguration(MemoryOptions.SectionName);
        services.AddSingleton<IValidateOptions<MemoryOptions>, MemoryOptionsValidator>();
        services.TryAddSingleton<IDeviceMemoryTotals, DeviceMemoryTotals>();
        services.AddSingleton<ModelMemoryEstimates>();
        services.AddSingleton<MemoryBudgets>();
        services.AddSingleton<MemoryMetrics>();
        var configured = ConfigurationShape.BindOrDefault<MemoryOptions>(configuration.GetSection(MemoryOptions.SectionName));
        if (configured.Budgets().Count > 0)
        {
            // In place of the UnlimitedMemoryBudget that ApplianceApp adds with TryAdd.
            services.TryAddSingleton<IModelMemoryBudget, ModelMemoryBudget>();
        }

        return services;
    }
}
