namespace Appliance.Server.Configuration;

/// <summary>Target of the start-up check of <c>Appliance</c>'s own children (<see cref="ApplianceSectionsValidator"/>); it binds nothing.</summary>
internal sealed class ApplianceSections;
