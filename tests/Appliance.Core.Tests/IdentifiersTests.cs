namespace Appliance.Core.Tests;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("his-main", true)]
    [InlineData("qwen2.5-7b_q4", true)]
    [InlineData("his\n", false)] // "$" would have let a trailing newline through
    [InlineData("His", false)]
    [InlineData("-his", false)]
    [InlineData("张三", false)]
    [InlineData("", false)]
    public void IsId_OnlyTheIdShape_NoTrailingNewline(string value, bool expected)
    {
        Assert.Equal(expected, Identifiers.IsId(value));
    }

    [Fact]
    public void IsId_SixtyFiveCharacters_Refused()
    {
        Assert.True(Identifiers.IsId(new string('a', 64)));
        Assert.False(Identifiers.IsId(new string('a', 65)));
    }
}
