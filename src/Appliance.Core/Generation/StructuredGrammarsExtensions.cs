namespace Appliance.Core.Generation;

/// <summary>Picks the grammar of a response format's mode.</summary>
public static class StructuredGrammarsExtensions
{
    /// <summary>The grammar that enforces <paramref name="format"/>.</summary>
    public static ConstraintGrammar For(this IStructuredGrammars grammars, ResponseFormat format)
    {
        ArgumentNullException.ThrowIfNull(grammars);
        ArgumentNullException.ThrowIfNull(format);
        return format.Mode switch
        {
            ResponseFormatMode.JsonSchema => grammars.JsonSchema(format.Text),
            ResponseFormatMode.JsonObject => grammars.JsonObject(),
            ResponseFormatMode.Grammar => grammars.Grammar(format.Text),
            _ => grammars.Choice(format.Choices),
        };
    }
}
