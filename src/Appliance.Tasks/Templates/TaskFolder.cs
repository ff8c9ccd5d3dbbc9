namespace Appliance.Tasks.Templates;

/// <summary>A folder of template files and where it stands.</summary>
/// <param name="Path">The folder.</param>
/// <param name="Origin">Shipped or site.</param>
public sealed record TaskFolder(string Path, TaskOrigin Origin);
