using Appliance.Core.Grounding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Appliance.Grounding;

/// <summary>Composition of the grounding checker for the server.</summary>
public static class GroundingServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="GroundingOptions"/> from <c>Appliance:Grounding</c> (validated at start) and
    /// registers one <see cref="GroundingChecker"/> as <see cref="IGroundingChecker"/>. The checker is
    /// created (lexicon read and compiled, jieba's dictionary loaded) on first use.
    /// </summary>
    public static IServiceCollection AddGrounding(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GroundingOptions>().Bind(configuration.GetSection(GroundingOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GroundingOptions>, GroundingOptionsValidator>();
        services.AddSingleton<GroundingChecker>();
        services.AddSingleton<IGroundingChecker>(sp => sp.GetRequiredService<GroundingChecker>());
        return services;
    }
}
