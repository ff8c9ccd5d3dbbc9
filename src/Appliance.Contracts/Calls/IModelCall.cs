namespace Appliance.Contracts.V1;

/// <summary>
/// A request message that names a model. Implemented by the generated messages (partial
/// classes in this folder), so a door reads the model id without switching on message types.
/// </summary>
public interface IModelCall
{
    /// <summary>The model the call is for; empty when not set.</summary>
    string ModelId { get; }
}
