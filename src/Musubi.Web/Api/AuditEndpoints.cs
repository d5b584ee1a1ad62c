using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Registry;
using Musubi.Web.Auth;

namespace Musubi.Web.Api;

/// <summary>
/// The audit log for security officers: read it and verify it. There is no way to change or delete an event through
/// the product (and the database's triggers refuse it too). Reading and verifying are themselves audited.
/// </summary>
public static class AuditEndpoints
{
    public sealed record ProblemView(long Seq, string Kind, string Message);

    public sealed record VerificationView(bool Ok, long Events, int Checkpoints, long ProblemCount, IReadOnlyList<ProblemView> Problems, string? Root);

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(p => p.RequireRole(Roles.AuditReaders));

        group.MapGet("/", async Task<Results<Ok<PagedList<AuditEvent>>, ValidationProblem>> (HttpContext context, AppDbContext db,
            [FromQuery] string? type, [FromQuery] string? principal, [FromQuery] string? since, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            if (!AuditQuery.TryParseSince(since, out var from))
            {
                errors["since"] = [$"'{since}' is not an ISO 8601 date or date-time"];
            }
            var query = new AuditQuery
            {
                Type = type,
                Principal = principal,
                Since = from,
                Page = page ?? 1,
                PageSize = pageSize ?? 50,
            };
            foreach (var (field, messages) in query.Check())
            {
                errors[field] = messages;
            }
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            var result = await query.RunAsync(db, ct);
            await context.AuditTrail().AppendAsync(db, AuditTypes.AuditRead, AuditOutcomes.Success, "audit",
                System.Text.Json.JsonSerializer.Serialize(new { type, principal, since, page = query.Page, pageSize = query.PageSize }), ct);
            return TypedResults.Ok(result);
        }).WithName("ListAuditEvents").WithSummary("Audit events, newest first; filter by type (a trailing * matches a prefix), principal and since (ISO 8601). Security officers only.");

        group.MapGet("/verify", async (HttpContext context, AppDbContext db, AuditLog log, CancellationToken ct) =>
        {
            var view = await VerifyAsync(context, db, log, ct);
            return TypedResults.Ok(view);
        }).WithName("VerifyAudit").WithSummary("Recomputes the hash chain and every checkpoint's tree head and signature; lists each problem at its Seq. Security officers only.");
        return app;
    }

    /// <summary>Verifies the log with the server's signing key and records that it did.</summary>
    public static async Task<VerificationView> VerifyAsync(HttpContext context, AppDbContext db, AuditLog log, CancellationToken ct)
    {
        var keys = AuditVerifier.LocalKeys(log.Options);
        AuditVerification result;
        try
        {
            result = await AuditVerifier.VerifyAsync(db, null, keys, ct);
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }
        await context.AuditTrail().AppendAsync(db, AuditTypes.AuditVerified, result.Ok ? AuditOutcomes.Success : AuditOutcomes.Failure, "audit",
            System.Text.Json.JsonSerializer.Serialize(new { events = result.Events, problems = result.ProblemCount }), ct);
        return new VerificationView(result.Ok, result.Events, result.Checkpoints, result.ProblemCount,
            [.. result.Problems.Select(p => new ProblemView(p.Seq, p.Kind, p.Message))], result.Root);
    }
}
