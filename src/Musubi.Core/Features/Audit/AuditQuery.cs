using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Features.Audit;

/// <summary>A page of the audit log, newest first, filtered by type, principal and time.</summary>
public sealed record AuditQuery
{
    public string? Type { get; init; }
    public string? Principal { get; init; }
    public DateTimeOffset? Since { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
    public const int MaxPageSize = 500;

    /// <summary>Problems with the query, by parameter name; empty when it is fine.</summary>
    public Dictionary<string, string[]> Check()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Page < 1)
        {
            errors["page"] = ["must be 1 or more"];
        }
        if (PageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {MaxPageSize}")];
        }
        if (Type is { Length: > 64 })
        {
            errors["type"] = ["is longer than 64 characters"];
        }
        if (Principal is { Length: > 64 })
        {
            errors["principal"] = ["is longer than 64 characters"];
        }
        return errors;
    }

    /// <summary>Reads <c>since</c> as an ISO 8601 date or date-time (UTC unless an offset is given).</summary>
    public static bool TryParseSince(string? text, out DateTimeOffset? since)
    {
        since = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            since = value;
            return true;
        }
        return false;
    }

    public async Task<PagedList<AuditEvent>> RunAsync(AppDbContext db, CancellationToken ct)
    {
        var q = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Type))
        {
            var type = Type.Trim();
            q = type.EndsWith('*') ? q.Where(e => e.Type.StartsWith(type.TrimEnd('*'))) : q.Where(e => e.Type == type);
        }
        if (!string.IsNullOrWhiteSpace(Principal))
        {
            var principal = Principal.Trim();
            q = q.Where(e => e.PrincipalId == principal);
        }
        if (Since is { } since)
        {
            // Appends are serialized and stamped in order, so the first event at or after a time bounds the rest by Seq
            // (and SQLite cannot compare its DateTimeOffset text in SQL).
            var from = await FirstSeqAtOrAfterAsync(db, AuditHashing.Normalize(since), ct);
            q = q.Where(e => e.Seq >= from);
        }
        var total = await q.CountAsync(ct);
        var page = Math.Max(1, Page);
        var size = Math.Clamp(PageSize, 1, MaxPageSize);
        var items = await q.OrderByDescending(e => e.Seq).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new PagedList<AuditEvent>(items, total, page, size);
    }

    /// <summary>Binary search over Seq for the first event stamped at or after <paramref name="since"/>.</summary>
    private static async Task<long> FirstSeqAtOrAfterAsync(AppDbContext db, DateTimeOffset since, CancellationToken ct)
    {
        var last = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Seq).Select(e => e.Seq).FirstOrDefaultAsync(ct);
        long lo = 1, hi = last + 1;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var at = await db.AuditEvents.AsNoTracking().Where(e => e.Seq >= mid).OrderBy(e => e.Seq)
                .Select(e => new { e.Seq, e.Time }).FirstOrDefaultAsync(ct);
            if (at is null || at.Time >= since)
            {
                hi = mid;
            }
            else
            {
                lo = at.Seq + 1;
            }
        }
        return lo;
    }
}
