using System.Text.Json;
using Appliance.Core.Security;
using Appliance.Server.Security;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Appliance.Server.Tests.Security;

/// <summary>
/// The real server in the production profile with authentication on (no anonymous callers)
/// and calling systems in a watched JSON file, as /etc/appliance is on the box:
/// <c>his</c> (two API keys, model <see cref="ModelId"/> only), <c>lis</c> (Embed only),
/// <c>quota</c> (10 tokens a minute) and <c>busy</c> (one call in flight). A second manifest,
/// <see cref="OtherModelId"/>, serves the same weights under another id.
/// </summary>
public sealed class SecureServerFixture : ApplianceServerFixture
{
    /// <summary>The staged model, the only one <c>his</c> may use (here too for the tests' <c>using static</c>).</summary>
    public new const string ModelId = ApplianceServerFixture.ModelId;

    public const string OtherModelId = "tiny-b";

    /// <summary>The staged model's context length.</summary>
    public const int LongContext = 8192;

    public SecureServerFixture()
    {
        Environment = "Production";
        // A long context, so a call can hold its quota slot for seconds (the synthetic model decodes thousands of tokens a second).
        Models = [new StagedModel(ModelId) { ContextLength = LongContext, Aliases = [OtherModelId] }];
        AllowAnonymous = false;
        MinimumLogLevel = LogLevel.Trace;
        Credentials = Key(HisNewKey);
        Settings["Appliance:Audit:Directory"] = AuditDirectory;
        Settings["Appliance:Audit:FlushInterval"] = "00:00:00.100";
        Settings["Appliance:Server:EnableReflection"] = "true"; // a duplex-streaming service, to prove those are authenticated too
        // The product's source for /etc/appliance/clients.json (watched; keeps its last good content on a bad change).
        ConfigureServer = builder => builder.Configuration.Sources.Add(ClientsFileSource.For(ConfigFile));
        WriteClients(includeOldKey: true);
    }

    public string HisOldKey { get; } = ApiKeyHash.NewKey();

    public string HisNewKey { get; } = ApiKeyHash.NewKey();

    public string LisKey { get; } = ApiKeyHash.NewKey();

    public string QuotaKey { get; } = ApiKeyHash.NewKey();

    public string BusyKey { get; } = ApiKeyHash.NewKey();

    public string ConfigFile => Folder.Combine("clients.json");

    public string AuditDirectory => Folder.Combine("audit");

    /// <summary>Metadata carrying an API key.</summary>
    public static Metadata Key(string key) => ApiKeyClient.Headers(key);

    /// <summary>(Re)writes the watched clients file; the server picks it up without a restart.</summary>
    public void WriteClients(bool includeOldKey, string? hisHashOverride = null) => WriteClientsSection(Clients(includeOldKey, hisHashOverride));

    /// <summary>The four clients as <see cref="WriteClients"/> writes them, for a test to alter before <see cref="WriteClientsSection"/>.</summary>
    public Dictionary<string, object> Clients(bool includeOldKey, string? hisHashOverride = null)
    {
        var hisKeys = hisHashOverride is not null ? [hisHashOverride]
            : includeOldKey ? new[] { ApiKeyHash.Hash(HisOldKey), ApiKeyHash.Hash(HisNewKey) } : [ApiKeyHash.Hash(HisNewKey)];
        var clients = new Dictionary<string, object>
        {
            ["his"] = new { DisplayName = "HIS", ApiKeyHashes = hisKeys, AllowedModels = new[] { ModelId }, PriorityCeiling = "Normal", Weight = 3 },
            ["lis"] = new { ApiKeyHashes = new[] { ApiKeyHash.Hash(LisKey) }, AllowedModels = new[] { "*" }, AllowedMethods = new[] { "Embed" } },
            ["quota"] = new { ApiKeyHashes = new[] { ApiKeyHash.Hash(QuotaKey) }, AllowedModels = new[] { "*" }, TokensPerMinute = 10 },
            ["busy"] = new { ApiKeyHashes = new[] { ApiKeyHash.Hash(BusyKey) }, AllowedModels = new[] { "*" }, MaxConcurrentCalls = 1 },
        };
        return clients;
    }

    /// <summary>Writes <paramref name="clients"/> as the Appliance:Clients of the watched file (atomically, as an editor's save).</summary>
    public void WriteClientsSection(object clients) => WriteClientsFile(JsonSerializer.Serialize(new { Appliance = new { Clients = clients } }));

    /// <summary>Writes <paramref name="json"/> as the watched file (atomically, as an editor's save).</summary>
    public void WriteClientsFile(string json)
    {
        var temp = ConfigFile + ".tmp";
        File.WriteAllText(temp, json);
        File.Move(temp, ConfigFile, overwrite: true);
    }
}
