using Appliance.Core.Models;

namespace Appliance.Server.Models;

/// <summary>
/// How one model kind is served: load the engine its manifest names, build the worker that
/// will own it. <see cref="ModelHost"/> picks the factory by <see cref="Kind"/>, then starts,
/// drains and stops the worker like any other. The kinds this build serves are in
/// <see cref="ModelWorkerFactories"/>.
/// </summary>
public sealed class ModelWorkerFactory
{
    private readonly Func<ModelManifest, WorkerServices, IProgress<float>?, CancellationToken, Task<CreatedWorker>> _create;

    /// <summary>Creates the factory of <paramref name="kind"/>.</summary>
    /// <param name="kind">The model kind served.</param>
    /// <param name="create">Loads the engine (long-running; honours cancellation; reports 0..1 to the progress when it can) and returns the worker over it, not yet started.</param>
    public ModelWorkerFactory(ModelKind kind, Func<ModelManifest, WorkerServices, IProgress<float>?, CancellationToken, Task<CreatedWorker>> create)
    {
        Kind = kind;
        _create = create;
    }

    /// <summary>The model kind this factory serves.</summary>
    public ModelKind Kind { get; }

    /// <summary>
    /// A factory of two steps: <paramref name="load"/> the engine, then <paramref name="build"/>
    /// the worker that owns it.
    /// </summary>
    public static ModelWorkerFactory Of<TEngine>(
        ModelKind kind,
        Func<ModelManifest, IProgress<float>?, CancellationToken, Task<TEngine>> load,
        Func<ModelManifest, TEngine, WorkerServices, CreatedWorker> build) =>
        new(kind, async (manifest, services, progress, cancellationToken) => build(manifest, await load(manifest, progress, cancellationToken), services));

    /// <summary>Loads the engine and builds the worker, not yet started.</summary>
    /// <exception cref="Core.Errors.ModelUnavailableException">The model cannot run as configured in this build (no engine for its format, CUDA asked for and absent); the message says why.</exception>
    public Task<CreatedWorker> CreateAsync(ModelManifest manifest, WorkerServices services, IProgress<float>? progress, CancellationToken cancellationToken) =>
        _create(manifest, services, progress, cancellationToken);
}
