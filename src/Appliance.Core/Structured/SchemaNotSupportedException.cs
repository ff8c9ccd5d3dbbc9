using System.Diagnostics.CodeAnalysis;

namespace Appliance.Core.Structured;

/// <summary>
/// A JSON Schema asks for something the grammar converter cannot enforce while decoding (or exceeds
/// <see cref="SchemaLimits"/>). The message names the JSON pointer and the keyword, e.g.
/// <c>/properties/dose: keyword "multipleOf" is not supported</c>; it quotes the schema, never request content.
/// </summary>
/// <param name="pointer">The JSON pointer of the schema object at fault (<c>""</c> for the root).</param>
/// <param name="keyword">The keyword at fault (<c>""</c> where no single keyword is, e.g. the schema's size).</param>
/// <param name="message">What is wrong, written for the caller.</param>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "A JSON pointer (RFC 6901), named as agreed with the decoding side.")]
public sealed class SchemaNotSupportedException(string pointer, string keyword, string message)
    : Exception($"{(pointer.Length == 0 ? "(root)" : pointer)}: {message}")
{
    /// <summary>The JSON pointer of the schema object at fault; empty for the root.</summary>
    public string Pointer { get; } = pointer;

    /// <summary>The keyword at fault; empty where the fault is not one keyword's.</summary>
    public string Keyword { get; } = keyword;

    /// <summary>Refuses a keyword the converter does not support.</summary>
    internal static SchemaNotSupportedException Unsupported(string pointer, string keyword) =>
        new(pointer, keyword, $"keyword \"{keyword}\" is not supported");

    /// <summary>Refuses a supported keyword used in a way the converter cannot enforce.</summary>
    internal static SchemaNotSupportedException Invalid(string pointer, string keyword, string why) =>
        new(pointer, keyword, $"keyword \"{keyword}\" {why}");
}
