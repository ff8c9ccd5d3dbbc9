using Google.Protobuf.Reflection;

namespace Appliance.Contracts.V1;

/// <summary>The appliance.v1 contract as a whole: its package and the files that define it.</summary>
public static class ApplianceContract
{
    /// <summary>The contract's protobuf package, which names its version.</summary>
    public const string Version = "appliance.v1";

    /// <summary>The contract's .proto files, as compiled into this assembly.</summary>
    public static IReadOnlyList<FileDescriptor> Files { get; } =
    [
        GenerationReflection.Descriptor,
        ModelsReflection.Descriptor,
        EmbeddingsReflection.Descriptor,
        InferenceReflection.Descriptor,
        ServerReflection.Descriptor,
        TasksReflection.Descriptor,
        ModelAdminReflection.Descriptor,
    ];

    /// <summary>Every method of the contract as <c>Service/Method</c> (<c>Generation/Generate</c>), sorted.</summary>
    public static IReadOnlyList<string> Methods { get; } =
    [
        .. Files.SelectMany(f => f.Services).SelectMany(s => s.Methods.Select(m => $"{s.Name}/{m.Name}")).Order(StringComparer.Ordinal),
    ];
}
