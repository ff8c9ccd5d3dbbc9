using Appliance.Contracts.V1;
using Appliance.Core.Models;
using ProtoSpecialToken = Appliance.Contracts.V1.SpecialToken;

namespace Appliance.Server.GrpcApi;

/// <summary>ModelInfo's engine fields from what the loaded engine reported; unset where it reported nothing.</summary>
internal static class ModelTraitsMapper
{
    public static void AddTo(ModelInfo info, ModelTraits? traits)
    {
        if (traits is null)
        {
            return;
        }

        if (traits.HasChatTemplate is { } hasTemplate)
        {
            info.HasChatTemplate = hasTemplate;
        }

        if (traits.EmbeddingDimension is { } dimension)
        {
            info.EmbeddingDimension = dimension;
        }

        if (traits.MaxInputTokens is { } maxInput)
        {
            info.MaxInputTokens = maxInput;
        }

        info.SpecialTokens.AddRange(traits.SpecialTokens.Select(t => new ProtoSpecialToken
        {
            Kind = t.Kind,
            Id = t.Id,
            Text = t.Text,
            EndsGeneration = t.EndsGeneration,
        }));
    }
}
