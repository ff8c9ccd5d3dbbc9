using Appliance.Scheduling;

namespace Appliance.Server.Models;

/// <summary>What every model worker needs besides its engine; <see cref="ModelHost"/> hands it to each <see cref="ModelWorkerFactory"/>.</summary>
/// <param name="Options">Admission, queue and drain limits.</param>
/// <param name="Time">Clock.</param>
/// <param name="Loggers">Creates the worker's logger (category: the worker type).</param>
/// <param name="Observer">Metrics port.</param>
/// <param name="Policies">Per-client weights and concurrency caps (the client directory).</param>
public sealed record WorkerServices(SchedulerOptions Options, TimeProvider Time, ILoggerFactory Loggers, ISchedulerObserver Observer, IClientPolicies Policies);
