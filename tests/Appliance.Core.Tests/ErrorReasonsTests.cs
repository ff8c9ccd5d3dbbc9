using System.Reflection;
using Appliance.Core.Errors;

namespace Appliance.Core.Tests;

public sealed class ErrorReasonsTests
{
    /// <summary>Every reason constant, by reflection: one added without listing it in <see cref="ErrorReasons.All"/> fails here.</summary>
    private static readonly string[] Constants = typeof(ErrorReasons).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name != nameof(ErrorReasons.Domain)).Select(f => (string)f.GetRawConstantValue()!).ToArray();

    [Fact]
    public void All_ListsEveryConstantOnce_InTheContractsShape()
    {
        Assert.Equal(Constants.Order(StringComparer.Ordinal), ErrorReasons.All.Order(StringComparer.Ordinal));
        Assert.All(ErrorReasons.All, r => Assert.Matches("^[A-Z]+(_[A-Z]+)*$", r));
    }

    [Fact]
    public void Readme_DocumentsEveryReasonForIntegrators()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

        Assert.All(ErrorReasons.All, r => Assert.Contains($"| `{r}` |", readme, StringComparison.Ordinal));
        Assert.Contains($"`{ErrorReasons.Domain}`", readme, StringComparison.Ordinal);
    }
}
