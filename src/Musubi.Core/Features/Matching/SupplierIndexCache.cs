using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Screening;
using Musubi.Engines.Matching;
using Musubi.Engines.Screening;

namespace Musubi.Core.Features.Matching;

/// <summary>
/// One built supplier index: the engine's <see cref="SupplierIndex"/> over every supplier-side facility of the registry,
/// the capability taxonomy it was built with, the access keys of its records and how it was built.
/// </summary>
public sealed class SupplierSnapshot
{
    internal SupplierSnapshot(string stamp, SupplierIndex index, MatchingAccessKeys keys, IReadOnlyList<string> notes, TimeSpan buildTime)
    {
        Stamp = stamp;
        Index = index;
        Keys = keys;
        Notes = notes;
        BuildTime = buildTime;
    }

    /// <summary>What the registry looked like when this was built (counts and latest changes of the tables read).</summary>
    public string Stamp { get; }

    public SupplierIndex Index { get; }

    public CapabilityTaxonomy Taxonomy => Index.Taxonomy;

    public MatchingAccessKeys Keys { get; }

    /// <summary>What the build left out and why (e.g. engagements it could not derive).</summary>
    public IReadOnlyList<string> Notes { get; }

    public TimeSpan BuildTime { get; }

    /// <summary>The facility records of <paramref name="organizationId"/> (every one, visible or not: filter with the reader's keys).</summary>
    public IReadOnlyList<SupplierFacility> FacilitiesOf(string organizationId) =>
        [.. Index.Facilities.Where(f => string.Equals(f.OrganizationId, organizationId, StringComparison.Ordinal))];
}

