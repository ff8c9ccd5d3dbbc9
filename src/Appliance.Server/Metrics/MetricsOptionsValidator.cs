using System.Net;
using Microsoft.Extensions.Options;

namespace Appliance.Server.Metrics;

/// <summary>Start-up checks of <see cref="MetricsOptions"/>, naming the key at fault.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    /// <summary>The HIS-facing endpoint the metrics port must not share.</summary>
    public const string GrpcUrlKey = "Kestrel:Endpoints:Grpc:Url";

    private readonly IConfiguration _configuration;

    public MetricsOptionsValidator(IConfiguration configuration)
    {
        _configuration = configuration;
    }

    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        var errors = new List<string>();
        if (options.Address != "*" && !IPAddress.TryParse(options.Address, out _))
        {
            errors.Add($"{MetricsOptions.SectionName}:Address must be an IP address or '*' (got '{options.Address}')");
        }

        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"{MetricsOptions.SectionName}:Port must be 0..65535 (got {options.Port})");
        }

        if (options.Enabled && options.Port != 0 && Uri.TryCreate(_configuration[GrpcUrlKey], UriKind.Absolute, out var grpc) && grpc.Port == options.Port)
        {
            errors.Add($"{MetricsOptions.SectionName}:Port must differ from the gRPC port of {GrpcUrlKey} ({options.Port}): metrics are never served to HIS systems");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
