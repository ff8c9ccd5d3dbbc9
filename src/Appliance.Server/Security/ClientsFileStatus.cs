namespace Appliance.Server.Security;

/// <summary>What the last read of the clients file found.</summary>
/// <param name="Path">The file, as configured.</param>
/// <param name="Problem">Why its content is not in force (its earlier content stays); null when it is, or when there is no file and never was.</param>
/// <param name="Deleted">The file was there and is gone.</param>
internal sealed record ClientsFileStatus(string Path, string? Problem, bool Deleted = false)
{
    /// <summary>What to write to remove every calling system on purpose.</summary>
    public const string EmptyClients = "{ \"Appliance\": { \"Clients\": {} } }";
}
