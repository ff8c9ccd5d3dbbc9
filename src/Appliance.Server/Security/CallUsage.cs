using Appliance.Contracts.V1;

namespace Appliance.Server.Security;

/// <summary>Tokens a call used, for the token-rate quota: prompt plus generated tokens, or the embedded texts' tokens.</summary>
internal static class CallUsage
{
    /// <summary>Tokens reported by a unary response or a stream's final message; null when the message carries no usage.</summary>
    public static long? Tokens(object? response) => response switch
    {
        CompleteResponse { Final.Usage: { } u } => (long)u.PromptTokens + u.CompletionTokens,
        GenerateResponse { Final.Usage: { } u } => (long)u.PromptTokens + u.CompletionTokens,
        EmbedResponse { Usage: { } u } => u.PromptTokens,
        _ => null,
    };

    /// <summary>Tokens a streamed piece accounts for (counted when a stream ends without its final message).</summary>
    public static long PieceTokens(object? message) => message is GenerateResponse { Piece: { } piece } ? piece.TokenCount : 0;
}
