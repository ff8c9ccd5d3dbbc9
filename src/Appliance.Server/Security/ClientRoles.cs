namespace Appliance.Server.Security;

/// <summary>The roles a client may hold (<c>Appliance:Clients:&lt;id&gt;:Roles</c>).</summary>
public static class ClientRoles
{
    /// <summary>May call ModelAdmin: load, unload and swap models.</summary>
    public const string Admin = "admin";

    /// <summary>Every role there is.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin];
}
