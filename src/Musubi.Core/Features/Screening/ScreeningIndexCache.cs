using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Engines.Screening;

namespace Musubi.Core.Features.Screening;

/// <summary>Where an indexed entity came from: its list version and source, its id in the list, schema, first name and programs.</summary>
public sealed record IndexedEntry(string VersionId, string Source, string EntityId, string Schema, string Caption, IReadOnlyList<string> Programs);

/// <summary>
/// The engine's index over a set of list versions, with the way back from an index id (<c>versionId/entityId</c>, so
/// that two sources may use the same entity id) to the listed entity.
/// </summary>
public sealed class ListIndex
{
    internal ListIndex(IReadOnlyList<ScreeningListVersion> versions, ScreeningIndex index, IReadOnlyDictionary<string, IndexedEntry> entries, TimeSpan buildTime)
    {
        Versions = versions;
        Index = index;
        Entries = entries;
        BuildTime = buildTime;
    }

    /// <summary>The versions indexed, ordered by source.</summary>
    public IReadOnlyList<ScreeningListVersion> Versions { get; }

    public IReadOnlyList<string> VersionIds => [.. Versions.Select(v => v.Id)];

    public ScreeningIndex Index { get; }

    /// <summary>Every indexed entity by index id.</summary>
    public IReadOnlyDictionary<string, IndexedEntry> Entries { get; }

    public int EntityCount => Entries.Count;

    /// <summary>How long reading the entries and building the index took.</summary>
    public TimeSpan BuildTime { get; }

    internal static string IndexId(string versionId, string entityId) => versionId + "/" + entityId;

    /// <summary>The engine's candidate with its list version, source, schema, caption and programs.</summary>
    public ListedCandidate List(ScoredCandidate c)
    {
        var e = Entries[c.EntityId];
        return new ListedCandidate(e.EntityId, e.VersionId, e.Source, e.Schema, e.Caption, e.Programs, c.Score, c.MatchedName, c.QueryName, c.Explanation);
    }

    /// <summary>The engine's result as a record keeps it.</summary>
    public ScreeningOutcome Outcome(ScreeningResult r) =>
        new(ScreeningJson.DecisionText(r.Decision), r.Best is null ? null : List(r.Best), [.. r.Candidates.Select(List)]);
}

/// <summary>
/// One built <see cref="ScreeningIndex"/> per set of list versions (singleton). The index is rebuilt from the stored
/// <see cref="ScreeningListEntry"/> rows when the set of active versions changes (an import); concurrent callers asking
/// for the same set share one build, which runs on the thread pool with its own database context (a caller that gives
/// up does not cancel it for the others). The last two sets are kept, so "as of" screenings of an earlier set do not
/// evict the current one.
/// </summary>
public sealed class ScreeningIndexCache(NameAnalyzer analyzer, TimeProvider clock)
{
    private const int Kept = 2;
    private readonly Lock _gate = new();
    private readonly List<(string Key, Lazy<Task<ListIndex>> Build)> _builds = [];

    /// <summary>The analyzer every index is built with (Japanese readings when MeCab is available).</summary>
    public NameAnalyzer Analyzer => analyzer;

    /// <summary>How many builds ran (for tests and diagnostics).</summary>
    public int Builds => _buildCount;

    private int _buildCount;

    /// <summary>The index over <paramref name="versions"/> of the database behind <paramref name="db"/>, built on first use.</summary>
    public Task<ListIndex> GetAsync(AppDbContext db, IReadOnlyList<ScreeningListVersion> versions, CancellationToken ct = default)
    {
        var ordered = versions.OrderBy(v => v.Source, StringComparer.Ordinal).ThenBy(v => v.Id, StringComparer.Ordinal).ToList();
        var target = new DatabaseTarget(db.IsPostgres ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite, db.Database.GetConnectionString() ?? "");
        var key = target.ConnectionString + "\n" + string.Join("\n", ordered.Select(v => v.Id));
        Lazy<Task<ListIndex>> build;
        lock (_gate)
        {
            var found = _builds.FindIndex(b => b.Key == key);
            if (found >= 0)
            {
                build = _builds[found].Build;
                // Most recently used last.
                _builds.RemoveAt(found);
                _builds.Add((key, build));
            }
            else
            {
                build = new Lazy<Task<ListIndex>>(() => Task.Run(() => BuildAsync(target, ordered)));
                _builds.Add((key, build));
                if (_builds.Count > Kept)
                {
                    _builds.RemoveAt(0);
                }
            }
        }
        return AwaitAsync(key, build, ct);
    }

    private async Task<ListIndex> AwaitAsync(string key, Lazy<Task<ListIndex>> build, CancellationToken ct)
    {
        try
        {
            return await build.Value.WaitAsync(ct);
        }
        catch (Exception) when (build.Value.IsFaulted)
        {
            // A failed build is not kept: the next caller tries again.
            lock (_gate)
            {
                _builds.RemoveAll(b => b.Key == key && ReferenceEquals(b.Build, build));
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

    private async Task<ListIndex> BuildAsync(DatabaseTarget target, List<ScreeningListVersion> versions)
    {
        Interlocked.Increment(ref _buildCount);
        var watch = Stopwatch.StartNew();
        var entities = new List<ScreeningEntity>();
        var entries = new Dictionary<string, IndexedEntry>(StringComparer.Ordinal);
        await using (var db = target.CreateContext(clock))
        {
            foreach (var version in versions)
            {
                await ReadEntriesAsync(db, version, entities, entries);
            }
        }
        var index = ScreeningIndex.Build(entities, analyzer);
        return new ListIndex(versions, index, entries, watch.Elapsed);
    }

    /// <summary>
    /// Reads one version's entries straight off the data reader of the EF-written query (materialising 100,000 entries
    /// through EF costs several times more) and turns each into the engine's entity under its index id.
    /// </summary>
    private static async Task ReadEntriesAsync(AppDbContext db, ScreeningListVersion version, List<ScreeningEntity> entities, Dictionary<string, IndexedEntry> entries)
    {
        var versionId = version.Id;
        var query = db.ScreeningListEntries.AsNoTracking().Where(e => e.VersionId == versionId)
            .Select(e => new { e.EntityId, e.Schema, e.Names, e.Countries, e.Identifiers, e.Programs, e.Caption });
        await using var command = query.CreateDbCommand();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var entityId = reader.GetString(0);
                var id = ListIndex.IndexId(versionId, entityId);
                var programs = ScreeningJson.Deserialize<List<string>>(reader.GetString(5));
                entities.Add(new ScreeningEntity(
                    id,
                    reader.GetString(1),
                    ScreeningJson.Deserialize<List<EntityName>>(reader.GetString(2)),
                    ScreeningJson.Deserialize<List<string>>(reader.GetString(3)),
                    ScreeningJson.Deserialize<List<EntityIdentifier>>(reader.GetString(4)))
                {
                    Programs = programs,
                });
                entries[id] = new IndexedEntry(versionId, version.Source, entityId, reader.GetString(1), reader.GetString(6), programs);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
