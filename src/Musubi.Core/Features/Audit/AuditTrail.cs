using Musubi.Core.Data;

namespace Musubi.Core.Features.Audit;

/// <summary>
/// Who is acting and from where, with the log to report to: what a feature needs to audit what it does. The web app
/// makes one per request (signed-in principal, remote address); the CLI one per run (<c>cli:&lt;os user&gt;</c>).
/// </summary>
public sealed record AuditTrail(AuditLog Log, string? PrincipalId, string? SourceAddress)
{
    /// <summary>The principal the CLI acts as: a CLI with direct database access is outside the product's access control.</summary>
    public static string CliPrincipal => "cli:" + Environment.UserName;

    public AuditRecord Record(string type, string outcome, string? obj = null, string? detail = null) =>
        new(type, outcome, PrincipalId, SourceAddress, obj, detail);

    public Task<AuditEvent> AppendAsync(AppDbContext db, string type, string outcome, string? obj = null, string? detail = null, CancellationToken ct = default) =>
        Log.AppendAsync(db, Record(type, outcome, obj, detail), ct);
}
