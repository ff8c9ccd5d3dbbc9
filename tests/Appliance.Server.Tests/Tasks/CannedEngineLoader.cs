using Appliance.Core.Engines;
using Appliance.Core.Models;

namespace Appliance.Server.Tests.Tasks;

/// <summary>Loads <see cref="CannedAnswerEngine"/> for the model <see cref="TasksServerFixture.CannedModelId"/> and the real engine for the others.</summary>
internal sealed class CannedEngineLoader(ITextGenerationEngineLoader real, CannedAnswers answers) : ITextGenerationEngineLoader
{
    public Task<ITextGenerationEngine> LoadAsync(ModelManifest manifest, CancellationToken cancellationToken) =>
        manifest.Id == TasksServerFixture.CannedModelId
            ? Task.FromResult<ITextGenerationEngine>(new CannedAnswerEngine(answers))
            : real.LoadAsync(manifest, cancellationToken);
}
