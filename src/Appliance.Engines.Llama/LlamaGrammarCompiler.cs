using Appliance.Core.Generation;

namespace Appliance.Engines.Llama;

/// <summary>
/// <see cref="IGrammarCompiler"/> on llama.cpp's own grammar parser (<see cref="LlamaGrammarCheck"/>) with no
/// model: the parser needs a vocabulary only for token references (<c>&lt;[id]&gt;</c>), which the
/// appliance's converted grammars never hold, so a grammar that compiles here compiles for every model.
/// The native library is loaded (<see cref="LlamaNativeRuntime.EnsureLoaded"/>) on the first check.
/// </summary>
public sealed class LlamaGrammarCompiler(LlamaNativeRuntime runtime) : IGrammarCompiler
{
    private readonly Lazy<LlamaGrammarCheck> _check = new(() =>
    {
        runtime.EnsureLoaded();
        return new LlamaGrammarCheck(runtime.LibraryPath);
    });

    public string? Check(ConstraintGrammar grammar) => _check.Value.Check(null, grammar);
}
