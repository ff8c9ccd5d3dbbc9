namespace Appliance.Server.Configuration;

/// <summary>A child of <c>Appliance</c> that the server reads (<c>Appliance:Server</c>).</summary>
internal sealed record KnownSection(string Name);
