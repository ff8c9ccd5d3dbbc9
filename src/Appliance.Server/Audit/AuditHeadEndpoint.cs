using Appliance.Core.Audit;

namespace Appliance.Server.Audit;

/// <summary>
/// <c>GET /audit/head</c> on the metrics port: the audit chain head on disk as one line
/// <c>SEQ:HASH</c>, the anchor IT records off the box (<c>appliancectl audit head</c>, or curl from
/// a cron job) and later gives to <c>appliancectl audit verify --anchors</c>. Sequence and hash
/// only: nothing of any record's contents. 404 when the audit log is off.
/// </summary>
internal static class AuditHeadEndpoint
{
    public const string Path = "/audit/head";

    /// <summary>The 404 body when the audit log is off.</summary>
    public const string Disabled = "audit log disabled (Appliance:Audit:Enabled=false)";

    public static async Task Handle(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var log = context.RequestServices.GetRequiredService<AuditLog>();
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        if (!log.Enabled)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync(Disabled + "\n", context.RequestAborted);
            return;
        }

        AuditAnchor head = log.Head;
        await context.Response.WriteAsync(head + "\n", context.RequestAborted);
    }
}
