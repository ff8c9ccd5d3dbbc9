using Microsoft.Extensions.Options;

namespace Appliance.Server.Configuration;

/// <summary>
/// <c>BindConfiguration</c> with the section's shape checked (<see cref="ConfigurationShape"/>): an
/// unknown key or a value the binder cannot convert fails start-up validation naming the key,
/// together with the section's other validation failures, instead of being ignored (or of the
/// binder throwing without the allowed values). Each checked section is also a known child of
/// <c>Appliance</c> (<see cref="ApplianceSectionsValidator"/>).
/// </summary>
internal static class CheckedBinding
{
    /// <summary>Binds <paramref name="sectionName"/> to <typeparamref name="T"/> when its shape is right, and validates the shape on start.</summary>
    /// <param name="builder">The options.</param>
    /// <param name="sectionName">The full key of the section (<c>Appliance:Server</c>).</param>
    /// <param name="handledElsewhere">Child keys another validator reports with a better message (a section that moved).</param>
    public static OptionsBuilder<T> BindCheckedConfiguration<T>(this OptionsBuilder<T> builder, string sectionName, params string[] handledElsewhere)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configure<IConfiguration>((options, configuration) =>
        {
            // A value the binder cannot convert would throw here; the validator names it instead.
            var section = configuration.GetSection(sectionName);
            if (ConfigurationShape.CanBind(section, typeof(T)))
            {
                section.Bind(options);
            }
        });
        builder.Services.AddSingleton<IValidateOptions<T>>(sp => new ShapeValidator<T>(sp.GetRequiredService<IConfiguration>(), sectionName, handledElsewhere));
        builder.Services.AddKnownSection(sectionName);
        return builder.ValidateOnStart();
    }

    /// <summary>Declares a child of <c>Appliance</c> that some part of the server reads.</summary>
    public static IServiceCollection AddKnownSection(this IServiceCollection services, string sectionName)
    {
        services.AddSingleton(new KnownSection(sectionName));
        services.AddOptions<ApplianceSections>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApplianceSections>, ApplianceSectionsValidator>();
        return services;
    }

    private sealed class ShapeValidator<T>(IConfiguration configuration, string sectionName, string[] handledElsewhere) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = ConfigurationShape.Check(configuration.GetSection(sectionName), typeof(T), handledElsewhere);
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
