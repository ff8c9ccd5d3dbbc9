using Appliance.Core.Inference;
using Microsoft.ML.OnnxRuntime;

namespace Appliance.Engines.Onnx;

/// <summary>
/// A tensor model on ONNX Runtime: one <c>Run</c> per batch that the scheduler assembled, inputs
/// stacked along the first dimension, outputs split back by rows.
/// </summary>
internal sealed class OnnxTensorEngine : ITensorEngine
{
    private readonly OnnxSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public OnnxTensorEngine(OnnxSession session, ModelSignature signature)
    {
        _session = session;
        Signature = signature;
        _inputNames = [.. signature.Inputs.Select(i => i.Name)];
        _outputNames = [.. signature.Outputs.Select(o => o.Name)];
    }

    public ModelSignature Signature { get; }

    public string Backend => _session.Backend;

    public IReadOnlyList<IReadOnlyList<NamedTensor>> Run(IReadOnlyList<TensorRequest> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_session.IsDisposed, this);
        if (batch.Count == 0)
        {
            return [];
        }

        if (batch.Count > 1 && !Signature.Batchable)
        {
            throw new ArgumentException("the model's inputs have a fixed first dimension: run its requests one at a time", nameof(batch));
        }

        var outputNames = OutputsToRun(batch);
        var rows = batch.Count == 1 ? null : RowsOf(batch);
        using var inputs = new OrtValues(_inputNames.Length);
        foreach (var spec in Signature.Inputs)
        {
            inputs.Add(TensorBatch.Stack(spec, [.. batch.Select(request => InputOf(request, spec.Name))]));
        }

        using var results = OnnxRunner.Run(_session.Session, _inputNames, inputs.Values, outputNames, cancellationToken);
        var split = new Dictionary<string, NamedTensor[]>(outputNames.Length, StringComparer.Ordinal);
        for (var k = 0; k < outputNames.Length; k++)
        {
            split[outputNames[k]] = TensorBatch.Split(outputNames[k], results[k], rows);
        }

        var answers = new IReadOnlyList<NamedTensor>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var wanted = batch[i].Outputs.Count == 0 ? _outputNames : batch[i].Outputs;
            answers[i] = [.. wanted.Select(name => split[name][i])];
        }

        return answers;
    }

    public void Dispose() => _session.Dispose();

    /// <summary>The union of the outputs asked for, in the model's order; all when any request asks for all.</summary>
    private string[] OutputsToRun(IReadOnlyList<TensorRequest> batch)
    {
        if (batch.Any(request => request.Outputs.Count == 0))
        {
            return _outputNames;
        }

        var asked = new HashSet<string>(batch.SelectMany(request => request.Outputs), StringComparer.Ordinal);
        var unknown = asked.Where(name => !_outputNames.Contains(name, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"the model has no output {string.Join(", ", unknown.Select(n => $"'{n}'"))}", nameof(batch));
        }

        return [.. _outputNames.Where(asked.Contains)];
    }

    /// <summary>Each request's row count: the first dimension, which all its inputs must share.</summary>
    private long[] RowsOf(IReadOnlyList<TensorRequest> batch)
    {
        var rows = new long[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var first = InputOf(batch[i], _inputNames[0]);
            rows[i] = first.Shape.Count > 0 ? first.Shape[0] : throw new ArgumentException($"input '{first.Name}' is a scalar and cannot be batched", nameof(batch));
            foreach (var name in _inputNames)
            {
                var input = InputOf(batch[i], name);
                if (input.Shape.Count == 0 || input.Shape[0] != rows[i])
                {
                    throw new ArgumentException(
                        $"request {i}: input '{name}' has a first dimension other than input '{first.Name}' ({rows[i]}): batched inputs must have as many rows each",
                        nameof(batch));
                }
            }
        }

        return rows;
    }

    private static NamedTensor InputOf(TensorRequest request, string name)
    {
        foreach (var input in request.Inputs)
        {
            if (string.Equals(input.Name, name, StringComparison.Ordinal))
            {
                return input;
            }
        }

        throw new ArgumentException($"the request lacks input '{name}'", nameof(request));
    }
}
