using Appliance.Core.Errors;

namespace Appliance.Core.Tests;

public sealed class ClientRequestIdsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("his-4711")]
    [InlineData("CRID-0f9c2a")]
    [InlineData("HIS:2026.12.06_000123")]
    [InlineData("123e4567-e89b-12d3-a456-426614174000")]
    public void Problem_AbsentOrIdShaped_None(string? id) => Assert.Null(ClientRequestIds.Problem(id));

    [Theory]
    [InlineData("张三-住院号123")] // a patient's name and admission number
    [InlineData("Zhang San")] // a space: free text
    [InlineData("his-4711\n")] // a trailing newline ($ would have let it through)
    [InlineData("his/4711")]
    [InlineData("mrn#42")]
    [InlineData("é")]
    public void Problem_NotIdShaped_RefusedNamingTheFieldAndTheCharsetNeverTheValue(string id)
    {
        var error = Assert.Throws<InvalidRequestException>(() => ClientRequestIds.Check(id));

        Assert.Equal("client_request_id", error.Field);
        Assert.Equal(ErrorReasons.InvalidArgument, error.ErrorReason);
        Assert.Equal("client_request_id: must be at most 128 characters of ASCII letters, digits and . _ - : (an id, never patient data)", error.Message);
    }

    [Fact]
    public void Problem_LongerThanTheLimit_Refused()
    {
        Assert.Null(ClientRequestIds.Problem(new string('a', ClientRequestIds.MaxLength)));
        Assert.NotNull(ClientRequestIds.Problem(new string('a', ClientRequestIds.MaxLength + 1)));
    }
}
