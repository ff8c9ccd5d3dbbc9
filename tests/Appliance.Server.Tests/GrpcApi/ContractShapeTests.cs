using Appliance.Contracts.V1;
using Appliance.Server.Security;
using Google.Protobuf.Reflection;

namespace Appliance.Server.Tests.GrpcApi;

/// <summary>Promises of the appliance.v1 contract that buf cannot check: wire-compatible siblings and a complete method vocabulary.</summary>
public sealed class ContractShapeTests
{
    private static IEnumerable<(int Number, string Name, FieldType Type, string? Message, string? Oneof)> Fields(MessageDescriptor message) =>
        message.Fields.InFieldNumberOrder().Select(f => (f.FieldNumber, f.Name, f.FieldType,
            f.FieldType == FieldType.Message ? f.MessageType.FullName : null, f.RealContainingOneof?.Name));

    [Fact]
    public void CompleteRequest_SameFieldsAndNumbersAsGenerateRequest()
    {
        Assert.Equal(Fields(GenerateRequest.Descriptor), Fields(CompleteRequest.Descriptor));
    }

    [Fact]
    public void CountTokensRequest_TheInputFieldsOfGenerateRequestUnderTheSameNumbers()
    {
        var generate = Fields(GenerateRequest.Descriptor).ToList();

        var count = Fields(CountTokensRequest.Descriptor).ToList();

        Assert.Equal(["model_id", "prompt", "messages"], count.Select(f => f.Name));
        Assert.All(count, f => Assert.Contains(f, generate));
    }

    [Fact]
    public void AllowedMethodsVocabulary_NamesEveryMethodOfTheContract()
    {
        Assert.NotEmpty(ApplianceContract.Methods);
        Assert.All(ApplianceContract.Methods, method =>
        {
            Assert.True(ApplianceMethods.IsKnownPattern(method), $"{method} is not in Security/ApplianceMethods");
            Assert.True(ApplianceMethods.IsKnownPattern(method.Split('/')[1]), $"{method}'s short name is not in Security/ApplianceMethods");
        });
        Assert.Equal(ApplianceContract.Methods.Select(m => m.Split('/')[1]).Order(StringComparer.Ordinal), ApplianceMethods.ShortNames);
    }
}
