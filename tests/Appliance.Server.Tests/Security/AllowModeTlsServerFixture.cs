namespace Appliance.Server.Tests.Security;

/// <summary>The same server as <see cref="TlsServerFixture"/> with <c>ClientCertificateMode</c> Allow.</summary>
public sealed class AllowModeTlsServerFixture() : TlsServerFixture(ServerTransport.Tls);
