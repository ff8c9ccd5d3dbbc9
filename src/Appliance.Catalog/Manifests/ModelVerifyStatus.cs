namespace Appliance.Catalog.Manifests;

/// <summary>What an integrity check of a model's weights file found.</summary>
public enum ModelVerifyStatus
{
    /// <summary>The file exists and its sha256 matches the manifest.</summary>
    Ok,

    /// <summary>No file at the manifest's path.</summary>
    Missing,

    /// <summary>The file exists but could not be read (permissions, IO error, a folder).</summary>
    Unreadable,

    /// <summary>The file's sha256 differs from the manifest's.</summary>
    Sha256Mismatch,
}
