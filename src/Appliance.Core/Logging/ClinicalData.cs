using Microsoft.Extensions.Compliance.Classification;

namespace Appliance.Core.Logging;

/// <summary>
/// The appliance's data classes for logs. A log parameter marked with one of the attributes
/// below never reaches a log sink as written: the server's redactors erase patient data and
/// replace caller identifiers with a keyed hash (same id, same hash, within one run).
/// </summary>
public static class ClinicalData
{
    /// <summary>Taxonomy name.</summary>
    public const string TaxonomyName = "Appliance";

    /// <summary>Anything that may carry patient content: prompts, outputs, texts, free text sent in place of an id, engine error text.</summary>
    public static DataClassification PatientData => new(TaxonomyName, nameof(PatientData));

    /// <summary>Identifiers a calling system chose (its request ids): they may be record numbers.</summary>
    public static DataClassification CallerIdentifier => new(TaxonomyName, nameof(CallerIdentifier));
}

/// <summary>Marks a log parameter that may carry patient content (erased).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PatientDataAttribute : DataClassificationAttribute
{
    /// <summary>Creates the attribute.</summary>
    public PatientDataAttribute()
        : base(ClinicalData.PatientData)
    {
    }
}

/// <summary>Marks a log parameter holding a caller-chosen identifier (hashed).</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field)]
public sealed class CallerIdentifierAttribute : DataClassificationAttribute
{
    /// <summary>Creates the attribute.</summary>
    public CallerIdentifierAttribute()
        : base(ClinicalData.CallerIdentifier)
    {
    }
}
