using System.Globalization;

namespace Appliance.Catalog.Gguf;

/// <summary>
/// One typed GGUF metadata value: a scalar, a string, or an array of scalars or strings
/// (arrays of arrays are rejected, as llama.cpp rejects them). Immutable.
/// </summary>
public sealed class GgufValue
{
    private readonly object _value;

    private GgufValue(GgufValueType type, object value, GgufValueType? elementType = null)
    {
        Type = type;
        _value = value;
        ElementType = elementType;
    }

    public GgufValueType Type { get; }

    /// <summary>The element type of an array; null for scalars and strings.</summary>
    public GgufValueType? ElementType { get; }

    /// <summary>The boxed scalar, the string, or (for arrays) an <c>IReadOnlyList&lt;T&gt;</c>.</summary>
    public object Value => _value;

    /// <summary>The number of elements of an array; 1 for anything else.</summary>
    public int Count => _value is Array array ? array.Length : 1;

    public static GgufValue FromUInt8(byte value) => new(GgufValueType.UInt8, value);

    public static GgufValue FromInt8(sbyte value) => new(GgufValueType.Int8, value);

    public static GgufValue FromUInt16(ushort value) => new(GgufValueType.UInt16, value);

    public static GgufValue FromInt16(short value) => new(GgufValueType.Int16, value);

    public static GgufValue FromUInt32(uint value) => new(GgufValueType.UInt32, value);

    public static GgufValue FromInt32(int value) => new(GgufValueType.Int32, value);

    public static GgufValue FromFloat32(float value) => new(GgufValueType.Float32, value);

    public static GgufValue FromBool(bool value) => new(GgufValueType.Bool, value);

    public static GgufValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(GgufValueType.String, value);
    }

    public static GgufValue FromUInt64(ulong value) => new(GgufValueType.UInt64, value);

    public static GgufValue FromInt64(long value) => new(GgufValueType.Int64, value);

    public static GgufValue FromFloat64(double value) => new(GgufValueType.Float64, value);

    /// <summary>
    /// An array whose element type follows from <typeparamref name="T"/>: byte, sbyte, ushort,
    /// short, uint, int, float, bool, string, ulong, long or double. The items are copied.
    /// </summary>
    public static GgufValue FromArray<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var elementType = ElementTypeOf(typeof(T))
            ?? throw new ArgumentException($"GGUF arrays cannot hold {typeof(T).Name}.", nameof(items));
        var copy = items.ToArray();
        if (copy is string[] strings && Array.IndexOf(strings, null) >= 0)
        {
            throw new ArgumentException("GGUF string arrays cannot hold null.", nameof(items));
        }

        return new(GgufValueType.Array, copy, elementType);
    }

    /// <summary>Wraps an array the reader built; it is not copied and nobody else holds it.</summary>
    internal static GgufValue FromOwnedArray(GgufValueType elementType, Array items) =>
        new(GgufValueType.Array, items, elementType);

    public string AsString() => _value as string ?? throw Mismatch(GgufValueType.String);

    public bool AsBoolean() => _value is bool b ? b : throw Mismatch(GgufValueType.Bool);

    /// <summary>A float32 or float64 value as float.</summary>
    public float AsSingle() => _value switch
    {
        float f => f,
        double d => (float)d,
        _ => throw Mismatch(GgufValueType.Float32),
    };

    /// <summary>A float32 or float64 value as double.</summary>
    public double AsDouble() => _value switch
    {
        float f => f,
        double d => d,
        _ => throw Mismatch(GgufValueType.Float64),
    };

    /// <summary>Any integer type whose value fits in uint32 (files differ in which they use).</summary>
    public uint AsUInt32() => TryGetInteger(out var v) && v >= 0 && v <= uint.MaxValue
        ? (uint)v
        : throw Mismatch(GgufValueType.UInt32);

    /// <summary>Any integer type whose value fits in int64.</summary>
    public long AsInt64() => AsInt64OrDefault() ?? throw Mismatch(GgufValueType.Int64);

    /// <summary>Any non-negative integer.</summary>
    public ulong AsUInt64() => TryGetInteger(out var v) && v >= 0 ? (ulong)v : throw Mismatch(GgufValueType.UInt64);

    /// <summary>The items of an array whose element type matches <typeparamref name="T"/> exactly.</summary>
    public IReadOnlyList<T> AsArray<T>() =>
        _value as T[] ?? throw new InvalidDataException(
            $"GGUF value is {Describe()}, expected an array of {ElementTypeOf(typeof(T))?.ToString() ?? typeof(T).Name}.");

    public IReadOnlyList<string> AsStringArray() => AsArray<string>();

    public IReadOnlyList<int> AsInt32Array() => AsArray<int>();

    public IReadOnlyList<float> AsFloat32Array() => AsArray<float>();

    /// <summary>The type as text, such as "uint32" or "array[string] (32000)".</summary>
    public string Describe() => ElementType is { } e
        ? string.Create(CultureInfo.InvariantCulture, $"array[{e}] ({Count})")
        : Type.ToString();

    public override string ToString() => _value switch
    {
        string s => s,
        Array a => Describe(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => _value.ToString() ?? string.Empty,
    };

    internal static GgufValueType? ElementTypeOf(Type type) => type switch
    {
        _ when type == typeof(byte) => GgufValueType.UInt8,
        _ when type == typeof(sbyte) => GgufValueType.Int8,
        _ when type == typeof(ushort) => GgufValueType.UInt16,
        _ when type == typeof(short) => GgufValueType.Int16,
        _ when type == typeof(uint) => GgufValueType.UInt32,
        _ when type == typeof(int) => GgufValueType.Int32,
        _ when type == typeof(float) => GgufValueType.Float32,
        _ when type == typeof(bool) => GgufValueType.Bool,
        _ when type == typeof(string) => GgufValueType.String,
        _ when type == typeof(ulong) => GgufValueType.UInt64,
        _ when type == typeof(long) => GgufValueType.Int64,
        _ when type == typeof(double) => GgufValueType.Float64,
        _ => null,
    };

    /// <summary>The value when it is an integer (of any width) that fits in int64; otherwise null.</summary>
    internal long? AsInt64OrDefault() =>
        TryGetInteger(out var v) && v >= long.MinValue && v <= long.MaxValue ? (long)v : null;

    private bool TryGetInteger(out Int128 value)
    {
        value = _value switch
        {
            byte v => v,
            sbyte v => v,
            ushort v => v,
            short v => v,
            uint v => v,
            int v => v,
            ulong v => v,
            long v => v,
            _ => Int128.MinValue,
        };
        return value != Int128.MinValue;
    }

    private InvalidDataException Mismatch(GgufValueType expected) =>
        new($"GGUF value is {Describe()}, expected {expected}.");
}
