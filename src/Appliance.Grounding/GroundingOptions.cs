namespace Appliance.Grounding;

/// <summary>Settings of the grounding checker (<c>Appliance:Grounding</c>).</summary>
public sealed class GroundingOptions
{
    public const string SectionName = "Appliance:Grounding";

    /// <summary>
    /// The site's lexicon folder: every <c>*.tsv</c> in it extends the shipped drug list
    /// (<c>id&lt;TAB&gt;name|name|...</c>). Read at start; a missing folder means the shipped list only.
    /// </summary>
    public string LexiconFolder { get; set; } = "/srv/appliance/lexicons";
}