/// <summary>
/// The matcher's supplier index (singleton), built from ALL organizations of the supplier side (kinds supplier, prime,
/// university and research institute; governments and trade associations are no suppliers) × their facilities × the
/// facilities' capabilities, with each organization's certifications, past engagements and screening status, whatever
/// the caller's scope (as continuous screening reads the registry): what a reader may see is decided per ranking by
/// the access keys (<see cref="MatchingAccessKeys"/>), never by what was indexed. A stamp (row counts and the latest
/// change of every table read) is taken on each use; when it differs from the built one the index is rebuilt, once for
/// all concurrent callers, on the thread pool with its own database context.
/// <para>Past engagements: <c>award</c> — a requirement awarded to the organization (its marking and its program's);
/// <c>contract</c> — a workshare ledger contract held by it (the program's marking; ledger contracts carry none);
/// <c>supply</c> — a qualified offer of one of its facilities for an end item of a program, or an approved source
/// feeding such an offer (the markings of the program, the part and the offers). Deeper tiers of the bill of
/// materials are not walked: one join per program keeps the build linear.</para>
/// <para>Screening hit: a hit of the organization's latest continuous screening at or above the match threshold
/// (<see cref="ScreeningOptions.DefaultMatchThreshold"/>) that no review decided a false positive or cleared (a
/// screening record of the organization whose best entity is that listed entity, reviewed as <c>false_positive</c>
/// or <c>cleared</c>), or any review of the organization that confirmed a match.</para>
/// </summary>
public sealed class SupplierIndexCache(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Stamp, Lazy<Task<SupplierSnapshot>> Build)> _builds = new(StringComparer.Ordinal);
    private int _buildCount;

    /// <summary>How many builds ran (for tests and diagnostics).</summary>
    public int Builds => _buildCount;

    /// <summary>The organization kinds that are suppliers (snake_case).</summary>
    public static readonly IReadOnlyList<OrganizationKind> SupplierKinds =
        [OrganizationKind.Supplier, OrganizationKind.Prime, OrganizationKind.University, OrganizationKind.ResearchInstitute];

    /// <summary>The index of the database behind <paramref name="db"/>, rebuilt when its stamp changed.</summary>
    public async Task<SupplierSnapshot> GetAsync(AppDbContext db, CancellationToken ct = default)
    {
        var stamp = await StampAsync(db, ct);
        var target = new DatabaseTarget(db.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, db.Database.GetConnectionString() ?? "");
        Lazy<Task<SupplierSnapshot>> build;
        lock (_gate)
        {
            if (_builds.TryGetValue(target.ConnectionString, out var had) && had.Stamp == stamp)
            {
                build = had.Build;
            }
            else
            {
                build = new Lazy<Task<SupplierSnapshot>>(() => Task.Run(() => BuildAsync(target, stamp)));
                _builds[target.ConnectionString] = (stamp, build);
            }
        }
        try
        {
            return await build.Value.WaitAsync(ct);
        }
        catch (Exception) when (build.Value.IsFaulted)
        {
            lock (_gate)
            {
                if (_builds.TryGetValue(target.ConnectionString, out var had) && ReferenceEquals(had.Build, build))
                {
                    _builds.Remove(target.ConnectionString);
                }
            }
            throw;
        }
    }

    /// <summary>Drops every built index (the next request rebuilds).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _builds.Clear();
        }
    }

    /// <summary>Row counts and the latest change of every table the index is built from.</summary>
    internal static async Task<string> StampAsync(AppDbContext db, CancellationToken ct)
    {
        var parts = new List<string>
        {
            await PartAsync(db.Organizations.IgnoreQueryFilters(), o => o.UpdatedAt, ct),
            await PartAsync(db.Facilities.IgnoreQueryFilters(), f => f.UpdatedAt, ct),
            await PartAsync(db.FacilityCapabilities.IgnoreQueryFilters(), c => c.UpdatedAt, ct),
            await PartAsync(db.CapabilityNodes.IgnoreQueryFilters(), c => c.UpdatedAt, ct),
            await PartAsync(db.Requirements.IgnoreQueryFilters(), r => r.UpdatedAt, ct),
            await PartAsync(db.Programs.IgnoreQueryFilters(), p => p.UpdatedAt, ct),
            await PartAsync(db.Parts.IgnoreQueryFilters(), p => p.UpdatedAt, ct),
            await PartAsync(db.Offers.IgnoreQueryFilters(), o => o.UpdatedAt, ct),
            (await db.ApprovedSources.IgnoreQueryFilters().CountAsync(ct)).ToString(CultureInfo.InvariantCulture),
            await PartAsync(db.WorkshareContracts.IgnoreQueryFilters(), c => c.CreatedAt, ct),
            await PartAsync(db.OrganizationScreenings.IgnoreQueryFilters(), s => s.ScreenedAt, ct),
            await PartAsync(db.ScreeningRecords.IgnoreQueryFilters().Where(r => r.OrganizationId != null && r.ReviewDecision != null), r => r.ScreenedAt, ct),
            (await db.ScreeningRecords.IgnoreQueryFilters().Where(r => r.OrganizationId != null && r.ReviewedAt != null)
                .OrderByDescending(r => r.ReviewedAt).Select(r => r.ReviewedAt).Take(1).ToListAsync(ct))
                .Select(d => d!.Value.UtcTicks.ToString(CultureInfo.InvariantCulture)).FirstOrDefault() ?? "-",
        };
        return string.Join('/', parts);
    }

    private static async Task<string> PartAsync<T>(IQueryable<T> rows, Expression<Func<T, DateTimeOffset>> changed, CancellationToken ct)
    {
        var count = await rows.CountAsync(ct);
        var latest = count == 0 ? [] : await rows.OrderByDescending(changed).Select(changed).Take(1).ToListAsync(ct);
        return string.Create(CultureInfo.InvariantCulture, $"{count}@{(latest.Count == 0 ? 0 : latest[0].UtcTicks)}");
    }

    private async Task<SupplierSnapshot> BuildAsync(DatabaseTarget target, string stamp)
    {
        Interlocked.Increment(ref _buildCount);
        var watch = Stopwatch.StartNew();
        await using var db = target.CreateContext(clock);
        db.Scope = AccessScope.System;
        var (taxonomy, facilities, keys, notes) = await LoadAsync(db, CancellationToken.None);
        var index = new SupplierIndex(taxonomy, facilities);
        return new SupplierSnapshot(stamp, index, keys, notes, watch.Elapsed);
    }

    /// <summary>Reads the taxonomy and every supplier facility with its facts (no access filter: keys carry the markings).</summary>
    internal static async Task<(CapabilityTaxonomy Taxonomy, List<SupplierFacility> Facilities, MatchingAccessKeys Keys, List<string> Notes)> LoadAsync(AppDbContext db, CancellationToken ct)
    {
        var notes = new List<string>();
        var keys = new MatchingAccessKeys();
        var nodes = await db.CapabilityNodes.IgnoreQueryFilters().AsNoTracking().OrderBy(n => n.Id).ToListAsync(ct);
        var taxonomy = new CapabilityTaxonomy(nodes.Select(n => new CapabilityTerm(n.Id, n.ParentId, n.LabelEn, n.LabelJa, n.DescriptionEn, n.DescriptionJa)));

        var kinds = SupplierKinds.ToList();
        var organizations = await db.Organizations.IgnoreQueryFilters().AsNoTracking()
            .Where(o => kinds.Contains(o.Kind)).OrderBy(o => o.Id).ToListAsync(ct);
        var orgById = organizations.ToDictionary(o => o.Id, StringComparer.Ordinal);
        var facilities = (await db.Facilities.IgnoreQueryFilters().AsNoTracking().OrderBy(f => f.Id).ToListAsync(ct))
            .Where(f => orgById.ContainsKey(f.OrganizationId)).ToList();
        var capabilities = (await db.FacilityCapabilities.IgnoreQueryFilters().AsNoTracking().OrderBy(c => c.Id).ToListAsync(ct))
            .GroupBy(c => c.FacilityId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var engagements = await EngagementsAsync(db, keys, notes, ct);
        var screening = await ScreeningHitsAsync(db, ct);

        var result = new List<SupplierFacility>(facilities.Count);
        foreach (var f in facilities)
        {
            var org = orgById[f.OrganizationId];
            var caps = capabilities.GetValueOrDefault(f.Id) ?? [];
            screening.TryGetValue(org.Id, out var hit);
            result.Add(new SupplierFacility(
                org.Id,
                org.Name,
                org.NameJa,
                org.Country,
                f.Id,
                f.Name,
                f.Country,
                [.. caps.Select(c => new SupplierCapability(c.CapabilityCode, c.ActualPerMonth, c.MaxPerMonth, c.ValidFrom, c.ValidTo, c.Evidence, keys.KeyOf(c.Marking)))],
                [.. org.Certifications.Select(c => new SupplierCertification(c.Kind, c.Level, c.ValidFrom, c.ValidTo))],
                engagements.GetValueOrDefault(org.Id) ?? [],
                hit is not null,
                hit,
                keys.KeyOf(org.Marking, f.Marking)));
        }
        return (taxonomy, result, keys, notes);
    }

    /// <summary>Past engagements by organization: awards, ledger contracts and supply of programs' end items.</summary>
    private static async Task<Dictionary<string, List<PastEngagement>>> EngagementsAsync(AppDbContext db, MatchingAccessKeys keys, List<string> notes, CancellationToken ct)
    {
        var byOrg = new Dictionary<string, List<PastEngagement>>(StringComparer.Ordinal);
        void Add(string org, PastEngagement e)
        {
            if (!byOrg.TryGetValue(org, out var list))
            {
                byOrg[org] = list = [];
            }
            list.Add(e);
        }

        var programs = (await db.Programs.IgnoreQueryFilters().AsNoTracking().ToListAsync(ct)).ToDictionary(p => p.Id, StringComparer.Ordinal);

        var awarded = await db.Requirements.IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.AwardedOrganizationId != null && r.ProgramId != null)
            .OrderBy(r => r.Id)
            .ToListAsync(ct);
        foreach (var r in awarded)
        {
            if (programs.TryGetValue(r.ProgramId!, out var p))
            {
                var date = r.Milestones.Where(m => m.Kind == MilestoneKinds.Award).Select(m => (DateOnly?)m.Date).FirstOrDefault() ?? r.PublishedOn;
                Add(r.AwardedOrganizationId!, new PastEngagement(p.Id, p.Name, "award", date, keys.KeyOf(r.Marking, p.Marking)));
            }
        }

        var contracts = await db.WorkshareContracts.AsNoTracking().Where(c => c.CompanyId != null).OrderBy(c => c.Id).ToListAsync(ct);
        foreach (var c in contracts)
        {
            if (programs.TryGetValue(c.ProgramId, out var p))
            {
                Add(c.CompanyId!, new PastEngagement(p.Id, p.Name, "contract", c.Date, keys.KeyOf(p.Marking)));
            }
        }

        // Supply: qualified offers for a program's end items, and the approved sources feeding those offers.
        var endItems = programs.Values
            .SelectMany(p => p.EndItemPartIds.Select(part => (Part: part, Program: p)))
            .GroupBy(x => x.Part, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Program).ToList(), StringComparer.Ordinal);
        if (endItems.Count > 0)
        {
            var partIds = endItems.Keys.ToList();
            var parts = (await db.Parts.IgnoreQueryFilters().AsNoTracking().Where(p => partIds.Contains(p.Id)).ToListAsync(ct))
                .ToDictionary(p => p.Id, StringComparer.Ordinal);
            var facilityOrg = (await db.Facilities.IgnoreQueryFilters().AsNoTracking().Select(f => new { f.Id, f.OrganizationId }).ToListAsync(ct))
                .ToDictionary(f => f.Id, f => f.OrganizationId, StringComparer.Ordinal);
            var offers = await db.Offers.IgnoreQueryFilters().AsNoTracking()
                .Where(o => partIds.Contains(o.PartId) && o.Qualified).OrderBy(o => o.Id).ToListAsync(ct);
            var offerIds = offers.Select(o => o.Id).ToList();
            var sources = await db.ApprovedSources.AsNoTracking().Where(s => offerIds.Contains(s.OfferId)).ToListAsync(ct);
            var sourceOfferIds = sources.Select(s => s.SourceOfferId).Distinct().ToList();
            var sourceOffers = (await db.Offers.IgnoreQueryFilters().AsNoTracking().Where(o => sourceOfferIds.Contains(o.Id)).ToListAsync(ct))
                .ToDictionary(o => o.Id, StringComparer.Ordinal);
            var offerById = offers.ToDictionary(o => o.Id, StringComparer.Ordinal);
            foreach (var o in offers)
            {
                if (!facilityOrg.TryGetValue(o.FacilityId, out var org) || !parts.TryGetValue(o.PartId, out var part))
                {
                    continue;
                }
                foreach (var p in endItems[o.PartId])
                {
                    Add(org, new PastEngagement(p.Id, p.Name, "supply", null, keys.KeyOf(p.Marking, part.Marking, o.Marking)));
                }
            }
            foreach (var s in sources)
            {
                if (!offerById.TryGetValue(s.OfferId, out var endOffer) || !sourceOffers.TryGetValue(s.SourceOfferId, out var source)
                    || !facilityOrg.TryGetValue(source.FacilityId, out var org) || !parts.TryGetValue(endOffer.PartId, out var part))
                {
                    continue;
                }
                foreach (var p in endItems[endOffer.PartId])
                {
                    Add(org, new PastEngagement(p.Id, p.Name, "supply", null, keys.KeyOf(p.Marking, part.Marking, endOffer.Marking, source.Marking)));
                }
            }
            notes.Add("supply engagements: qualified offers for programs' end items and their approved sources (one tier); deeper tiers of the bill of materials are not counted");
        }
        return byOrg;
    }

    /// <summary>Organization id → what its screening hit matched, for organizations that are a hit (see the class remarks).</summary>
    internal static async Task<Dictionary<string, string>> ScreeningHitsAsync(AppDbContext db, CancellationToken ct)
    {
        var hits = new Dictionary<string, string>(StringComparer.Ordinal);
        var reviews = await db.ScreeningRecords.AsNoTracking()
            .Where(r => r.OrganizationId != null && r.ReviewDecision != null)
            .Select(r => new { r.OrganizationId, r.BestEntityId, r.ReviewDecision, r.ReviewedAt })
            .ToListAsync(ct);
        foreach (var confirmed in reviews.Where(r => r.ReviewDecision == ScreeningRecord.ConfirmedMatch).OrderBy(r => r.OrganizationId, StringComparer.Ordinal))
        {
            hits.TryAdd(confirmed.OrganizationId!, $"a reviewer confirmed the match with listed entity {confirmed.BestEntityId ?? "(unknown)"}");
        }
        var clearedEntities = reviews
            .Where(r => r.ReviewDecision is ScreeningRecord.FalsePositive or ScreeningRecord.Cleared && r.BestEntityId != null)
            .Select(r => (r.OrganizationId!, r.BestEntityId!))
            .ToHashSet();
        var states = await db.OrganizationScreenings.AsNoTracking().OrderBy(s => s.OrganizationId).ToListAsync(ct);
        foreach (var state in states)
        {
            if (hits.ContainsKey(state.OrganizationId))
            {
                continue;
            }
            var open = ScreeningJson.Deserialize<List<StoredHit>>(state.Hits)
                .Where(h => h.Score >= ScreeningOptions.DefaultMatchThreshold && !clearedEntities.Contains((state.OrganizationId, h.EntityId)))
                .OrderByDescending(h => h.Score)
                .ThenBy(h => h.EntityId, StringComparer.Ordinal)
                .FirstOrDefault();
            if (open is not null)
            {
                hits[state.OrganizationId] = string.Create(CultureInfo.InvariantCulture,
                    $"{open.Source} entry {open.EntityId} ({open.MatchedName}), score {open.Score:0.00}, not cleared by review");
            }
        }
        return hits;
    }
}
