namespace Appliance.Scheduling;

/// <summary>Port through which the scheduler finds a model's state and, once ready, its worker.</summary>
public interface IModelWorkerDirectory
{
    /// <summary>Returns null if no model has this id.</summary>
    ModelAvailability? Find(string modelId);
}
