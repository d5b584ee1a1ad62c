using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Registry;
using Musubi.Engines.Screening;

namespace Musubi.Core.Features.Screening;

public sealed partial class ScreeningService
{
    /// <summary>
    /// Continuous screening: screens every registry organization (each of its names, with its country and
    /// identifiers; the best result kept) against the active list versions, compares each organization's hits (score
    /// at or above the review threshold, by source and entity id) with those of its previous screening, and raises a
    /// <c>new_hit</c> alert for each hit it did not have and a <c>cleared</c> alert for each it no longer has. An
    /// organization with a new hit also gets a saved record of its best name, pending review, which the alert links.
    /// A system job: it reads every organization whatever the caller's scope (only here are the access filters
    /// bypassed), but the report counts only what the caller may see, and alerts are shown only to readers of their
    /// organization. One transaction, one <c>screening.alert.raised</c> event per alert and one
    /// <c>screening.registry.rescreened</c> summary.
    /// </summary>
    public async Task<RescreenReport> RescreenRegistryAsync(AuditTrail audit, CancellationToken ct = default)
    {
        // One re-screen at a time in this process: each diffs against the states the one before saved.
        await WriteGate.WaitAsync(ct);
        try
        {
            return await RescreenLockedAsync(audit, ct);
        }
        finally
        {
            WriteGate.Release();
        }
    }

