namespace Appliance.Engines.Onnx;

/// <summary>ONNX Runtime's error messages, cut to what belongs in a model's failure reason or a log line.</summary>
internal static class OnnxErrorText
{
    private const int MaxLength = 200;

    /// <summary>First line of the message without its "[ErrorCode:...]" prefix, at most 200 characters.</summary>
    public static string Shorten(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var line = message.Split('\n', 2)[0].Trim();
        if (line.StartsWith('[') && line.IndexOf(']', StringComparison.Ordinal) is var end and > 0)
        {
            line = line[(end + 1)..].Trim();
        }

        return line.Length <= MaxLength ? line : line[..MaxLength] + "...";
    }
}
