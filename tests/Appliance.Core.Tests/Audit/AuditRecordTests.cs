using System.Reflection;
using Appliance.Core.Audit;

namespace Appliance.Core.Tests.Audit;

public sealed class AuditRecordTests
{
    /// <summary>
    /// The PHI guard: every string the record can hold is an identifier, code or hash. A new string,
    /// byte or collection property (a prompt, an output) fails here until it is reviewed.
    /// </summary>
    [Fact]
    public void AuditRecord_HasNoPropertyThatCouldCarryText()
    {
        string[] identifiers = ["Event", "RequestId", "ClientRequestId", "Client", "Method", "ModelId", "ModelSha256", "Priority", "Status", "FinishReason", "Authorization", "KeptPrev", "TaskId", "TaskVersion", "TaskSha256", "Prev", "Hash"];
        var properties = typeof(AuditRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance);

        var strings = properties.Where(p => p.PropertyType == typeof(string)).Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(identifiers.Order(StringComparer.Ordinal), strings);
        Assert.All(properties, p => Assert.True(
            p.PropertyType.IsPrimitive || p.PropertyType == typeof(string) || p.PropertyType == typeof(DateTimeOffset)
            || Nullable.GetUnderlyingType(p.PropertyType)?.IsPrimitive == true, p.Name));
    }
}
