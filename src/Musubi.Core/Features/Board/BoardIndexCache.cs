using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Engines.Matching;

namespace Musubi.Core.Features.Board;

/// <summary>
/// One built board index: the engine's <see cref="RequirementIndex"/> over every requirement (whatever any reader may
/// see), the capability taxonomy, and the access keys. A requirement's access key stands for the pair (its marking, its
/// program's marking): a reader sees the requirement on the board when the access policy lets them read both
/// (<see cref="CanSeeFor"/>), so that a hidden program is never disclosed through its requirements' names or nations.
/// </summary>
public sealed class BoardIndex
{
    private readonly IReadOnlyList<(Marking Requirement, Marking? Program)> _keys;
    private readonly IReadOnlyDictionary<string, DateTimeOffset> _updatedAt;

    internal BoardIndex(string stamp, CapabilityTaxonomy taxonomy, RequirementIndex index,
        IReadOnlyList<(Marking Requirement, Marking? Program)> keys, IReadOnlyDictionary<string, DateTimeOffset> updatedAt)
    {
        Stamp = stamp;
        Taxonomy = taxonomy;
        Index = index;
        _keys = keys;
        _updatedAt = updatedAt;
    }

    /// <summary>What the index was built from (counts and latest changes); a different stamp means a rebuild.</summary>
    public string Stamp { get; }

    /// <summary>The engine's taxonomy built from the registry's capability nodes.</summary>
    public CapabilityTaxonomy Taxonomy { get; }

    /// <summary>The engine's index of every requirement; filter every read with <see cref="CanSeeFor"/>.</summary>
    public RequirementIndex Index { get; }

    /// <summary>How many distinct access keys the requirements carry.</summary>
    public int AccessKeys => _keys.Count;

    /// <summary>
    /// Whether a reader with <paramref name="scope"/> may see a requirement with a given access key: the policy is
    /// evaluated once per distinct key here, so the engine's per-document check is an array lookup.
    /// </summary>
    public Func<int, bool> CanSeeFor(AccessScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Unrestricted)
        {
            return _ => true;
        }
        var allowed = new bool[_keys.Count];
        for (var i = 0; i < allowed.Length; i++)
        {
            var (requirement, program) = _keys[i];
            allowed[i] = AccessPolicy.CanRead(scope, requirement) && (program is null || AccessPolicy.CanRead(scope, program));
        }
        return key => key >= 0 && key < allowed.Length && allowed[key];
    }

    /// <summary>The requirement's document when it exists and <paramref name="canSee"/> lets the reader see it; else null.</summary>
    public RequirementDocument? Visible(string id, Func<int, bool> canSee)
    {
        ArgumentNullException.ThrowIfNull(canSee);
        return Index.Get(id) is { } doc && canSee(doc.AccessKey) ? doc : null;
    }

    /// <summary>The requirement's last change as indexed (what the notification sweep compares with what a subscription has seen).</summary>
    public DateTimeOffset? UpdatedAt(string id) => _updatedAt.TryGetValue(id, out var at) ? at : null;
}

