using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Appliance.Core.Configuration;

namespace Appliance.Server.Configuration;

/// <summary>
/// Compares a configuration section with the type the binder fills from it, before binding: every
/// key the type has no property for (a typo such as <c>AllowedMethds</c>, which the binder would
/// ignore, leaving the default in force) and every value the binder could not convert (an enum
/// name it does not have) is a problem naming the full key, with a did-you-mean suggestion or the
/// allowed values. Follows the binder's rules: keys match properties ignoring case, a property
/// binds when it has a public setter or holds a collection or nested section, lists take any
/// child keys, dictionaries take any key.
/// </summary>
internal static class ConfigurationShape
{
    /// <summary>Nested sections searched for a suggestion (<c>Security:ClientCertificateMode</c> → <c>Security:Tls:ClientCertificateMode</c>).</summary>
    private const int SuggestionDepth = 2;

    /// <summary>Deeper than any options type of ours: a guard against self-referencing types.</summary>
    private const int MaxDepth = 16;

    /// <summary>Every problem of <paramref name="section"/> read as <paramref name="type"/>; <paramref name="handledElsewhere"/>: child keys another check reports.</summary>
    public static List<string> Check(IConfigurationSection section, Type type, params IReadOnlyCollection<string> handledElsewhere)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(type);
        var problems = new Problems();
        Visit(section, type, problems, handledElsewhere, 0);
        return problems.All;
    }

    /// <summary>
    /// Whether the binder can fill <paramref name="type"/> from <paramref name="section"/> without throwing:
    /// no value it cannot convert (unknown keys it ignores; <see cref="Check"/> reports them).
    /// </summary>
    public static bool CanBind(IConfigurationSection section, Type type)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(type);
        var problems = new Problems();
        Visit(section, type, problems, [], 0);
        return problems.Values == 0;
    }

    /// <summary>
    /// The section bound to <typeparamref name="T"/>, or a default instance when it has a problem (start-up
    /// validation reports it): for code that must read options before validation runs, where the binder would throw.
    /// </summary>
    public static T BindOrDefault<T>(IConfigurationSection section)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = new T();
        if (CanBind(section, typeof(T)))
        {
            section.Bind(options);
        }

        return options;
    }

    private static void Visit(IConfigurationSection section, Type type, Problems problems, IReadOnlyCollection<string> handledElsewhere, int depth)
    {
        var children = section.GetChildren().ToList();
        if (depth > MaxDepth)
        {
            return;
        }

        var scalar = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(scalar))
        {
            if (children.Count > 0)
            {
                problems.AddValue($"{section.Path} must be a single value, not a section (found {string.Join(", ", children.Select(c => c.Key))})");
            }
            else
            {
                CheckValue(section, type, scalar, problems);
            }

            return;
        }

        if (children.Count == 0)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                problems.AddValue($"{section.Path} must be {(ElementType(type) is null ? "a section" : "a list")}, not a single value");
            }

            return;
        }

        if (ElementType(type) is { } element)
        {
            foreach (var child in children)
            {
                Visit(child, element, problems, [], depth + 1);
            }

            return;
        }

        var properties = Bindable(type);
        foreach (var child in children.Where(c => !handledElsewhere.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            if (properties.TryGetValue(child.Key, out var property))
            {
                Visit(child, property.PropertyType, problems, [], depth + 1);
            }
            else
            {
                problems.All.Add(DescribeUnknown(section.Path, child.Key, type));
            }
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, Type scalar, Problems problems)
    {
        var value = section.Value;
        if (value is null || scalar == typeof(string) || (value.Length == 0 && type != scalar))
        {
            return; // absent, text, or an empty nullable (the binder sets null)
        }

        if (scalar.IsEnum)
        {
            // Names only: the binder would also take a number, and any number, even one the enum lacks.
            var names = Enum.GetNames(scalar);
            if (!names.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                problems.AddValue($"{section.Path}: \"{value}\" is not allowed; use {Choices(names)}");
            }

            return;
        }

        try
        {
            _ = TypeDescriptor.GetConverter(scalar).ConvertFromInvariantString(value);
        }
#pragma warning disable CA1031 // Converters throw what they like (FormatException, OverflowException, ArgumentException, Exception).
        catch (Exception)
#pragma warning restore CA1031
        {
            problems.AddValue($"{section.Path}: \"{value}\" is not {Describe(scalar)}");
        }
    }

    private static string DescribeUnknown(string parentPath, string key, Type type)
    {
        var candidates = Candidates(type, "", 0).ToList();
        var suggestion = KeySuggester.Suggest(key, candidates, candidate => candidate[(candidate.LastIndexOf(':') + 1)..]);
        return suggestion is null
            ? $"{parentPath}:{key}: unknown key; {parentPath} takes {Choices(Bindable(type).Values.Select(p => p.Name).Order(StringComparer.Ordinal).ToList())}"
            : $"{parentPath}:{key}: unknown key (did you mean {parentPath}:{suggestion}?)";
    }

    /// <summary>The keys of <paramref name="type"/>, then those of its nested sections (shallow first, so a same-level key wins a tie).</summary>
    private static IEnumerable<string> Candidates(Type type, string prefix, int depth)
    {
        var properties = Bindable(type).Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        foreach (var property in properties)
        {
            yield return prefix + property.Name;
        }

        if (depth >= SuggestionDepth)
        {
            yield break;
        }

        foreach (var property in properties.Where(p => IsSection(p.PropertyType)))
        {
            foreach (var nested in Candidates(property.PropertyType, $"{prefix}{property.Name}:", depth + 1))
            {
                yield return nested;
            }
        }
    }

    /// <summary>The properties the binder fills, by key (ignoring case, as configuration does).</summary>
    private static Dictionary<string, PropertyInfo> Bindable(Type type)
    {
        var bindable = new Dictionary<string, PropertyInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var getter = property.GetMethod;
            if (getter is null || !getter.IsPublic || getter.GetParameters().Length > 0)
            {
                continue;
            }

            var settable = property.SetMethod is { IsPublic: true };
            var scalar = IsScalar(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
            if (settable || !scalar)
            {
                var name = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
                bindable.TryAdd(name, property);
            }
        }

        return bindable;
    }

    private static bool IsSection(Type type) => !IsScalar(Nullable.GetUnderlyingType(type) ?? type) && ElementType(type) is null;

    private static bool IsScalar(Type type) =>
        type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal)
        || (!typeof(IEnumerable).IsAssignableFrom(type) && TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string)));

    /// <summary>What a list or dictionary holds (the value type of a dictionary); null for other types.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var interfaces = type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces();
        var generic = interfaces.Where(i => i.IsGenericType).ToList();
        var dictionary = generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        return generic.FirstOrDefault(i => i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    private static string Describe(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => "true or false",
        TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 =>
            string.Create(CultureInfo.InvariantCulture, $"a whole number ({Convert.ToString(type.GetField("MinValue")!.GetValue(null), CultureInfo.InvariantCulture)}..{Convert.ToString(type.GetField("MaxValue")!.GetValue(null), CultureInfo.InvariantCulture)})"),
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number (write a dot for decimals: 0.5)",
        _ when type == typeof(TimeSpan) => "a time span ([d.]hh:mm:ss[.fff], e.g. 00:00:30)",
        _ => $"a valid {type.Name}",
    };

    private static string Choices(IReadOnlyList<string> names) =>
        names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";

    /// <summary>What a check found; <see cref="Values"/> counts the problems the binder would throw on.</summary>
    private sealed class Problems
    {
        public List<string> All { get; } = [];

        public int Values { get; private set; }

        public void AddValue(string problem)
        {
            All.Add(problem);
            Values++;
        }
    }
}
