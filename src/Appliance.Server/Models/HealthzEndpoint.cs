using Appliance.Core;

namespace Appliance.Server.Models;

/// <summary>
/// <c>GET /healthz</c> on the metrics port, what load balancers check. Without a query: the box's
/// overall status (200 SERVING: no model loading at start, one ready, not leaving the pool; else 503
/// NOT_SERVING). With <c>?model=ID</c>: whether this box would serve a call for that model now
/// (<see cref="ModelHost.PoolHealth"/>; 200 or 503 with one line saying which state), for a
/// balancer's per-model pool (appliance/lb: HAProxy routes by the <c>x-appliance-model</c> header).
/// A <c>model</c> that is not one id is refused with 400 naming the parameter (its value never echoed).
/// </summary>
internal static class HealthzEndpoint
{
    public const string Path = "/healthz";

    /// <summary>The query parameter naming a model.</summary>
    public const string ModelParameter = "model";

    /// <summary>The 400 body: the parameter, its rule; never the value sent.</summary>
    public const string BadModel = "model: must be one model id (1-64 of a-z 0-9 . _ - starting with a letter or digit)";

    public static async Task Handle(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var (status, text) = Answer(context.Request.Query, context.RequestServices);
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }

    private static (int Status, string Text) Answer(IQueryCollection query, IServiceProvider services)
    {
        if (!query.TryGetValue(ModelParameter, out var model))
        {
            var serving = services.GetRequiredService<HealthReporter>().IsServing;
            return (serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, serving ? "SERVING" : "NOT_SERVING");
        }

        if (model.Count != 1 || !Identifiers.IsId(model[0]))
        {
            return (StatusCodes.Status400BadRequest, BadModel);
        }

        var health = services.GetRequiredService<ModelHost>().PoolHealth(model[0]!);
        return (health.Serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, health.Text);
    }
}
