using System.Globalization;
using System.Text;
using System.Text.Json;
using Appliance.Core.Configuration;
using Appliance.Server.Security;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Hosting;

/// <summary>
/// Turns a configuration error found while the server starts into the operator's message alone:
/// every problem named by its key or file, no .NET stack trace (it says nothing IT can act on,
/// and systemd's journal keeps stderr). Other exceptions are not configuration errors and keep
/// their stack.
/// </summary>
internal static class StartupFailure
{
    /// <summary>The process exit code of a configuration error (documented in appliance/RUNBOOK.md; the unit does not restart on it).</summary>
    public const int ConfigurationExitCode = 1;

    /// <summary>The message for <paramref name="exception"/>, or null when it is not a configuration error.</summary>
    public static string? Describe(Exception exception) =>
        Problems(exception) is { } problems ? Format(problems) : null;

    /// <summary>Every distinct problem <paramref name="exception"/> reports, or null when it is not a configuration error.</summary>
    public static IReadOnlyList<string>? Problems(Exception exception)
    {
        var problems = new List<string>();
        return Collect(exception, problems) && problems.Count > 0 ? problems.Distinct(StringComparer.Ordinal).ToList() : null;
    }

    private static bool Collect(Exception exception, List<string> problems)
    {
        switch (exception)
        {
            case OptionsValidationException options:
                problems.AddRange(options.Failures);
                return true;
            case AggregateException aggregate:
                return aggregate.InnerExceptions.All(inner => Collect(inner, problems));
            case InvalidDataException { InnerException: { } inner } file when inner is JsonException or FormatException:
                // A settings file that does not parse (the JSON provider names the file in the outer message).
                var json = inner as JsonException ?? inner.InnerException as JsonException;
                problems.Add($"{file.Message.TrimEnd('.')}: {(json is null ? inner.Message : JsonSyntaxError.Describe(json, FileText(file.Message)))}");
                return true;
            case IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException } bind:
                // Kestrel's "Failed to bind to address http://127.0.0.1:5080: address already in use."
                problems.Add($"{bind.Message.TrimEnd('.')}: another process listens there; stop it, or move the appliance "
                    + "(gRPC: Kestrel:Endpoints:Grpc:Url, metrics: Appliance:Metrics:Port)");
                return true;
            default:
                return false;
        }
    }

    /// <summary>The text of the file the JSON provider's message names ("...from file '/etc/appliance/x.json'."), or null.</summary>
    private static string? FileText(string message)
    {
        var start = message.IndexOf('\'', StringComparison.Ordinal);
        var end = message.LastIndexOf('\'', message.Length - 1);
        if (start < 0 || end <= start)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(message[(start + 1)..end]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static string Format(IReadOnlyList<string> distinct)
    {
        var text = new StringBuilder("Appliance did not start: the configuration has ")
            .Append(distinct.Count == 1 ? "a problem" : string.Create(CultureInfo.InvariantCulture, $"{distinct.Count} problems"))
            .Append(" (fix it, check with 'appliancectl config check', and start again):");
        foreach (var problem in distinct)
        {
            text.Append('\n').Append("  - ").Append(problem);
        }

        return text.ToString();
    }

    /// <summary>
    /// Runs every start-up validation now, before the host starts, so a configuration error is thrown
    /// here (and reported by <see cref="ApplianceApp.RunAsync"/>) rather than logged by the host with its stack:
    /// the settings (<see cref="CheckSettings"/>), then, when they pass, every <see cref="IConfigurationCheck"/>
    /// that stops the start (the task templates).
    /// </summary>
    public static void Check(IServiceProvider services)
    {
        CheckSettings(services);
        var problems = services.GetServices<IConfigurationCheck>().Where(c => c.StopsStart).SelectMany(c => c.Problems(services)).ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException("files", typeof(IConfigurationCheck), problems);
        }
    }

    /// <summary>Every <c>ValidateOnStart</c> section, then the calling systems (<see cref="ClientDirectory"/>).</summary>
    public static void CheckSettings(IServiceProvider services)
    {
        var errors = new List<Exception>();
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
        {
            errors.Add(ex);
        }

        try
        {
            _ = services.GetRequiredService<ClientDirectory>();
        }
        catch (OptionsValidationException ex)
        {
            errors.Add(ex);
        }

        if (errors.Count > 0)
        {
            throw new AggregateException(errors);
        }
    }
}
