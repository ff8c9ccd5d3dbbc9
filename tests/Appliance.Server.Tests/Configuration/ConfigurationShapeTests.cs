using Appliance.Scheduling;
using Appliance.Server.Audit;
using Appliance.Server.Configuration;
using Appliance.Server.Hosting;
using Appliance.Server.Metrics;
using Appliance.Server.Security;
using Microsoft.Extensions.Configuration;

namespace Appliance.Server.Tests.Configuration;

/// <summary>The key and value check that runs before binding every Appliance section and the clients.</summary>
public sealed class ConfigurationShapeTests
{
    private static readonly Type ClientsType = typeof(Dictionary<string, ClientRegistration>);

    [Theory]
    [InlineData("AllowedMethds", "AllowedMethods")]
    [InlineData("MaxConcurentCalls", "MaxConcurrentCalls")]
    [InlineData("PriorityCieling", "PriorityCeiling")]
    [InlineData("allowedmodel", "AllowedModels")]
    public void Check_MisspeltClientKey_NamesFullPathAndSuggestion(string typo, string meant)
    {
        var problems = Check(ClientsType, "Appliance:Clients", (typo, "1"), ("AllowedModels:0", "*"));

        var problem = Assert.Single(problems);
        Assert.Equal($"Appliance:Clients:his:{typo}: unknown key (did you mean Appliance:Clients:his:{meant}?)", problem);
    }

    [Fact]
    public void Check_KeyAtTheWrongLevel_SuggestsTheNestedKey()
    {
        var problems = Check(typeof(SecurityOptions), "Appliance:Security", ("ClientCertificateMod", "Allow"));

        Assert.Equal(["Appliance:Security:ClientCertificateMod: unknown key (did you mean Appliance:Security:Tls:ClientCertificateMode?)"], problems);
    }