    private async Task<RescreenReport> RescreenLockedAsync(AuditTrail audit, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var active = await ActiveVersionsAsync(ct);
        if (active.Count == 0)
        {
            return new RescreenReport([], 0, 0, 0, 0, 0, [], watch.Elapsed);
        }
        var index = await cache.GetAsync(db, active, ct);
        var options = ScreeningOptions.Default;
        var organizations = await db.Organizations.IgnoreQueryFilters().AsNoTracking().OrderBy(o => o.Id).ToListAsync(ct);
        var queries = new List<ScreeningQuery>();
        var owners = new List<int>();
        for (var i = 0; i < organizations.Count; i++)
        {
            foreach (var q in QueriesOf(organizations[i]))
            {
                queries.Add(q);
                owners.Add(i);
            }
        }
        var results = queries.Count == 0 ? [] : await Task.Run(() => index.Index.ScreenAll(queries, options, Environment.ProcessorCount, null, ct), ct);

        // Per organization: its hits (best score per listed entity over all its names) and its best-scoring name.
        var hits = new Dictionary<string, StoredHit>[organizations.Count];
        var best = new int[organizations.Count];
        Array.Fill(best, -1);
        for (var i = 0; i < organizations.Count; i++)
        {
            hits[i] = new Dictionary<string, StoredHit>(StringComparer.Ordinal);
        }
        for (var qi = 0; qi < results.Count; qi++)
        {
            var o = owners[qi];
            var r = results[qi];
            if (best[o] < 0 || (r.Best?.Score ?? -1) > (results[best[o]].Best?.Score ?? -1))
            {
                best[o] = qi;
            }
            foreach (var c in r.Candidates.Where(c => c.Score >= options.ReviewThreshold))
            {
                var e = index.Entries[c.EntityId];
                var key = HitKey(e.Source, e.EntityId);
                if (!hits[o].TryGetValue(key, out var had) || had.Score < c.Score)
                {
                    hits[o][key] = new StoredHit(e.Source, e.EntityId, e.VersionId, c.Score, c.MatchedName);
                }
            }
        }

        var now = clock.GetUtcNow();
        var activeBySource = active.ToDictionary(v => v.Source, v => v.Id, StringComparer.Ordinal);
        var versionSource = (await db.ScreeningListVersions.AsNoTracking().Select(v => new { v.Id, v.Source }).ToListAsync(ct))
            .ToDictionary(v => v.Id, v => v.Source, StringComparer.Ordinal);
        var states = (await db.OrganizationScreenings.IgnoreQueryFilters().ToListAsync(ct))
            .ToDictionary(s => s.OrganizationId, StringComparer.Ordinal);
        var alerts = new List<ScreeningAlert>();
        var records = new List<ScreeningRecord>();
        var versionIds = ScreeningJson.Serialize(index.VersionIds);
        var withHits = new List<string>();
        for (var i = 0; i < organizations.Count; i++)
        {
            var org = organizations[i];
            var previous = states.TryGetValue(org.Id, out var state)
                ? ScreeningJson.Deserialize<List<StoredHit>>(state.Hits).ToDictionary(h => HitKey(h.Source, h.EntityId), StringComparer.Ordinal)
                : [];
            var previousVersions = state is null ? [] : ScreeningJson.Deserialize<List<string>>(state.ListVersionIds);
            string? PreviousOf(string source) => previousVersions.FirstOrDefault(v => versionSource.GetValueOrDefault(v) == source);
            var current = hits[i];
            if (current.Count > 0)
            {
                withHits.Add(org.Id);
            }
            var added = current.Where(h => !previous.ContainsKey(h.Key)).Select(h => h.Value).OrderByDescending(h => h.Score).ToList();
            var dropped = previous.Where(h => !current.ContainsKey(h.Key)).Select(h => h.Value).OrderBy(h => h.EntityId, StringComparer.Ordinal).ToList();
            string? recordId = null;
            if (added.Count > 0 && best[i] >= 0)
            {
                var record = NewRecord(queries[best[i]], org.Id, index, results[best[i]], options, ContinuousScreener);
                records.Add(record);
                recordId = record.Id;
            }
            foreach (var h in added)
            {
                alerts.Add(new ScreeningAlert
                {
                    Id = ScreeningJson.NewId(AlertPrefix, now),
                    OrganizationId = org.Id,
                    Kind = ScreeningAlert.NewHit,
                    EntityId = h.EntityId,
                    Source = h.Source,
                    ListVersionId = h.ListVersionId,
                    PreviousVersionId = PreviousOf(h.Source),
                    Score = h.Score,
                    MatchedName = Clip(h.MatchedName, 1000)!,
                    RecordId = recordId,
                    RaisedAt = now,
                });
            }
            foreach (var h in dropped)
            {
                alerts.Add(new ScreeningAlert
                {
                    Id = ScreeningJson.NewId(AlertPrefix, now),
                    OrganizationId = org.Id,
                    Kind = ScreeningAlert.ClearedHit,
                    EntityId = h.EntityId,
                    Source = h.Source,
                    ListVersionId = activeBySource.GetValueOrDefault(h.Source) ?? h.ListVersionId,
                    PreviousVersionId = h.ListVersionId,
                    Score = h.Score,
                    MatchedName = Clip(h.MatchedName, 1000)!,
                    RaisedAt = now,
                });
            }
            var stored = ScreeningJson.Serialize(current.Values.OrderBy(h => h.Source, StringComparer.Ordinal).ThenBy(h => h.EntityId, StringComparer.Ordinal).ToList());
            if (state is null)
            {
                db.OrganizationScreenings.Add(new OrganizationScreening { OrganizationId = org.Id, ListVersionIds = versionIds, Hits = stored, ScreenedAt = now });
            }
            else
            {
                state.ListVersionIds = versionIds;
                state.Hits = stored;
                state.ScreenedAt = now;
            }
        }
        // Organizations deleted since their last screening leave no state behind.
        var present = organizations.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        db.OrganizationScreenings.RemoveRange(states.Values.Where(s => !present.Contains(s.OrganizationId)));

        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            if (records.Count > 0)
            {
                await SaveRecordsAsync(records, audit, ct);
            }
            db.ScreeningAlerts.AddRange(alerts);
            await db.SaveChangesAsync(ct);
            var events = alerts.Select(a => audit.Record(ScreeningAuditTypes.AlertRaised, AuditOutcomes.Success, "screening/alerts/" + a.Id,
                JsonSerializer.Serialize(new { organization = a.OrganizationId, kind = a.Kind, source = a.Source, entity = a.EntityId, version = a.ListVersionId, previous = a.PreviousVersionId, score = a.Score, record = a.RecordId })))
                .Append(audit.Record(ScreeningAuditTypes.RegistryRescreened, AuditOutcomes.Success, "screening/registry",
                    JsonSerializer.Serialize(new { versions = index.VersionIds, organizations = organizations.Count, names = queries.Count, alerts = alerts.Count })))
                .ToList();
            await audit.Log.AppendBatchAsync(db, events, ct);
            await tx.CommitAsync(ct);
        }
        db.ChangeTracker.Clear();
        await audit.Log.CheckpointIfDueAsync(db, ct);

