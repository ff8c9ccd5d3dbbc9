using Appliance.Server.Tests.Security;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>
/// Request bytes that do not parse, on the production profile with authentication on: a caller
/// without credentials is refused UNAUTHENTICATED as for any other call (authentication comes
/// before the request's own rules), one with a key INVALID_ARGUMENT; neither leaves an Error
/// line or a stack trace (issue 13, item 1).
/// </summary>
public sealed class MalformedRequestAuthenticationTests(SecureServerFixture fixture) : IClassFixture<SecureServerFixture>
{
    private static readonly byte[] Garbage = MalformedRequestTests.Payload("wire type 7");

    [Theory]
    [InlineData("/appliance.v1.Generation/Complete")]
    [InlineData("/appliance.v1.Generation/Generate")]
    [InlineData("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")]
    public async Task Garbage_WithoutCredentials_UnauthenticatedWithNoStackTrace(string method)
    {
        var logged = fixture.Logs.Count;

        var result = await RawGrpc.CallAsync(fixture.Address, method, Garbage);

        Assert.Equal(16, result.Status);
        Assert.DoesNotContain(fixture.Logs.Skip(logged), l => l.Contains("[Error]", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Garbage_WithAKey_InvalidArgumentNamingTheMessage()
    {
        var headers = SecureServerFixture.Key(fixture.HisNewKey).ToDictionary(e => e.Key, e => e.Value);

        var result = await RawGrpc.CallAsync(fixture.Address, "/appliance.v1.Generation/Complete", Garbage, headers);

        Assert.Equal(new RawGrpc.Result(3, "request: is not a valid appliance.v1.CompleteRequest (the bytes do not parse as that protobuf message)"), result);
    }
}
