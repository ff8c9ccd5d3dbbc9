namespace Appliance.Server.Tests.Cli;

/// <summary><see cref="SecuredServerFixture"/> over http:// on loopback, as the development profile listens.</summary>
public sealed class ApiKeyServerFixture() : SecuredServerFixture(ServerTransport.Plain);
