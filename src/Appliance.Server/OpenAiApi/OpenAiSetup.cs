using System.Text.Json;
using Appliance.Server.Calls;
using Appliance.Server.Configuration;
using Appliance.Server.OpenAiApi.Wire;
using Microsoft.Extensions.Options;

namespace Appliance.Server.OpenAiApi;

/// <summary>
/// The OpenAI-compatible HTTP door: options, its listener, its routes (minimal APIs under <c>/v1</c>),
/// and the rule that keeps the ports apart: the door's routes answer only on its port, and its port
/// serves nothing else (no gRPC, no metrics): an OpenAI-shaped 404.
/// </summary>
internal static class OpenAiSetup
{
    public static void AddOpenAiDoor(this WebApplicationBuilder builder, OpenAiListener listener)
    {
        var services = builder.Services;
        services.AddOptions<OpenAiOptions>().BindCheckedConfiguration(OpenAiOptions.SectionName);
        services.AddSingleton<IValidateOptions<OpenAiOptions>, OpenAiOptionsValidator>();
        services.AddSingleton(listener);
        services.AddSingleton<OpenAiDoor>();
        services.AddSingleton<OpenAiGenerations>();
        services.AddSingleton<GenerationEndpoints>();
        services.AddSingleton<EmbeddingsEndpoint>();
        services.AddSingleton<ModelsEndpoint>();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            listener.Listen(kestrel, ConfigurationShape.BindOrDefault<OpenAiOptions>(context.Configuration.GetSection(OpenAiOptions.SectionName))));
    }

    public static void MapOpenAiDoor(this WebApplication app)
    {
        var listener = app.Services.GetRequiredService<OpenAiListener>();
        app.Use((http, next) =>
        {
            var onDoor = listener.IsDoorRequest(http);
            var doorRoute = http.GetEndpoint()?.Metadata.GetMetadata<OpenAiRoute>() is not null;
            return onDoor == doorRoute ? next(http) : NotFoundAsync(http, onDoor);
        });

        var v1 = app.MapGroup("/v1").WithMetadata(OpenAiRoute.Instance);
        v1.MapPost("/chat/completions", (HttpContext http, GenerationEndpoints e) => e.ChatAsync(http));
        v1.MapPost("/completions", (HttpContext http, GenerationEndpoints e) => e.CompletionAsync(http));
        v1.MapPost("/embeddings", (HttpContext http, EmbeddingsEndpoint e) => e.HandleAsync(http));
        v1.MapGet("/models", (HttpContext http, ModelsEndpoint e) => e.ListAsync(http));
        v1.MapGet("/models/{id}", (HttpContext http, string id, ModelsEndpoint e) => e.GetAsync(http, id));
        LogEndpoint(app);
    }

    /// <summary>A path the door does not serve (on its port), or a door path on another port.</summary>
    private static async Task NotFoundAsync(HttpContext http, bool onDoor)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        if (onDoor)
        {
            http.Response.ContentType = "application/json";
            var body = new ErrorResponse(new ErrorBody("no such endpoint; this port serves the OpenAI-compatible API under /v1 (chat/completions, completions, embeddings, models)", "invalid_request_error", null, "not_found"));
            await http.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body, OpenAiJson.Default.ErrorResponse));
        }
    }

    private static void LogEndpoint(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Appliance.Server");
        var options = ConfigurationShape.BindOrDefault<OpenAiOptions>(app.Configuration.GetSection(OpenAiOptions.SectionName));
        if (options.Enabled)
        {
            var https = options.Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            OpenAiLog.Endpoint(logger, $"{OpenAiOptions.SectionName}:Url", options.Url, https ? "TLS 1.2+, the gRPC port's certificate and client-certificate rules" : "plaintext");
        }
        else
        {
            OpenAiLog.Off(logger, $"{OpenAiOptions.SectionName}:Enabled");
        }
    }
}
