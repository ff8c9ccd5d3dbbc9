using System.Buffers;
using System.Text.Unicode;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Appliance.Server.GrpcApi;

/// <summary>
/// Finds the string field whose bytes are not UTF-8 in a request that failed to parse: Google.Protobuf
/// says only that some string was invalid. Walks the fields with the library's own
/// <see cref="CodedInputStream"/> and the message's descriptor (no parsing of our own), runs only
/// on that failure path, and gives up (null) on anything it cannot read.
/// </summary>
internal static class InvalidUtf8Locator
{
    /// <summary>Deeper than any appliance.v1 message nests; protobuf's own recursion limit is 100.</summary>
    private const int MaxDepth = 16;

    /// <summary>The proto path of the first string field that is not UTF-8, e.g. <c>messages.items[2].content</c>; null when none is found.</summary>
    public static string? Find(ReadOnlySequence<byte> payload, MessageDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        try
        {
            return Find(payload.ToArray(), descriptor, "", 0);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static string? Find(byte[] message, MessageDescriptor descriptor, string prefix, int depth)
    {
        var input = new CodedInputStream(message);
        var seen = new Dictionary<int, int>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var field = descriptor.FindFieldByNumber(WireFormat.GetTagFieldNumber(tag));
            if (field is null || WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited
                || field.FieldType is not (FieldType.String or FieldType.Message))
            {
                input.SkipLastField();
                continue;
            }

            var index = seen.GetValueOrDefault(field.FieldNumber);
            seen[field.FieldNumber] = index + 1;
            var path = prefix + field.Name + (field.IsRepeated ? $"[{index}]" : "");
            var bytes = input.ReadBytes();
            var found = field.FieldType == FieldType.String
                ? Utf8.IsValid(bytes.Span) ? null : path
                : depth < MaxDepth ? Find(bytes.ToByteArray(), field.MessageType, path + ".", depth + 1) : null;
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }
}
