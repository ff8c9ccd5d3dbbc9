using System.Text;
using System.Text.RegularExpressions;

namespace Appliance.Engines.Llama.Tests;

/// <summary>
/// Grammar-constrained decoding on the real engine and a random-weight synthetic GGUF, where only
/// the grammar keeps the output in shape: compile checks, the stop at the grammar's end, and a
/// sequence resumed after preemption continuing the same sentence.
/// </summary>
public sealed class LlamaGrammarTests() : TinyEngineTest("appliance-grammar")
{
    private static readonly ConstraintGrammar Dose = new("root ::= \"[\" [1-9] [0-9]{2,4} \" mg]\"\n", "root");

    [Theory]
    [InlineData("root ::= (\"a\"")]
    [InlineData("root ::= missing")]
    [InlineData("other ::= \"a\"")]
    [InlineData("root ::= \"a\u0000\"")]
    public void CheckGrammar_Unparsable_ReasonWithoutTheText(string gbnf)
    {
        var reason = Engine.CheckGrammar(new ConstraintGrammar(gbnf, "root"));

        Assert.NotNull(reason);
        Assert.DoesNotContain(gbnf, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckGrammar_Valid_Null() => Assert.Null(Engine.CheckGrammar(Dose));

    [Fact]
    public void Grammar_SampledSeeds_EveryOutputMatchesAndEndsWithEndOfGeneration()
    {
        for (uint seed = 1; seed <= 6; seed++)
        {
            var (text, ended) = Run(Sampling(seed), preemptAfter: null);

            Assert.Matches("^\\[[1-9][0-9]{2,4} mg\\]$", text);
            Assert.True(ended, "the grammar's end allows only end-of-generation");
        }
    }

    [Fact]
    public void Grammar_ResumedAfterPreemption_ContinuesTheSameSentence()
    {
        var greedy = new SamplingParameters { Temperature = 0, RepeatPenalty = 1.1f };
        var whole = Run(greedy, preemptAfter: null);
        var resumed = Run(greedy, preemptAfter: 3);

        Assert.Equal(whole, resumed);
        for (uint seed = 1; seed <= 4; seed++)
        {
            Assert.Matches("^\\[[1-9][0-9]{2,4} mg\\]$", Run(Sampling(seed), preemptAfter: 2).Text);
        }
    }

    [Fact]
    public void Resumed_InsideAMultiByteCharacter_TextStaysWhole()
    {
        var chinese = new ConstraintGrammar("root ::= \"胸痛发热\"\n", "root");
        var greedy = new SamplingParameters { Temperature = 0, RepeatPenalty = 1 };

        for (var at = 1; at <= 4; at++)
        {
            Assert.Equal(("胸痛发热", true), Run(greedy, preemptAfter: at, chinese));
        }
    }

    private static SamplingParameters Sampling(uint seed) => new() { Temperature = 1.3f, TopK = 0, TopP = 1, MinP = 0, Seed = seed };

    /// <summary>Decodes under <see cref="Dose"/>; with <paramref name="preemptAfter"/>, releases the slot after that many tokens and resumes the way the worker does.</summary>
    private (string Text, bool EndedByEndOfGeneration) Run(SamplingParameters sampling, int? preemptAfter, ConstraintGrammar? grammar = null)
    {
        grammar ??= Dose;
        var tokens = Engine.Tokenize("Dose:").ToList();
        var promptLength = tokens.Count;
        var start = Engine.Start(new SequenceStart(tokens.ToArray(), sampling, grammar));
        var feed = tokens.Skip(start.CachedTokens).ToArray();
        var text = new StringBuilder();
        for (var step = 0; step < 40; step++)
        {
            if (step == preemptAfter)
            {
                Engine.Release(start.Slot);
                start = Engine.Start(new SequenceStart(tokens.ToArray(), sampling, grammar, GeneratedTokens: tokens.Count - promptLength));
                feed = tokens.Skip(start.CachedTokens).ToArray();
            }

            var sampled = Engine.Step(new StepPlan([new StepItem(start.Slot, feed, true)]))[0];
            if (sampled.IsEndOfGeneration)
            {
                Engine.Release(start.Slot);
                return (text.ToString(), true);
            }

            text.Append(sampled.Text);
            tokens.Add(sampled.Token);
            feed = [sampled.Token];
        }

        Engine.Release(start.Slot);
        return (text.ToString(), false);
    }
}
