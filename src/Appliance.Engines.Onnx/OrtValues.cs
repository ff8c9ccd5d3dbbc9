using Microsoft.ML.OnnxRuntime;

namespace Appliance.Engines.Onnx;

/// <summary>The input values of one run: native memory that the run reads and that is released when it is over.</summary>
internal sealed class OrtValues : IDisposable
{
    private readonly List<OrtValue> _values;

    public OrtValues(int capacity)
    {
        _values = new List<OrtValue>(capacity);
    }

    public IReadOnlyCollection<OrtValue> Values => _values;

    /// <summary>Takes ownership of <paramref name="value"/>.</summary>
    public void Add(OrtValue value) => _values.Add(value);

    public void Dispose()
    {
        foreach (var value in _values)
        {
            value.Dispose();
        }
    }
}
