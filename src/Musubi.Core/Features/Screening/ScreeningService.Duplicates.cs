using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Data.Configurations;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Registry;
using Musubi.Engines.Screening;

namespace Musubi.Core.Features.Screening;

public sealed partial class ScreeningService
{
    /// <summary>The default score from which two organizations are proposed as one.</summary>
    public const double DefaultDuplicateThreshold = ScreeningOptions.DefaultReviewThreshold;

    public const string Merge = "merge";
    public const string MarkDistinct = "distinct";

    /// <summary>An organization as the engine sees it: every name (the primary as Name, the others as Alias), its country and identifiers.</summary>
    internal static ScreeningEntity EntityOf(Organization org)
    {
        var names = new List<EntityName>();
        foreach (var n in org.Names.Select(n => n.Value).Prepend(org.Name).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal))
        {
            names.Add(new EntityName(n, names.Count == 0 ? NameKind.Name : NameKind.Alias));
        }
        return new ScreeningEntity(org.Id, "Organization", names, [org.Country],
            [.. org.Identifiers.Select(i => new EntityIdentifier(i.Scheme.ToLowerInvariant(), i.Value))]);
    }

    /// <summary>
    /// Registry entity resolution: indexes every organization (a system job: all of them, whatever the caller's scope)
    /// and proposes each pair scoring at least <paramref name="threshold"/> (or sharing an identifier) as a duplicate
    /// candidate. A pair already open is refreshed; one already decided (merged or distinct) is not proposed again.
    /// Audited as <c>screening.duplicates.scanned</c>; the report counts only candidates the caller may see.
    /// </summary>
    public async Task<DuplicateScanReport> ScanDuplicatesAsync(double? threshold, AuditTrail audit, CancellationToken ct = default)
    {
        var t = threshold ?? DefaultDuplicateThreshold;
        if (double.IsNaN(t) || t is <= 0 or > 1)
        {
            throw new ScreeningInputException("threshold", "must be greater than 0 and at most 1");
        }
        // The scan reads the registry, then writes. Scans run one at a time in this server (a second one waiting finds
        // the pairs the first wrote; concurrent writers of the same pairs deadlock on PostgreSQL). An organization may
        // still be deleted or a candidate decided in between: then the write fails as a whole and the scan starts over
        // from what is there now; after three such losses the caller is told to try again.
        await ScanGate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await ScanDuplicatesOnceAsync(t, audit, ct);
                }
                catch (Exception ex) when (IsWriteConflict(ex))
                {
                    db.ChangeTracker.Clear();
                    if (attempt == 3)
                    {
                        throw new ScreeningConflictException("the registry changed while the duplicate scan ran (a merge or a deletion); run the scan again");
                    }
                }
            }
        }
        finally
        {
            ScanGate.Release();
        }
    }

    private static readonly SemaphoreSlim ScanGate = new(1, 1);

    /// <summary>A write that lost to a concurrent change: EF's update error, also when a retrying execution strategy wraps it.</summary>
    private static bool IsWriteConflict(Exception ex) => ex is DbUpdateException || ex.InnerException is DbUpdateException;

    private async Task<DuplicateScanReport> ScanDuplicatesOnceAsync(double t, AuditTrail audit, CancellationToken ct)
    {
        var organizations = await db.Organizations.IgnoreQueryFilters().AsNoTracking().ToListAsync(ct);
        var byId = organizations.ToDictionary(o => o.Id, StringComparer.Ordinal);
        var entities = organizations.Select(EntityOf).Where(e => e.Names.Count > 0).ToList();
        var pairs = entities.Count < 2 ? [] : await Task.Run(() => ScreeningIndex.Build(entities, cache.Analyzer).FindDuplicates(t), ct);

        var existing = await db.DuplicateCandidates.IgnoreQueryFilters().ToListAsync(ct);
        var byPair = existing.ToDictionary(c => PairKey(c.FirstOrganizationId, c.SecondOrganizationId), StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var added = new List<DuplicateCandidate>();
        var touched = new List<DuplicateCandidate>();
        foreach (var p in pairs)
        {
            if (p.FirstId == p.SecondId || !byId.TryGetValue(p.FirstId, out var a) || !byId.TryGetValue(p.SecondId, out var b))
            {
                continue;
            }
            // The one created first is kept by a merge.
            var (first, second) = a.CreatedAt < b.CreatedAt || (a.CreatedAt == b.CreatedAt && string.CompareOrdinal(a.Id, b.Id) < 0) ? (a, b) : (b, a);
            var explanation = ScreeningJson.Serialize(p.Explanation);
            var shared = ScreeningJson.Serialize(p.SharedIdentifiers);
            if (byPair.TryGetValue(PairKey(first.Id, second.Id), out var known))
            {
                if (known.Status == DuplicateCandidate.Open)
                {
                    known.Score = p.Score;
                    known.Explanation = explanation;
                    known.SharedIdentifiers = shared;
                    known.FirstName = Clip(first.Name, 300)!;
                    known.SecondName = Clip(second.Name, 300)!;
                    touched.Add(known);
                }
                continue;
            }
            var candidate = new DuplicateCandidate
            {
                Id = ScreeningJson.NewId(CandidatePrefix, now),
                FirstOrganizationId = first.Id,
                SecondOrganizationId = second.Id,
                FirstName = Clip(first.Name, 300)!,
                SecondName = Clip(second.Name, 300)!,
                Score = p.Score,
                Explanation = explanation,
                SharedIdentifiers = shared,
                Status = DuplicateCandidate.Open,
                FoundAt = now,
            };
            byPair[PairKey(first.Id, second.Id)] = candidate;
            db.DuplicateCandidates.Add(candidate);
            added.Add(candidate);
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, ScreeningAuditTypes.DuplicatesScanned, AuditOutcomes.Success, "screening/duplicates",
                JsonSerializer.Serialize(new { threshold = t, organizations = organizations.Count, pairs = pairs.Count, added = added.Count, refreshed = touched.Count }), ct);
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        await audit.Log.CheckpointIfDueAsync(db, ct);

        var addedIds = added.Select(c => c.Id).ToList();
        var visibleNew = new List<string>();
        foreach (var chunk in addedIds.Chunk(500))
        {
            visibleNew.AddRange(await db.DuplicateCandidates.AsNoTracking().Where(c => chunk.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct));
        }
        var open = await db.DuplicateCandidates.CountAsync(c => c.Status == DuplicateCandidate.Open, ct);
        var visibleOrganizations = await db.Organizations.CountAsync(ct);
        return new DuplicateScanReport(t, visibleOrganizations, open, visibleNew.Count, [.. addedIds.Where(visibleNew.Contains)]);
    }

    private static string PairKey(string a, string b) => string.CompareOrdinal(a, b) < 0 ? a + "\n" + b : b + "\n" + a;

    /// <summary>Duplicate candidates the reader may see (both organizations), best score first; <paramref name="status"/> <c>open</c>, <c>merged</c> or <c>distinct</c>.</summary>
    public async Task<PagedList<DuplicateCandidate>> ListDuplicatesAsync(string? status, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        if (status is { Length: > 0 } s && s is not (DuplicateCandidate.Open or DuplicateCandidate.Merged or DuplicateCandidate.Distinct))
        {
            throw new ScreeningInputException("status", $"'{s}' is not a candidate status; use open, merged or distinct");
        }
        CheckPage(page, pageSize, ScreeningRecordQuery.MaxPageSize);
        var q = db.DuplicateCandidates.AsNoTracking();
        if (status is { Length: > 0 } st)
        {
            q = q.Where(c => c.Status == st);
        }
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(c => c.Score).ThenBy(c => c.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedList<DuplicateCandidate>(items, total, page, pageSize);
    }

    /// <summary>A candidate, or null when it does not exist or the reader may not see both organizations.</summary>
    public Task<DuplicateCandidate?> GetDuplicateAsync(string id, CancellationToken ct = default) =>
        db.DuplicateCandidates.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>
    /// Decides an open candidate: <c>distinct</c> (never proposed again) or <c>merge</c>, which keeps the first
    /// organization and folds the second into it: every name, identifier (no duplicates) and certification, its sources;
    /// every reference to it (facilities, child organizations' parent links, user accounts' organization, screening
    /// records, alerts, other duplicate candidates) re-pointed to the first; the second deleted; the kept
    /// organization's marking becomes the roll-up of both (so nothing of the second becomes readable to more people).
    /// One transaction, audited as <c>registry.organization.merged</c> (both ids and names, what moved) and
    /// <c>screening.duplicate.decided</c>. Null when the candidate does not exist or the reader may not see it; a
    /// conflict when it was already decided, an organization is gone, or the two need different need-to-know programs.
    /// </summary>
    public async Task<DuplicateDecision?> DecideDuplicateAsync(string id, string decision, AuditTrail audit, CancellationToken ct = default)
    {
        decision = decision?.Trim().ToLowerInvariant() ?? "";
        if (decision is not (Merge or MarkDistinct))
        {
            throw new ScreeningInputException("decision", $"'{decision}' is not a decision; use merge or distinct");
        }
        var candidate = await db.DuplicateCandidates.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (candidate is null)
        {
            return null;
        }
        if (candidate.Status != DuplicateCandidate.Open)
        {
            throw new ScreeningConflictException($"candidate {candidate.Id} was already decided ({candidate.Status} by {candidate.DecidedBy})");
        }
        var now = clock.GetUtcNow();
        var by = Clip(audit.PrincipalId, ScreeningLengths.Principal) ?? "anonymous";
        MergeCounts? moved = null;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            if (decision == Merge)
            {
                moved = await MergeAsync(candidate, audit, ct);
            }
            candidate.Status = decision == Merge ? DuplicateCandidate.Merged : DuplicateCandidate.Distinct;
            candidate.DecidedBy = by;
            candidate.DecidedAt = now;
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, ScreeningAuditTypes.DuplicateDecided, AuditOutcomes.Success, "screening/duplicates/" + candidate.Id,
                JsonSerializer.Serialize(new
                {
                    decision,
                    first = new { id = candidate.FirstOrganizationId, name = candidate.FirstName },
                    second = new { id = candidate.SecondOrganizationId, name = candidate.SecondName },
                    score = candidate.Score,
                }), ct);
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        await audit.Log.CheckpointIfDueAsync(db, ct);
        return new DuplicateDecision(candidate, decision == Merge ? candidate.FirstOrganizationId : null, moved);
    }

    private async Task<MergeCounts> MergeAsync(DuplicateCandidate candidate, AuditTrail audit, CancellationToken ct)
    {
        var first = await db.Organizations.FirstOrDefaultAsync(o => o.Id == candidate.FirstOrganizationId, ct);
        var second = await db.Organizations.FirstOrDefaultAsync(o => o.Id == candidate.SecondOrganizationId, ct);
        if (first is null || second is null)
        {
            throw new ScreeningConflictException($"organization {(first is null ? candidate.FirstOrganizationId : candidate.SecondOrganizationId)} no longer exists; mark the candidate distinct");
        }
        var rolled = RolledUpMarking.RollUp([first.Marking, second.Marking]);
        if (rolled.NeedToKnow.Count > 1)
        {
            throw new ScreeningConflictException(
                $"{first.Id} and {second.Id} are need-to-know for different programs ({string.Join(", ", rolled.NeedToKnow)}); one record can carry only one: align their markings first");
        }
        var firstId = first.Id;
        var secondId = second.Id;
        var firstName = first.Name;
        var secondName = second.Name;
        var now = clock.GetUtcNow();

        // Names, identifiers, certifications, sources: the union, without repeats.
        var names = 0;
        foreach (var n in second.Names)
        {
            if (!first.Names.Any(x => string.Equals(x.Value.Trim(), n.Value.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                first.Names.Add(new OrganizationName { Lang = n.Lang, Value = n.Value, Primary = false });
                names++;
            }
        }
        if (!first.Names.Any(x => string.Equals(x.Value.Trim(), second.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            first.Names.Add(new OrganizationName { Lang = "und", Value = second.Name, Primary = false });
            names++;
        }
        var identifiers = 0;
        foreach (var i in second.Identifiers)
        {
            if (!first.Identifiers.Any(x => string.Equals(x.Scheme, i.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(Normalize(x.Value), Normalize(i.Value), StringComparison.OrdinalIgnoreCase)))
            {
                first.Identifiers.Add(new OrganizationIdentifier { Scheme = i.Scheme, Value = i.Value });
                identifiers++;
            }
        }
        var certifications = 0;
        foreach (var c in second.Certifications)
        {
            if (!first.Certifications.Any(x => x.Kind == c.Kind && x.Level == c.Level && x.ValidFrom == c.ValidFrom && x.ValidTo == c.ValidTo))
            {
                first.Certifications.Add(new Certification { Kind = c.Kind, Level = c.Level, ValidFrom = c.ValidFrom, ValidTo = c.ValidTo });
                certifications++;
            }
        }
        first.Sources = [.. first.Sources.Concat(second.Sources).Distinct(StringComparer.Ordinal)];
        first.Illustrative |= second.Illustrative;
        first.DefenseRevenueShare ??= second.DefenseRevenueShare;
        if (first.ParentId == secondId || first.ParentId is null)
        {
            // The second's parent becomes the first's when the first had none (or was the second's child), unless
            // that would make the first its own ancestor.
            first.ParentId = await IsAncestorOrSelfAsync(firstId, second.ParentId, ct) ? null : second.ParentId;
        }
        var marking = rolled.Releasability.Clone();
        marking.NeedToKnow = rolled.NeedToKnow.Count == 1 ? rolled.NeedToKnow[0] : null;
        first.Marking = marking;
        first.SyncNames();
        db.Entry(first).State = EntityState.Modified;

        // Every reference to the second, whoever may read it (a merge must leave nothing pointing at a deleted row).
        var postgres = db.IsPostgres;
        var facilities = await db.Facilities.IgnoreQueryFilters().Where(f => f.OrganizationId == secondId).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(f => f.OrganizationId, firstId);
            s.SetProperty(f => f.UpdatedAt, now);
            if (!postgres)
            {
                s.SetProperty(f => f.Version, f => f.Version + 1);
            }
        }, ct);
        var children = await db.Organizations.IgnoreQueryFilters().Where(o => o.ParentId == secondId && o.Id != firstId).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(o => o.ParentId, firstId);
            s.SetProperty(o => o.UpdatedAt, now);
            if (!postgres)
            {
                s.SetProperty(o => o.Version, o => o.Version + 1);
            }
        }, ct);
        var principals = await db.Principals.Where(p => p.OrganizationId == secondId).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(p => p.OrganizationId, firstId);
            s.SetProperty(p => p.UpdatedAt, now);
            if (!postgres)
            {
                s.SetProperty(p => p.Version, p => p.Version + 1);
            }
        }, ct);
        var records = await db.ScreeningRecords.IgnoreQueryFilters().Where(r => r.OrganizationId == secondId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.OrganizationId, firstId), ct);
        var alerts = await db.ScreeningAlerts.IgnoreQueryFilters().Where(a => a.OrganizationId == secondId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.OrganizationId, firstId), ct);
        // The second's continuous-screening state goes; the next re-screen sees the kept organization with all its names.
        await db.OrganizationScreenings.IgnoreQueryFilters().Where(s => s.OrganizationId == secondId).ExecuteDeleteAsync(ct);

        // Other candidates naming the second now name the first; one that would pair the first with itself, or repeat
        // a pair already proposed, goes.
        var others = await db.DuplicateCandidates.IgnoreQueryFilters()
            .Where(c => c.Id != candidate.Id && (c.FirstOrganizationId == secondId || c.SecondOrganizationId == secondId
                || c.FirstOrganizationId == firstId || c.SecondOrganizationId == firstId))
            .ToListAsync(ct);
        var pairs = others.Where(c => c.FirstOrganizationId != secondId && c.SecondOrganizationId != secondId)
            .Select(c => PairKey(c.FirstOrganizationId, c.SecondOrganizationId)).ToHashSet(StringComparer.Ordinal);
        var repointed = 0;
        foreach (var c in others.Where(c => c.FirstOrganizationId == secondId || c.SecondOrganizationId == secondId))
        {
            var a = c.FirstOrganizationId == secondId ? firstId : c.FirstOrganizationId;
            var b = c.SecondOrganizationId == secondId ? firstId : c.SecondOrganizationId;
            if (a == b || !pairs.Add(PairKey(a, b)))
            {
                db.DuplicateCandidates.Remove(c);
                continue;
            }
            c.FirstOrganizationId = a;
            c.SecondOrganizationId = b;
            if (a == firstId)
            {
                c.FirstName = Clip(first.Name, 300)!;
            }
            if (b == firstId)
            {
                c.SecondName = Clip(first.Name, 300)!;
            }
            repointed++;
        }
        // Remove the candidates first (the unique pair index), then the rest.
        await db.SaveChangesAsync(ct);
        db.Organizations.Remove(second);
        await db.SaveChangesAsync(ct);

        var counts = new MergeCounts(names, identifiers, certifications, facilities, children, principals, records, alerts, repointed);
        await audit.AppendAsync(db, ScreeningAuditTypes.OrganizationMerged, AuditOutcomes.Success, "registry/organizations/" + firstId,
            JsonSerializer.Serialize(new
            {
                kept = new { id = firstId, name = firstName },
                merged = new { id = secondId, name = secondName },
                candidate = candidate.Id,
                score = candidate.Score,
                marking = first.Marking.Banner,
                moved = counts,
            }), ct);
        return counts;
    }

    /// <summary>Whether <paramref name="organizationId"/> is <paramref name="start"/> or one of its ancestors… read upward from <paramref name="start"/>.</summary>
    private async Task<bool> IsAncestorOrSelfAsync(string organizationId, string? start, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var id = start; id is not null && seen.Add(id);)
        {
            if (id == organizationId)
            {
                return true;
            }
            var current = id;
            id = await db.Organizations.IgnoreQueryFilters().Where(o => o.Id == current).Select(o => o.ParentId).FirstOrDefaultAsync(ct);
        }
        return false;
    }

    private static string Normalize(string identifier) =>
        new([.. identifier.Where(char.IsLetterOrDigit)]);
}
