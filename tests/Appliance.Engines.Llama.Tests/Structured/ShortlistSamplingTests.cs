using Appliance.Core.Structured;

namespace Appliance.Engines.Llama.Tests.Structured;

/// <summary>
/// The production sampler asks the grammar about a shortlist of the best candidates first and checks
/// the whole vocabulary only when too few of them are allowed. That must be a shortcut, not a change:
/// token for token, it draws what one native chain that checks every candidate (UTF-8 guard, grammar,
/// top-k 40, temperature 1, seeded draw; greedy) draws, on the random-weight model.
/// </summary>
public sealed class ShortlistSamplingTests(GrammarModel model) : IClassFixture<GrammarModel>
{
    public static TheoryData<string> Grammars => new()
    {
        "letters",
        ClinicalSchemas.All[0].Name,
    };

    [Theory]
    [MemberData(nameof(Grammars))]
    public void Draws_the_same_tokens_as_checking_every_candidate(string name)
    {
        var grammar = Grammar(name);
        long shortlisted = 0;
        foreach (uint? seed in new uint?[] { null, 1, 2 })
        {
            var reference = model.Run(grammar, seed, maxTokens: 64, "Notes:", reference: true);
            var production = model.Run(grammar, seed, maxTokens: 64, "Notes:", reference: false);
            Assert.Equal(reference.Tokens, production.Tokens);
            shortlisted += production.ShortlistSteps;
        }

        // The shortcut was taken, so the comparison above is about it and not about the fallback alone.
        Assert.True(shortlisted > 0, $"{name}: no step was decided on the shortlist");
    }

    private static GbnfGrammar Grammar(string name) => name switch
    {
        "letters" => new GbnfGrammar("root ::= [a-z ,.]{600}", "root"),
        _ => JsonSchemaGrammar.FromSchema(ClinicalSchemas.All.Single(s => s.Name == name).Schema),
    };
}
