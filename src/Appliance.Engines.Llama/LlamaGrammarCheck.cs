using System.Runtime.InteropServices;
using System.Text;
using Appliance.Core.Generation;
using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>
/// Compiles a GBNF grammar with llama.cpp's own parser (<c>llama_sampler_init_grammar</c>) and
/// frees it again, to find out whether <see cref="SafeLLamaSamplerChainHandle.AddGrammar(SafeLlamaModelHandle.Vocabulary, string, string)"/>
/// would succeed. That call does not check the null llama.cpp returns for a grammar it cannot
/// parse and the process dies (SIGSEGV), so no grammar reaches it unchecked.
/// </summary>
/// <remarks>
/// Reads only the model's vocabulary, so it is safe from any thread while the worker decodes.
/// The exports are looked up in the file LLamaSharp loaded when its path is known (a library given
/// as Appliance:Llama:NativeLibraryPath is not found by name: found by running a build of the bound
/// commit), else through LLamaSharp's own import resolver; either way the very library LLamaSharp
/// loaded. llama.cpp writes a parse error, with the grammar's text, to the process's stderr (not
/// through the log callback): see docs/architecture.md, Structured output.
/// </remarks>
internal sealed unsafe class LlamaGrammarCheck
{
    private readonly delegate* unmanaged[Cdecl]<IntPtr, IntPtr> _modelGetVocab;
    private readonly delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, IntPtr> _initGrammar;
    private readonly delegate* unmanaged[Cdecl]<IntPtr, void> _samplerFree;

    /// <param name="libraryPath">The libllama file LLamaSharp loaded; null: find it by name through LLamaSharp's resolver.</param>
    public LlamaGrammarCheck(string? libraryPath = null)
    {
        var library = libraryPath is { Length: > 0 } && File.Exists(libraryPath)
            ? NativeLibrary.Load(libraryPath)
            : NativeLibrary.Load("llama", typeof(NativeApi).Assembly, null);
        _modelGetVocab = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)NativeLibrary.GetExport(library, "llama_model_get_vocab");
        _initGrammar = (delegate* unmanaged[Cdecl]<IntPtr, byte*, byte*, IntPtr>)NativeLibrary.GetExport(library, "llama_sampler_init_grammar");
        _samplerFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)NativeLibrary.GetExport(library, "llama_sampler_free");
    }

    /// <summary>
    /// Null when llama.cpp compiles the grammar for this model, else why not (never the grammar's text).
    /// Without a model (null) the parser runs with no vocabulary, which it reads only for token references
    /// (<c>&lt;[id]&gt;</c>); the appliance's grammars hold none.
    /// </summary>
    public string? Check(SafeLlamaModelHandle? model, ConstraintGrammar grammar)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        if (grammar.Text.Contains('\0', StringComparison.Ordinal))
        {
            return "contains a NUL character";
        }

        var added = false;
        model?.DangerousAddRef(ref added);
        try
        {
            var vocab = model is null ? IntPtr.Zero : _modelGetVocab(model.DangerousGetHandle());
            var text = NulTerminated(grammar.Text);
            var root = NulTerminated(grammar.RootRule);
            fixed (byte* textPtr = text)
            fixed (byte* rootPtr = root)
            {
                var sampler = _initGrammar(vocab, textPtr, rootPtr);
                if (sampler == IntPtr.Zero)
                {
                    return $"llama.cpp cannot parse it as GBNF with a rule named \"{grammar.RootRule}\"";
                }

                _samplerFree(sampler);
                return null;
            }
        }
        finally
        {
            if (added)
            {
                model!.DangerousRelease();
            }
        }
    }

    private static byte[] NulTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
