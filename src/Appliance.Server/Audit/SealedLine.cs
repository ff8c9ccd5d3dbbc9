namespace Appliance.Server.Audit;

/// <summary>A sealed audit record's line, ready to append: its sequence and hash (the head once written) and its UTF-8 bytes with the newline.</summary>
internal sealed record SealedLine(long Sequence, string Hash, byte[] Bytes)
{
    public int Length => Bytes.Length;
}
