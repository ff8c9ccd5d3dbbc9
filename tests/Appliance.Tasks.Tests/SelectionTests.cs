using Appliance.Core.Errors;

namespace Appliance.Tasks.Tests;

/// <summary>The dynamic template library: the most specific matching variant wins; ties are refused at load, naming both files.</summary>
public sealed class SelectionTests : IDisposable
{
    private readonly TemplateFiles _files = new();

    public void Dispose() => _files.Dispose();

    private TaskCatalog Catalog()
    {
        _files.WriteShipped("en.yaml", TemplateFiles.Valid("report.normalise.en", selectors: "language: en"));
        _files.WriteShipped("zh.yaml", TemplateFiles.Valid("report.normalise.zh", selectors: "language: zh"));
        _files.WriteShipped("us.yaml", TemplateFiles.Valid("report.normalise.us.zh", selectors: "language: zh, exam_type: ultrasound"));
        _files.WriteShipped("default.yaml", TemplateFiles.Valid("report.normalise", selectors: ""));
        var result = _files.Build();
        Assert.Empty(result.Problems);
        return result.Catalog!;
    }

    [Theory]
    [InlineData("zh", "ultrasound", "report.normalise.us.zh")]
    [InlineData("ZH", " Ultrasound ", "report.normalise.us.zh")]
    [InlineData("zh", "ct", "report.normalise.zh")]
    [InlineData("en", "ultrasound", "report.normalise.en")]
    [InlineData("fr", "ct", "report.normalise")]
    public void Family_Attributes_MostSpecificMatchingVariantWins(string language, string exam, string expected)
    {
        var selected = Catalog().Select("report.normalise", new Dictionary<string, string> { ["language"] = language, ["exam_type"] = exam });

        Assert.Equal(expected, selected.Id);
    }

    [Fact]
    public void VariantId_RunsThatVariant_WhateverTheAttributes()
    {
        Assert.Equal("report.normalise.zh", Catalog().Select("report.normalise.zh", new Dictionary<string, string> { ["language"] = "en" }).Id);
    }

    [Fact]
    public void NoDefault_NoMatch_RefusedNamingAttributesAndVariants()
    {
        _files.WriteShipped("en.yaml", TemplateFiles.Valid("report.normalise.en", selectors: "language: en"));
        var catalog = _files.Build().Catalog!;

        var error = Assert.Throws<InvalidRequestException>(() => catalog.Select("report.normalise", new Dictionary<string, string>()));

        Assert.Equal("attributes: no variant of 'report.normalise' matches them; its variants select on report.normalise.en: language=en", error.Message);
    }

    [Fact]
    public void UnknownTaskOrAttribute_Refused_NoFreeTextEchoed()
    {
        var catalog = Catalog();

        Assert.Equal(ErrorReasons.TaskNotFound, Assert.Throws<TaskNotFoundException>(() => catalog.Select("no.such", new Dictionary<string, string>())).ErrorReason);
        Assert.DoesNotContain("Wang Fang", Assert.Throws<TaskNotFoundException>(() => catalog.Select("Wang Fang", new Dictionary<string, string>())).Message, StringComparison.Ordinal);
        Assert.Equal("attributes.ward", Assert.Throws<InvalidRequestException>(() => catalog.Select("report.normalise", new Dictionary<string, string> { ["ward"] = "icu" })).Field);
    }

    [Fact]
    public void Tie_TwoVariantsEquallySpecific_ProblemNamesBothFiles()
    {
        var first = _files.WriteShipped("dept.yaml", TemplateFiles.Valid("report.normalise.cardio", selectors: "department: cardiology"));
        var second = _files.WriteShipped("lang.yaml", TemplateFiles.Valid("report.normalise.zh", selectors: "language: zh"));

        var result = _files.Build();

        Assert.Null(result.Catalog);
        var problem = Assert.Single(result.Problems);
        Assert.Contains(first, problem.ToString(), StringComparison.Ordinal);
        Assert.Contains(second, problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("department=cardiology, language=zh", problem.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Tie_SameSelectors_ProblemNamesBothFiles()
    {
        var first = _files.WriteShipped("a.yaml", TemplateFiles.Valid("report.normalise.a", selectors: "language: zh"));
        var second = _files.WriteSite("b.yaml", TemplateFiles.Valid("report.normalise.b", selectors: "language: zh"));

        var problem = Assert.Single(_files.Build().Problems);

        Assert.StartsWith($"{second}: selectors: ties with {first}", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Tie_ResolvedByAVariantWithBothSelectors_NoProblem()
    {
        _files.WriteShipped("dept.yaml", TemplateFiles.Valid("report.normalise.cardio", selectors: "department: cardiology"));
        _files.WriteShipped("lang.yaml", TemplateFiles.Valid("report.normalise.zh", selectors: "language: zh"));
        _files.WriteSite("both.yaml", TemplateFiles.Valid("report.normalise.cardio.zh", selectors: "department: cardiology, language: zh"));

        var catalog = _files.Build().Catalog!;

        Assert.Equal("report.normalise.cardio.zh", catalog.Select("report.normalise", new Dictionary<string, string> { ["department"] = "cardiology", ["language"] = "zh" }).Id);
    }

    [Fact]
    public void SiteFile_SameIdAsShipped_ReplacesIt()
    {
        _files.WriteShipped("en.yaml", TemplateFiles.Valid("report.normalise.en"));
        _files.WriteSite("en.yaml", TemplateFiles.Valid("report.normalise.en", grounding: "reject"));

        var template = Assert.Single(_files.Build().Catalog!.All);

        Assert.Equal((TaskOrigin.Site, GroundingPolicy.Reject), (template.Origin, template.Grounding));
    }

    [Fact]
    public void SameIdTwiceInOneFolder_ProblemNamesBothFiles()
    {
        var first = _files.WriteSite("a.yaml", TemplateFiles.Valid("report.normalise.en"));
        var second = _files.WriteSite("b.yaml", TemplateFiles.Valid("report.normalise.en"));

        var problem = Assert.Single(_files.Build().Problems);

        Assert.Equal($"{second}: id: 'report.normalise.en' is also the id of {first}", problem.ToString());
    }
}
