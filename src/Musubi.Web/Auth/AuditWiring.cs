using Microsoft.Extensions.DependencyInjection.Extensions;
using Musubi.Core.Data;
using Musubi.Core.Features.Audit;
using Musubi.Web.Hosting;

namespace Musubi.Web.Auth;

/// <summary>The audit log in the web app: its services, the request's audit trail, and the record of every denial.</summary>
public static class AuditWiring
{
    public static IServiceCollection AddMusubiAudit(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => AuditOptions.For(sp.GetRequiredService<MusubiHostOptions>().Database));
        services.TryAddSingleton<AuditLog>();
        return services;
    }

    /// <summary>Records every request that ends in 403, or in the sign-in cookie's redirect to the access-denied page.</summary>
    public static IApplicationBuilder UseAuditOfDenials(this IApplicationBuilder app) => app.UseMiddleware<AccessDeniedAudit>();

    /// <summary>Who is asking (the signed-in principal, else anonymous) and from where, for this request.</summary>
    public static AuditTrail AuditTrail(this HttpContext context) => new(
        context.RequestServices.GetRequiredService<AuditLog>(),
        context.User.PrincipalId(),
        context.Connection.RemoteIpAddress?.ToString());

    /// <summary>Appends a read of a marked record (when <see cref="AuditOptions.AuditMarkedReads"/> is on).</summary>
    public static async Task AuditMarkedReadAsync(this HttpContext context, AppDbContext db, string collection, MarkedEntity entity, CancellationToken ct)
    {
        var log = context.RequestServices.GetRequiredService<AuditLog>();
        if (!log.Options.AuditMarkedReads || entity.Marking.IsUnmarked)
        {
            return;
        }
        await context.AuditTrail().AppendAsync(db, AuditTypes.RecordRead, AuditOutcomes.Success, $"{collection}/{entity.Id}",
            System.Text.Json.JsonSerializer.Serialize(new { marking = entity.Marking.Banner }), ct);
    }
}

/// <summary>Appends <see cref="AuditTypes.AccessDenied"/> when a response ends 403 (API) or redirects to <c>/denied</c> (pages).</summary>
public sealed class AccessDeniedAudit(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (!IsDenial(context.Response))
        {
            return;
        }
        var db = context.RequestServices.GetRequiredService<AppDbContext>();
        var request = context.Request;
        await context.AuditTrail().AppendAsync(db, AuditTypes.AccessDenied, AuditOutcomes.Denied, $"{request.Method} {request.Path}",
            context.Response.StatusCode == StatusCodes.Status403Forbidden ? null : "redirected to the access-denied page", CancellationToken.None);
    }

    private static bool IsDenial(HttpResponse response)
    {
        if (response.StatusCode == StatusCodes.Status403Forbidden)
        {
            return true;
        }
        if (response.StatusCode != StatusCodes.Status302Found || response.Headers.Location.ToString() is not { Length: > 0 } location)
        {
            return false;
        }
        var path = Uri.TryCreate(location, UriKind.Absolute, out var absolute) ? absolute.AbsolutePath : location.Split('?')[0];
        return path.Equals("/denied", StringComparison.OrdinalIgnoreCase);
    }
}
