namespace Appliance.Core.Models;

/// <summary>How token vectors become one text vector (manifest <c>pooling</c>).</summary>
public enum EmbeddingPooling
{
    /// <summary>Mean over the text's tokens (attention mask), as sentence-transformers' all-MiniLM does.</summary>
    Mean,

    /// <summary>The first token's vector ([CLS]), as bge models do.</summary>
    Cls,
}
