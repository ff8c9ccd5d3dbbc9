namespace Appliance.Core.Models;

/// <summary>ONNX Runtime graph optimisation level (manifest <c>graph_optimization</c>).</summary>
public enum GraphOptimization
{
    /// <summary>No graph rewrites.</summary>
    Disabled,

    /// <summary>Constant folding, redundant node removal.</summary>
    Basic,

    /// <summary>Basic plus node fusions.</summary>
    Extended,

    /// <summary>Everything, including layout optimisations (the default).</summary>
    All,
}
