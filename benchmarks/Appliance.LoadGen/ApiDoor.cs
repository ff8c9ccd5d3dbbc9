namespace Appliance.LoadGen;

/// <summary>Which door generate mode sends its streams through (<c>--api</c>).</summary>
internal enum ApiDoor
{
    /// <summary>appliance.v1 Generate over gRPC.</summary>
    Grpc,

    /// <summary>POST /v1/chat/completions with <c>stream: true</c> on the OpenAI-compatible door.</summary>
    OpenAi,

    /// <summary>Every level through both doors in turn (gRPC first), in one run.</summary>
    Both,
}
