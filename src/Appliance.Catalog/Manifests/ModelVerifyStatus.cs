namespace Appliance.Catalog.Manifests;

/// <summary>What an integrity check of one of a model's files (weights, vocabulary) found.</summary>
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