/// <summary>
/// The board index (singleton): built from ALL requirements and programs (query filters ignored — access is applied per
/// reader with <see cref="BoardIndex.CanSeeFor"/>) and the capability taxonomy, and rebuilt when a stamp changes: the
/// number and latest change of requirements, of programs and of taxonomy nodes. Concurrent callers share one build per
/// (database, stamp). Helper features (matching) use the same snapshot for the requirement documents and the taxonomy.
/// </summary>
public sealed class BoardIndexCache(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Stamp, Lazy<Task<BoardIndex>> Build)> _builds = new(StringComparer.Ordinal);
    private int _buildCount;

    /// <summary>How many builds ran (for tests and diagnostics).</summary>
    public int Builds => _buildCount;

    /// <summary>The index of the database behind <paramref name="db"/>, rebuilt when the registry changed since the last build.</summary>
    public async Task<BoardIndex> GetAsync(AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var stamp = await StampAsync(db, ct);
        var target = new DatabaseTarget(db.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, db.Database.GetConnectionString() ?? "");
        var key = target.Provider + ":" + target.ConnectionString;
        Lazy<Task<BoardIndex>> build;
        lock (_gate)
        {
            if (_builds.TryGetValue(key, out var existing) && existing.Stamp == stamp && !existing.Build.Value.IsFaulted)
            {
                build = existing.Build;
            }
            else
            {
                // The build runs on the thread pool with its own context (a caller that gives up does not cancel it for the others).
                build = new Lazy<Task<BoardIndex>>(() => Task.Run(() => BuildAsync(target, stamp)));
                _builds[key] = (stamp, build);
            }
        }
        return await build.Value.WaitAsync(ct);
    }

    /// <summary>Drops every built index (the next read rebuilds).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _builds.Clear();
        }
    }

    private static async Task<string> StampAsync(AppDbContext db, CancellationToken ct)
    {
        var requirements = db.Requirements.IgnoreQueryFilters().AsNoTracking();
        var programs = db.Programs.IgnoreQueryFilters().AsNoTracking();
        var nodes = db.CapabilityNodes.AsNoTracking();
        var r = await requirements.CountAsync(ct);
        var rAt = await requirements.OrderByDescending(e => e.UpdatedAt).Select(e => (DateTimeOffset?)e.UpdatedAt).FirstOrDefaultAsync(ct);
        var p = await programs.CountAsync(ct);
        var pAt = await programs.OrderByDescending(e => e.UpdatedAt).Select(e => (DateTimeOffset?)e.UpdatedAt).FirstOrDefaultAsync(ct);
        var t = await nodes.CountAsync(ct);
        var tAt = await nodes.OrderByDescending(e => e.UpdatedAt).Select(e => (DateTimeOffset?)e.UpdatedAt).FirstOrDefaultAsync(ct);
        return string.Create(CultureInfo.InvariantCulture, $"{r}|{rAt?.UtcTicks}|{p}|{pAt?.UtcTicks}|{t}|{tAt?.UtcTicks}");
    }

    private async Task<BoardIndex> BuildAsync(DatabaseTarget target, string stamp)
    {
        Interlocked.Increment(ref _buildCount);
        var ct = CancellationToken.None;
        await using var db = target.CreateContext(clock);
        db.Scope = AccessScope.System;
        var nodes = await db.CapabilityNodes.AsNoTracking().ToListAsync(ct);
        var taxonomy = new CapabilityTaxonomy(nodes.Select(n => new CapabilityTerm(n.Id, n.ParentId, n.LabelEn, n.LabelJa, n.DescriptionEn, n.DescriptionJa)));
        var programs = await db.Programs.IgnoreQueryFilters().AsNoTracking()
            .ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, ct);
        var requirements = await db.Requirements.IgnoreQueryFilters().AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);
        var keys = new List<(Marking, Marking?)>();
        var keyOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var updatedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var documents = new List<RequirementDocument>(requirements.Count);
        foreach (var r in requirements)
        {
            var program = r.ProgramId is { } pid ? programs.GetValueOrDefault(pid) : null;
            var text = MarkingKey(r.Marking) + "\n" + (program is null ? "-" : MarkingKey(program.Marking));
            if (!keyOf.TryGetValue(text, out var key))
            {
                key = keys.Count;
                keyOf[text] = key;
                keys.Add((r.Marking, program?.Marking));
            }
            updatedAt[r.Id] = r.UpdatedAt;
            documents.Add(BoardViews.Document(r, program, key));
        }
        var index = new RequirementIndex(taxonomy, documents);
        return new BoardIndex(stamp, taxonomy, index, keys, updatedAt);
    }

    private static string MarkingKey(Marking m) =>
        string.Join("|", m.Cui ? "C" : "", m.Categories, m.NoForn ? "NF" : "", m.RelTo, m.FedOnly ? "FED" : "", m.DisplayOnly, m.NeedToKnow ?? "");
}
