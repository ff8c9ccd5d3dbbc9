namespace Appliance.Catalog.Onnx;

/// <summary>
/// What <see cref="OnnxModelReader"/> found in an ONNX model file: its header, the graph's real
/// inputs (initializers excluded) and outputs, and facts about its weights. No tensor data.
/// </summary>
/// <param name="IrVersion">The ONNX IR version (<c>ir_version</c>).</param>
/// <param name="ProducerName">The exporter (<c>producer_name</c>, e.g. "pytorch"); null when absent.</param>
/// <param name="ProducerVersion">The exporter's version; null when absent.</param>
/// <param name="Opsets">The operator sets imported, the default domain spelled "ai.onnx".</param>
/// <param name="GraphName">The graph's name; null when absent.</param>
/// <param name="Inputs">Inputs a caller feeds, in the model's order.</param>
/// <param name="Outputs">Outputs, in the model's order.</param>
/// <param name="InitializerCount">Weight tensors stored with the graph.</param>
/// <param name="ExternalDataFiles">
/// Files named by initializers whose data lives outside the model file (<c>model.onnx_data</c>):
/// a manifest's sha256 covers only the model file, not these. Empty for a self-contained model.
/// </param>
/// <param name="PositionEmbeddingRows">
/// Rows of the largest 2-D initializer whose name contains "position_embeddings" (a BERT-style
/// model's most tokens per text), or null when there is none.
/// </param>
public sealed record OnnxModelInfo(
    long IrVersion,
    string? ProducerName,
    string? ProducerVersion,
    IReadOnlyList<OnnxOpset> Opsets,
    string? GraphName,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs,
    int InitializerCount,
    IReadOnlyList<string> ExternalDataFiles,
    long? PositionEmbeddingRows)
{
    /// <summary>The version of the default operator set ("ai.onnx"), or null when the model imports none.</summary>
    public long? DefaultOpsetVersion => Opsets.FirstOrDefault(o => o.Domain == OnnxModelReader.DefaultDomain)?.Version;
}
