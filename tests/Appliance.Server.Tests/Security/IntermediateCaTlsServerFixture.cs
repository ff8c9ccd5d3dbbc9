namespace Appliance.Server.Tests.Security;

/// <summary>Server and client certificates from an issuing CA under the root; <see cref="TestCertificates.CaFile"/> holds the root only unless a test adds more.</summary>
public sealed class IntermediateCaTlsServerFixture() : TlsServerFixture(ServerTransport.MutualTls, intermediate: true);
