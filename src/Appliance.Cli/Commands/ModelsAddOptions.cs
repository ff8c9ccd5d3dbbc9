using Appliance.Core.Models;

namespace Appliance.Cli.Commands;

/// <summary>What <c>models add</c> was asked to stage.</summary>
/// <param name="File">The weights file (GGUF or ONNX), as typed.</param>
/// <param name="Id">The model id for the manifest (and its file name, ID.json).</param>
public sealed record ModelsAddOptions(string File, string Id)
{
    /// <summary>Folder for the manifest (<c>--out</c>); null picks <see cref="ModelsAddCommand.DefaultDirectory"/>.</summary>
    public string? Directory { get; init; }

    /// <summary><c>--kind</c>; null lets the file decide (see models/README.md, Staging a model).</summary>
    public ModelKind? Kind { get; init; }

    /// <summary><c>--vocabulary</c>: the WordPiece vocab.txt of an ONNX embedding model.</summary>
    public string? Vocabulary { get; init; }

    /// <summary><c>--force</c>: replace an existing ID.json.</summary>
    public bool Force { get; init; }

    /// <summary>Redraw the hashing progress in place (standard error is a terminal).</summary>
    public bool LiveProgress { get; init; }
}
