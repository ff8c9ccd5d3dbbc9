namespace Appliance.Core.Generation;

/// <summary>
/// Compiles a grammar with the text-generation engine's own parser, without a model: what a file that
/// carries a grammar (a task template's output schema) is checked with when it loads, long before a model
/// decodes with it. Thread-safe.
/// </summary>
public interface IGrammarCompiler
{
    /// <summary>Null when the engine's parser accepts <paramref name="grammar"/>, else why not (never the grammar's text).</summary>
    string? Check(ConstraintGrammar grammar);
}
