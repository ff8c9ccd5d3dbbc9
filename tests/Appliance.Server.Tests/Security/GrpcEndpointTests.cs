using Appliance.Server.Security;
using Microsoft.Extensions.Configuration;

namespace Appliance.Server.Tests.Security;

public sealed class GrpcEndpointTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://10.1.2.3:5080", false)]
    [InlineData("http://appliance.hospital.local:5080", false)]
    public void IsLoopback_Address_OnlyLoopbackAddresses(string url, bool loopback)
    {
        Assert.Equal(loopback, new GrpcEndpoint("k", url).IsLoopback);
    }

    [Fact]
    public void Read_KestrelEndpoints_WinOverUrls()
    {
        var endpoints = GrpcEndpoint.Read(Configuration(new() { ["Kestrel:Endpoints:His:Url"] = "https://0.0.0.0:5443", ["urls"] = "http://0.0.0.0:80" }));

        var endpoint = Assert.Single(endpoints);
        Assert.Equal("Kestrel:Endpoints:His:Url", endpoint.Key);
        Assert.True(endpoint.IsHttps);
    }

    [Fact]
    public void Read_UrlsWithoutEndpoints_EachUrlNamed()
    {
        var endpoints = GrpcEndpoint.Read(Configuration(new() { ["urls"] = "http://0.0.0.0:80;https://0.0.0.0:443" }));

        Assert.Equal(["http://0.0.0.0:80", "https://0.0.0.0:443"], endpoints.Select(e => e.Url));
        Assert.All(endpoints, e => Assert.StartsWith("urls", e.Key, StringComparison.Ordinal));
    }

    [Fact]
    public void Read_NothingConfigured_KestrelDefaultPlaintextLoopback()
    {
        var endpoint = Assert.Single(GrpcEndpoint.Read(Configuration(new())));

        Assert.Equal(GrpcEndpoint.KestrelDefaultUrl, endpoint.Url);
        Assert.False(endpoint.IsHttps);
        Assert.True(endpoint.IsLoopback);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
