using Appliance.Core.Models;
using Appliance.Scheduling;

namespace Appliance.Server.Models;

/// <summary>What a <see cref="ModelWorkerFactory"/> made: the worker (owning its engine) and the engine's backend, as ListModels shows it.</summary>
/// <param name="Worker">The worker, not yet started.</param>
/// <param name="Backend">Engine backend description.</param>
/// <param name="Traits">What the engine reports of its model (ModelInfo's engine fields).</param>
public sealed record CreatedWorker(IModelWorker Worker, string Backend, ModelTraits? Traits = null);
