using Appliance.Catalog.Gguf;
using Appliance.Catalog.Manifests;
using Appliance.Contracts.V1;
using Appliance.Core.Models;

namespace Appliance.Server.Tests.Models;

/// <summary>
/// The real server with the tiny synthetic model (16 sequences) and two API-key clients: <c>it</c>
/// with the admin role and <c>his</c> without; anonymous callers allowed (development), so they
/// can be shown ModelAdmin's refusal too. The audit log is in the fixture's folder, flushed
/// every 100 ms. A second version of the weights (another seed) is written on demand.
/// </summary>
internal sealed class ModelLifecycleServer : ApplianceServerFixture
{
    public ModelLifecycleServer(bool watchFolders = false, int contextLength = 1024, int maxSequences = 16)
    {
        Models = [new StagedModel(ModelId) { ContextLength = contextLength, MaxSequences = maxSequences, BatchTokens = 256 }];
        Admin = AddApiKeyClient("it");
        Settings["Appliance:Clients:it:Roles:0"] = "admin";
        His = AddApiKeyClient("his");
        Settings["Appliance:Audit:Directory"] = AuditDirectory;
        Settings["Appliance:Audit:FlushInterval"] = "00:00:00.100";
        Settings["Appliance:Models:WatchFolders"] = watchFolders ? "true" : "false";
        Settings["Appliance:Models:WatchDelay"] = "00:00:00.100";
    }

    public ApiKeyClient Admin { get; }

    public ApiKeyClient His { get; }

    public string AuditDirectory => Folder.Combine("audit");

    public ModelAdmin.ModelAdminClient AdminClient => new(Channel);

    public Contracts.V1.Models.ModelsClient ModelsClient => new(Channel);

    public Generation.GenerationClient GenerationClient => new(Channel);

    /// <summary>Writes the weights of another version (seed <paramref name="seed"/>) outside the watched folder; returns the file and its sha256.</summary>
    public async Task<(string File, string Sha256)> WriteVersionAsync(int seed)
    {
        var model = Models[0] with { Seed = seed };
        var file = Folder.Combine($"weights-seed{seed}.gguf");
        SyntheticModel.WriteFile(file, model.Weights with { WeightType = model.WeightType }, CancellationToken.None);
        return (file, await Sha256Hex.OfFileAsync(file, CancellationToken.None));
    }

    /// <summary>Rewrites the manifest of <paramref name="id"/> in the models folder (as IT edits it): the staged model's settings, these weights.</summary>
    public ModelManifest WriteManifest(string id, string file, string sha256, ModelLoadPolicy load = ModelLoadPolicy.OnStart)
    {
        var current = ManifestLoader.LoadFile(Path.Combine(ModelsDirectory, ModelId + ".json")).Manifest!;
        var manifest = current with { Id = id, FilePath = file, Sha256 = sha256, Load = load, ManifestPath = Path.Combine(ModelsDirectory, id + ".json") };
        var temp = manifest.ManifestPath + ".tmp";
        ManifestWriter.Write(manifest, temp);
        File.Move(temp, manifest.ManifestPath, overwrite: true); // atomically, as an editor's save
        return manifest;
    }

    /// <summary>The sha256 the running model's manifest names now.</summary>
    public string CurrentSha(string id = ModelId) => ManifestLoader.LoadFile(Path.Combine(ModelsDirectory, id + ".json")).Manifest!.Sha256;
}