    [Fact]
    public void Check_UnknownKeyFarFromAny_ListsTheKeysTheSectionTakes()
    {
        var problems = Check(typeof(AuditOptions), "Appliance:Audit", ("Colour", "blue"));

        var problem = Assert.Single(problems);
        Assert.StartsWith("Appliance:Audit:Colour: unknown key; Appliance:Audit takes ", problem, StringComparison.Ordinal);
        Assert.Contains("Directory", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EnumValueNotAllowed_NamesTheAllowedValues_AndCannotBind()
    {
        var section = Section(ClientsType, "Appliance:Clients", ("PriorityCeiling", "Emergency"), ("AllowedModels:0", "*"));

        var problems = ConfigurationShape.Check(section, ClientsType);

        Assert.Equal(["Appliance:Clients:his:PriorityCeiling: \"Emergency\" is not allowed; use Normal, Urgent or Batch"], problems);
        Assert.False(ConfigurationShape.CanBind(section, ClientsType));
    }

    [Fact]
    public void Check_EnumAsNumber_Refused()
    {
        var problems = Check(typeof(SecurityOptions), "Appliance:Security", ("Tls:ClientCertificateMode", "7"));

        Assert.Equal(["Appliance:Security:Tls:ClientCertificateMode: \"7\" is not allowed; use Require or Allow"], problems);
    }

    [Theory]
    [InlineData("MaxWaitingRequests", "lots", "Appliance:Scheduler:MaxWaitingRequests: \"lots\" is not a whole number")]
    [InlineData("DrainTimeout", "30s", "Appliance:Scheduler:DrainTimeout: \"30s\" is not a time span")]
    [InlineData("BatchMinimumShare", "0,5", "Appliance:Scheduler:BatchMinimumShare: \"0,5\" is not a number")]
    [InlineData("DefaultClient", "heavy", "Appliance:Scheduler:DefaultClient must be a section, not a single value")]
    public void Check_ValueOfTheWrongKind_NamesKeyAndKind(string key, string value, string expected)
    {
        var problems = Check(typeof(SchedulerOptions), "Appliance:Scheduler", (key, value));

        Assert.StartsWith(expected, Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ListWrittenAsOneValue_Refused()
    {
        // "AllowedMethods": "Embed" binds to an empty list: every method.
        var problems = Check(ClientsType, "Appliance:Clients", ("AllowedMethods", "Embed"), ("AllowedModels:0", "*"));

        Assert.Equal(["Appliance:Clients:his:AllowedMethods must be a list, not a single value"], problems);
    }

    [Fact]
    public void Check_GoodSection_NoProblems_EmptyNullableAccepted()
    {
        var problems = Check(
            ClientsType, "Appliance:Clients", ("allowedmodels:0", "*"), ("PRIORITYCEILING", "urgent"), ("Weight", "2.5"), ("MaxConcurrent", ""), ("ApiKeyHashes:0", "x"));

        Assert.Empty(problems);
    }

    [Fact]
    public void Check_ComputedProperty_IsNotAKey()
    {
        // ClientRegistration.HasCredentials and TlsOptions.Enabled are read-only: the binder ignores them.
        var problems = Check(typeof(SecurityOptions), "Appliance:Security", ("Tls:Enabled", "true"));

        Assert.Equal(["Appliance:Security:Tls:Enabled: unknown key; Appliance:Security:Tls takes CertificateFile, ClientCaFile, ClientCertificateMode, KeyFile or RevocationMode"], problems);
    }

    [Fact]
    public void ShippedSettingsAndTemplates_HaveNoUnknownKeysOrBadValues()
    {
        var sections = new (string Name, Type Type)[]
        {
            (ServerOptions.SectionName, typeof(ServerOptions)), (ModelsOptions.SectionName, typeof(ModelsOptions)),
            (SchedulerOptions.SectionName, typeof(SchedulerOptions)), (Engines.Llama.LlamaOptions.SectionName, typeof(Engines.Llama.LlamaOptions)),
            (SecurityOptions.SectionName, typeof(SecurityOptions)), (MetricsOptions.SectionName, typeof(MetricsOptions)),
            (AuditOptions.SectionName, typeof(AuditOptions)), (ClientsOptions.SectionName, ClientsType),
            (Server.OpenAiApi.OpenAiOptions.SectionName, typeof(Server.OpenAiApi.OpenAiOptions)), (Server.Tasks.TasksOptions.SectionName, typeof(Server.Tasks.TasksOptions)),
            (Appliance.Grounding.GroundingOptions.SectionName, typeof(Appliance.Grounding.GroundingOptions)),
            (Server.Models.Memory.MemoryOptions.SectionName, typeof(Server.Models.Memory.MemoryOptions)),
        };
        var files = Directory.GetFiles(RepositoryPaths.ConfigDirectory, "*.json")
            .Concat(Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "Appliance.Server"), "appsettings*.json"))
            .ToList();
        Assert.Contains(files, f => f.EndsWith("clients.sample.json", StringComparison.Ordinal));

        foreach (var file in files)
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(file, optional: false).Build();
            var unknownSections = configuration.GetSection("Appliance").GetChildren().Select(c => c.Path).Except(sections.Select(s => s.Name), StringComparer.OrdinalIgnoreCase);
            var problems = sections.SelectMany(s => ConfigurationShape.Check(configuration.GetSection(s.Name), s.Type)).Concat(unknownSections);
            Assert.True(!problems.Any(), $"{file}: {string.Join("; ", problems)}");
        }
    }

    private static List<string> Check(Type type, string sectionName, params (string Key, string Value)[] values) =>
        ConfigurationShape.Check(Section(type, sectionName, values), type);

    /// <summary>The values under one client (<c>his</c>) for the clients dictionary, else under the section itself.</summary>
    private static IConfigurationSection Section(Type type, string sectionName, params (string Key, string Value)[] values)
    {
        var prefix = type == ClientsType ? $"{sectionName}:his:" : $"{sectionName}:";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(prefix + v.Key, v.Value)))
            .Build();
        return configuration.GetSection(sectionName);
    }
}