        // What the caller may see of it.
        var alertIds = alerts.Select(a => a.Id).ToList();
        var visible = new List<ScreeningAlert>();
        foreach (var chunk in alertIds.Chunk(500))
        {
            visible.AddRange(await db.ScreeningAlerts.AsNoTracking().Where(a => chunk.Contains(a.Id)).ToListAsync(ct));
        }
        var visibleOrganizations = await db.Organizations.CountAsync(ct);
        var visibleWithHits = 0;
        foreach (var chunk in withHits.Chunk(500))
        {
            visibleWithHits += await db.Organizations.CountAsync(o => chunk.Contains(o.Id), ct);
        }
        var visibleIds = visible.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        return new RescreenReport(
            index.VersionIds,
            visibleOrganizations,
            await VisibleNameCountAsync(organizations, ct),
            visibleWithHits,
            visible.Count(a => a.Kind == ScreeningAlert.NewHit),
            visible.Count(a => a.Kind == ScreeningAlert.ClearedHit),
            [.. alertIds.Where(visibleIds.Contains)],
            watch.Elapsed);
    }

    private async Task<int> VisibleNameCountAsync(List<Organization> organizations, CancellationToken ct)
    {
        var visible = (await db.Organizations.AsNoTracking().Select(o => o.Id).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return organizations.Where(o => visible.Contains(o.Id)).Sum(o => QueriesOf(o).Count);
    }

    private static string HitKey(string source, string entityId) => source + "\n" + entityId;

    /// <summary>Alerts the reader may see (those of organizations they may read), newest first.</summary>
    public async Task<PagedList<ScreeningAlert>> ListAlertsAsync(ScreeningAlertQuery query, CancellationToken ct = default)
    {
        if (query.Kind is { Length: > 0 } k && k is not (ScreeningAlert.NewHit or ScreeningAlert.ClearedHit))
        {
            throw new ScreeningInputException("kind", $"'{k}' is not an alert kind; use new_hit or cleared");
        }
        CheckPage(query.Page, query.PageSize, ScreeningRecordQuery.MaxPageSize);
        var q = db.ScreeningAlerts.AsNoTracking();
        if (query.Kind is { Length: > 0 } kind)
        {
            q = q.Where(a => a.Kind == kind);
        }
        if (query.OpenOnly)
        {
            q = q.Where(a => a.AcknowledgedAt == null);
        }
        if (query.OrganizationId is { Length: > 0 } org)
        {
            q = q.Where(a => a.OrganizationId == org);
        }
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(a => a.RaisedAt).ThenBy(a => a.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new PagedList<ScreeningAlert>(items, total, query.Page, query.PageSize);
    }

    /// <summary>Marks an alert seen (audited as <c>screening.alert.acknowledged</c>); null when it does not exist or the reader may not see it. Acknowledging twice keeps the first.</summary>
    public async Task<ScreeningAlert?> AcknowledgeAlertAsync(string id, AuditTrail audit, CancellationToken ct = default)
    {
        var alert = await db.ScreeningAlerts.FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null)
        {
            return null;
        }
        if (alert.AcknowledgedAt is null)
        {
            alert.AcknowledgedAt = clock.GetUtcNow();
            alert.AcknowledgedBy = Clip(audit.PrincipalId, 200) ?? "anonymous";
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, ScreeningAuditTypes.AlertAcknowledged, AuditOutcomes.Success, "screening/alerts/" + alert.Id,
                JsonSerializer.Serialize(new { organization = alert.OrganizationId, kind = alert.Kind }), ct);
            await tx.CommitAsync(ct);
        }
        db.Entry(alert).State = EntityState.Detached;
        return alert;
    }

    /// <summary>The latest continuous-screening hits of an organization the reader may see (empty when never screened).</summary>
    public async Task<IReadOnlyList<StoredHit>> HitsOfAsync(string organizationId, CancellationToken ct = default)
    {
        var state = await db.OrganizationScreenings.AsNoTracking().FirstOrDefaultAsync(s => s.OrganizationId == organizationId, ct);
        return state is null ? [] : ScreeningJson.Deserialize<List<StoredHit>>(state.Hits);
    }
}
