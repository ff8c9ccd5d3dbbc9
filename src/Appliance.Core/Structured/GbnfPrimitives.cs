using System.Collections.Frozen;

namespace Appliance.Core.Structured;

/// <summary>
/// The shared GBNF rules every converted grammar draws on: JSON's lexical pieces with bounds that keep a
/// model that only emits noise (random weights, a confused fine-tune) from looping inside one token class.
/// </summary>
internal static class GbnfPrimitives
{
    /// <summary>One primitive: its GBNF body and the primitives it refers to.</summary>
    internal sealed record Primitive(string Body, params string[] Uses);

    /// <summary>Every primitive by rule name.</summary>
    public static FrozenDictionary<string, Primitive> All { get; } = new Dictionary<string, Primitive>(StringComparer.Ordinal)
    {
        // Whitespace between tokens: nothing, one space, or one newline and up to 8 indents. Bounded, so a
        // model cannot spend its budget on blanks (llama.cpp bounds its space rule the same way).
        ["ws"] = new("""( " " | "\n" [ \t]{0,8} )?"""),

        // A JSON string character: no raw quote, backslash or control; escapes as JSON defines them, with \u
        // limited to non-surrogates so a lone surrogate (which System.Text.Json refuses to decode) cannot appear.
        ["char"] = new("""[^"\\\x00-\x1F] | "\\" ( ["\\/bfnrt] | "u" ( [0-9a-cA-CeEfF] hex{3} | [dD] [0-7] hex{2} ) )""", "hex"),
        ["hex"] = new("[0-9a-fA-F]"),
        ["string"] = new("""["] char* ["]""", "char"),

        // Integers of at most 16 digits, fractions of at most 15, exponents of at most 2: all fit a double.
        ["integer"] = new("""( "-"? ( "0" | [1-9] [0-9]{0,15} ) )"""),
        ["number"] = new("""integer ( "." [0-9]{1,15} )? ( [eE] [-+]? [0-9]{1,2} )?""", "integer"),
        ["boolean"] = new("""( "true" | "false" )"""),
        ["null"] = new("\"null\""),
        ["value"] = new("object | array | string | number | boolean | null", "object", "array", "string", "number", "boolean", "null"),
        ["object"] = new("""( "{" ws ( string ws ":" ws value ws ( "," ws string ws ":" ws value ws )* )? "}" )""", "ws", "string", "value"),
        ["array"] = new("""( "[" ws ( value ws ( "," ws value ws )* )? "]" )""", "ws", "value"),

        // Regex '.': any string character but a line terminator (ECMAScript's definition), escapes included.
        ["dot"] = new("""[^"\\\x00-\x1F\u2028\u2029] | "\\" ["\\/bft]"""),

        // ISO 8601 / RFC 3339 shapes (JSON Schema's "date", "time", "date-time"): real calendar days only,
        // 29 February only in leap years, years 0001-9999, seconds 00-59, an offset always present.
        ["year"] = new("""( [1-9] [0-9]{3} | "0" [1-9] [0-9]{2} | "00" [1-9] [0-9] | "000" [1-9] )"""),
        ["leap-year"] = new("""( [0-9]{2} ( "0" [48] | [2468] [048] | [13579] [26] ) | ( "0" [48] | [2468] [048] | [13579] [26] ) "00" )"""),
        ["date"] = new(
            """( year "-" ( ( "0" [13578] | "1" [02] ) "-" ( "0" [1-9] | [12] [0-9] | "3" [01] ) | ( "0" [469] | "11" ) "-" ( "0" [1-9] | [12] [0-9] | "30" ) | "02-" ( "0" [1-9] | "1" [0-9] | "2" [0-8] ) ) | leap-year "-02-29" )""",
            "year",
            "leap-year"),
        ["time"] = new("""( [01] [0-9] | "2" [0-3] ) ":" [0-5] [0-9] ":" [0-5] [0-9] ( "." [0-9]{1,6} )? ( "Z" | [+-] ( [01] [0-9] | "2" [0-3] ) ":" [0-5] [0-9] )"""),
        ["date-time"] = new("""date "T" time""", "date", "time"),
        ["uuid"] = new("""hex{8} "-" hex{4} "-" hex{4} "-" hex{4} "-" hex{12}""", "hex"),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
