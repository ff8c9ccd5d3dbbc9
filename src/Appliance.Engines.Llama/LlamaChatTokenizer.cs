using System.Text;
using Appliance.Core.Generation;
using LLama.Native;

namespace Appliance.Engines.Llama;

/// <summary>
/// Tokenises a <see cref="RenderedChat"/> so that control tokens are live in the template's text
/// only. Thread-safe (llama.cpp's tokenizer is).
/// </summary>
/// <remarks>
/// The result equals llama.cpp's tokenisation of the whole rendered text with special tokens
/// parsed, except inside message text. llama.cpp splits text at special tokens and tokenises
/// each raw run between them on its own; we find the template's special tokens the same way
/// (<see cref="LlamaSpecialTokens"/>), join template text and message text that lie between two
/// of them into one run, and tokenise that run with special tokens not parsed. Joining matters:
/// tokenising template text and message text apart would give other tokens at their boundary
/// (a SentencePiece vocabulary adds a word-start space to every run, a BPE one would split
/// "user\n" + "hello" differently). So for text without special tokens the token sequence is
/// exactly the whole string's, and prefix reuse across calls works as before. What remains live
/// in message text are user-defined (not control) tokens, which llama.cpp matches even with
/// special tokens off, as Hugging Face tokenizers do with added non-special tokens.
/// </remarks>
internal sealed class LlamaChatTokenizer(SafeLlamaModelHandle model, LlamaSpecialTokens specials)
{
    public IReadOnlyList<int> Tokenize(RenderedChat chat)
    {
        ArgumentNullException.ThrowIfNull(chat);
        var vocab = model.Vocab;
        var tokens = new List<int>();
        if (vocab.ShouldAddBOS && vocab.BOS is { } bos)
        {
            tokens.Add((int)bos);
        }

        var run = new Run(model, tokens);
        foreach (var segment in chat.Segments)
        {
            if (segment.IsMessageText)
            {
                run.Append(segment.Text);
                continue;
            }

            foreach (var (text, special) in specials.Partition(segment.Text))
            {
                if (special is null)
                {
                    run.Append(text!);
                }
                else
                {
                    run.Special(special);
                }
            }
        }

        run.Flush();
        if (vocab.ShouldAddBOS && vocab.ShouldAddEOS && vocab.EOS is { } eos)
        {
            tokens.Add((int)eos); // as llama_tokenize with add_special does
        }

        return tokens;
    }

    /// <summary>The raw text since the last special token, and llama.cpp's whitespace stripping around special tokens.</summary>
    private sealed class Run(SafeLlamaModelHandle model, List<int> tokens)
    {
        private readonly StringBuilder _text = new();
        private bool _stripStart;

        public void Append(string text)
        {
            if (_stripStart)
            {
                text = text.TrimStart(Whitespace);
                _stripStart = text.Length == 0;
            }

            _text.Append(text);
        }

        public void Special(LlamaSpecialToken special)
        {
            if (special.StripLeft)
            {
                var keep = _text.Length;
                while (keep > 0 && Array.IndexOf(Whitespace, _text[keep - 1]) >= 0)
                {
                    keep--;
                }

                _text.Length = keep;
            }

            Flush();
            tokens.Add(special.Id);
            _stripStart = special.StripRight;
        }

        public void Flush()
        {
            if (_text.Length > 0)
            {
                foreach (var token in model.Tokenize(_text.ToString(), addBos: false, special: false, Encoding.UTF8))
                {
                    tokens.Add((int)token);
                }

                _text.Clear();
            }

            _stripStart = false;
        }

        // C isspace, as llama.cpp strips.
        private static readonly char[] Whitespace = [' ', '\t', '\n', '\v', '\f', '\r'];
    }
}
