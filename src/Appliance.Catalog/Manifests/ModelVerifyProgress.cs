namespace Appliance.Catalog.Manifests;

/// <summary>How far the integrity check of one model's weights has got.</summary>
/// <param name="ModelId">The model being checked.</param>
/// <param name="BytesDone">Bytes hashed so far.</param>
/// <param name="TotalBytes">Size of the weights file.</param>
public sealed record ModelVerifyProgress(string ModelId, long BytesDone, long TotalBytes)
{
    /// <summary>Done fraction in [0, 1] (1 for an empty file).</summary>
    public double Fraction => TotalBytes <= 0 ? 1.0 : (double)BytesDone / TotalBytes;
}
