using Appliance.Core.Structured;

namespace Appliance.Engines.Llama.Tests.Structured;

/// <summary>
/// <see cref="GbnfSyntax"/> stands in front of llama.cpp's own grammar parser (which prints a grammar it
/// cannot parse, whole, to stderr): for every grammar here both must agree on whether it parses, and the
/// check must name a line and column without quoting the grammar.
/// </summary>
public sealed class GbnfSyntaxTests(GrammarModel model) : IClassFixture<GrammarModel>
{
    public static TheoryData<string> Parsable => new()
    {
        "root ::= \"yes\" | \"no\"",
        "root ::= [a-z]{1,5} \"x\"*",
        "root ::= item+\nitem ::= [^\"\\\\] # a comment\n",
        "root ::= ( \"a\"\n  | \"b\" )",
        "root ::= \"a\" |\n  \"b\"",
        "root ::= \"\\x41\\u00e9\\U0001F600\"",
        "root ::= [\\]\\[] \"\\[\"",
        "root ::= []",
        "root ::= \"\"",
        "root ::= .",
        "root ::= a\na ::= \"x\"{3}",
        "root ::= \"x\"{2,}",
        "root ::= \"x\" { 2 , 4 }",
        "root ::= a\r\na ::= \"b\"\r\n",
        "# leading comment\n\nroot ::= \"a\"",
        "root ::= \"胸痛\" | [一-龥]+",
        "root ::= \"a\"+*",
        "root ::= \"a\"{2}{3}",
        "root ::= \"a\"{1999}",
        "root ::= \"a\"{0,3}{2}",
        "root ::= \"a\"{1,}*",
        "root ::=",
        "root ::= x-y-1\nx-y-1 ::= \"z\"",
    };

    public static TheoryData<string> Unparsable => new()
    {
        "root ::= (\"yes\"",
        "root ::= \"yes",
        "root ::= undefined",
        "answer ::= \"yes\"",
        "root ::= [a-",
        "root ::= \"\\q\"",
        "root := \"a\"",
        "root ::= *\"a\"",
        "root ::= \"a\" | *",
        "root ::= \"\\x4\"",
        "root ::= \"a\"{",
        "root ::= \"a\"{x}",
        "root ::= \"a\"{1;2}",
        "root ::= \"a\"{1,x}",
        "root ::= \"a\"\n  \"b\"",
        "root ::= \"a\" )",
        " ::= \"a\"",
        "root ::= \"a\" $",
        "root ::= [abc",
        "root ::= [\\-]",
        "root ::= \"a\"?*",
        "root ::= \"a\"*+",
        "root ::= (\"a\")**",
        "root ::= \"a\"{0,}*",
        "root ::= \"a\"{0,1}*",
        "root ::= \"a\"{2000}",
        "root ::= \"a\"{0,2000}",
    };

    [Theory]
    [MemberData(nameof(Parsable))]
    public void Parsable_BothAccept(string gbnf)
    {
        Assert.True(model.Parses(gbnf), "llama.cpp refused it: the corpus is wrong");
        Assert.Null(GbnfSyntax.Check(gbnf, "root"));
    }

    [Theory]
    [MemberData(nameof(Unparsable))]
    public void Unparsable_BothRefuse_NamingWhereWithoutTheText(string gbnf)
    {
        Assert.False(model.Parses(gbnf), "llama.cpp accepted it: the corpus is wrong");
        var problem = GbnfSyntax.Check(gbnf, "root");
        Assert.NotNull(problem);
        Assert.Matches("^(line \\d+, column \\d+: |there is no rule named)", problem);
        Assert.DoesNotContain("\"a\"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenReferencesAndHugeCounts_RefusedWithAReason()
    {
        Assert.Equal("line 1, column 10: token references (<...>) are not supported: write the text as a string literal", GbnfSyntax.Check("root ::= <think>", "root"));
        Assert.StartsWith("line 1, column 18: a repetition count above 1999", GbnfSyntax.Check("root ::= \"a\"{3000}", "root"), StringComparison.Ordinal);
    }

    [Fact]
    public void PatientText_InALiteral_NeverInTheMessage()
    {
        var problem = GbnfSyntax.Check("root ::= \"Zhang San, MRN 12345\" \"\\q\"", "root");
        Assert.NotNull(problem);
        Assert.DoesNotContain("Zhang", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("12345", problem, StringComparison.Ordinal);
    }

    /// <summary>The converter's largest count is one llama.cpp still takes (2000 made it refuse the grammar).</summary>
    [Fact]
    public void LargestSchemaCount_ConvertsToAGrammarLlamaCppParses()
    {
        var grammar = JsonSchemaGrammar.FromSchema($$"""{"type":"string","maxLength":{{SchemaLimits.MaxRepetition}}}""");

        Assert.True(model.Parses(grammar.Text, grammar.RootRule));
        Assert.Throws<SchemaNotSupportedException>(() => JsonSchemaGrammar.FromSchema($$"""{"type":"string","maxLength":{{SchemaLimits.MaxRepetition + 1}}}"""));
    }
}
