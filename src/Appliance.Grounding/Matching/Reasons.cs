namespace Appliance.Grounding.Matching;

/// <summary>
/// Why an item is not grounded, in fixed words: a reason never quotes the texts (it may reach a log, an
/// audit record or an error's details), so it says what kind of mismatch it is, not what differs.
/// </summary>
internal static class Reasons
{
    public const string DrugNotInSources = "drug not named in the sources";
    public const string DoseDiffers = "dose differs from the source's for this drug";
    public const string NoDoseForDrug = "the sources give no dose for this drug";
    public const string ValueNotInSources = "value or unit not found in the sources";
    public const string LabValueNotInSources = "lab value not found in the sources (value or unit differs)";
    public const string DurationNotInSources = "duration not found in the sources";
    public const string DateDiffers = "date differs from every date in the sources";
    public const string NoDateInSources = "the sources give no date";
    public const string CodeNotInSources = "code not in the sources";
    public const string LateralityOpposite = "laterality is the opposite of the source's";
    public const string NoSideInSources = "the sources give no side for this site";
    public const string SourceAffirms = "the source states this without negation";
    public const string NegationNotInSources = "negation not found in the sources";
    public const string SourceNegates = "the source negates this; the output states it without negation";
}
