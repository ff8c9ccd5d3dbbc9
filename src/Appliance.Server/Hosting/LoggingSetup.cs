using System.Security.Cryptography;
using Appliance.Core.Logging;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace Appliance.Server.Hosting;

/// <summary>
/// Redaction of classified log parameters (Microsoft.Extensions.Compliance.Redaction): every
/// sink, console and journald included, gets [PatientData] erased and [CallerIdentifier]
/// replaced by an HMAC under a key made at start-up (the same id hashes the same within one
/// run, so log lines can be correlated; the audit log holds the ids themselves).
/// </summary>
internal static class LoggingSetup
{
    public static void AddApplianceRedaction(this WebApplicationBuilder builder)
    {
        builder.Logging.EnableRedaction();
        builder.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<ErasingRedactor>(new DataClassificationSet(ClinicalData.PatientData));
#pragma warning disable EXTEXP0002 // HmacRedactor is marked experimental; its output format is all we rely on.
            redaction.SetHmacRedactor(
                options =>
                {
                    options.Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
                    options.KeyId = 1;
                },
                new DataClassificationSet(ClinicalData.CallerIdentifier));
#pragma warning restore EXTEXP0002
        });
    }
}
