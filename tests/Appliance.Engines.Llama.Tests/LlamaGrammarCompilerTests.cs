using Appliance.Core.Structured;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Engines.Llama.Tests;

/// <summary>llama.cpp's grammar parser without a model (task templates are checked with it when they load).</summary>
public sealed class LlamaGrammarCompilerTests
{
    private readonly LlamaGrammarCompiler _compiler = new(new LlamaNativeRuntime(new LlamaOptions { Threads = 2 }, NullLogger<LlamaNativeRuntime>.Instance));

    [Theory]
    [InlineData("root ::= (\"a\"")]
    [InlineData("root ::= missing")]
    [InlineData("other ::= \"a\"")]
    public void Check_NoModelUnparsable_ReasonWithoutTheText(string gbnf)
    {
        var reason = _compiler.Check(new ConstraintGrammar(gbnf, "root"));

        Assert.NotNull(reason);
        Assert.DoesNotContain(gbnf, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NoModelConvertedSchemaWithLongStrings_Null()
    {
        var grammar = JsonSchemaGrammar.FromSchema("""{"type":"object","properties":{"findings":{"type":"string","maxLength":1999},"flags":{"type":"array","maxItems":10,"items":{"enum":["a","b"]}}},"required":["findings"]}""");

        Assert.Null(_compiler.Check(new ConstraintGrammar(grammar.Text, grammar.RootRule)));
    }
}
