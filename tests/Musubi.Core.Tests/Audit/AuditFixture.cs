using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Testing;

namespace Musubi.Core.Tests.Audit;

/// <summary>A test database with an audit log, its signing key in a temporary file, and an attacker's tools.</summary>
internal sealed class AuditFixture : IAsyncDisposable
{
    private readonly string _keyPath = Path.Combine(Path.GetTempPath(), "musubi-audit-key-" + Guid.NewGuid().ToString("N") + ".pem");

    private AuditFixture(TestDatabase database, int checkpointEvery)
    {
        Database = database;
        Options = new AuditOptions { SigningKeyPath = _keyPath, CheckpointEvery = checkpointEvery };
        Log = new AuditLog(database.Clock, Options);
    }

    public TestDatabase Database { get; }
    public AuditOptions Options { get; }
    public AuditLog Log { get; }
    public string KeyPath => _keyPath;

    public static async Task<AuditFixture> CreateAsync(string provider, int checkpointEvery = 0) =>
        new(await TestDatabase.CreateAsync(provider), checkpointEvery);

    public AppDbContext NewContext() => Database.NewContext(AccessScope.System);

    /// <summary>Appends <paramref name="count"/> varied events, every field filled on even Seq, optional ones left null on odd.</summary>
    public async Task AppendAsync(int count)
    {
        await using var db = NewContext();
        for (var i = 0; i < count; i++)
        {
            Database.Clock.Advance(TimeSpan.FromTicks(12_345_678)); // fractions that SQLite and PostgreSQL must keep
            var full = i % 2 == 0;
            await Log.AppendAsync(db, new AuditRecord(
                full ? AuditTypes.RecordUpdated : AuditTypes.RecordRead,
                AuditOutcomes.Success,
                "us-acq",
                full ? "192.0.2.7" : null,
                full ? string.Create(CultureInfo.InvariantCulture, $"organizations/org-{i}") : null,
                full ? """{"version":3,"marking":"CUI//NOFORN","note":"日本語"}""" : null));
        }
    }

    public async Task<AuditVerification> VerifyAsync(IReadOnlyList<AuditCheckpoint>? external = null)
    {
        await using var db = NewContext();
        using var key = AuditSigningKey.LoadOrCreate(_keyPath);
        using var trusted = AuditSigningKey.FromPem(key.PublicKeyPem);
        return await AuditVerifier.VerifyAsync(db, external, [trusted]);
    }

    public async Task<List<AuditEvent>> EventsAsync()
    {
        await using var db = NewContext();
        return await db.AuditEvents.AsNoTracking().OrderBy(e => e.Seq).ToListAsync();
    }

    public async Task<List<AuditCheckpoint>> CheckpointsAsync()
    {
        await using var db = NewContext();
        return await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.TreeSize).ToListAsync();
    }

    // --- the attacker, who has the database's credentials ---

    /// <summary>Drops the append-only triggers, as anyone who owns the tables can.</summary>
    public async Task DropTriggersAsync()
    {
        await using var db = NewContext();
        if (db.IsPostgres)
        {
            foreach (var table in new[] { "AuditEvents", "AuditCheckpoints" })
            {
                var sql = $"""DROP TRIGGER "{table}_append_only" ON "{table}"; DROP TRIGGER "{table}_no_truncate" ON "{table}";""";
                await db.Database.ExecuteSqlRawAsync(sql);
            }
        }
        else
        {
            foreach (var table in new[] { "AuditEvents", "AuditCheckpoints" })
            {
                var sql = $"""DROP TRIGGER "{table}_no_update"; DROP TRIGGER "{table}_no_delete";""";
                await db.Database.ExecuteSqlRawAsync(sql);
            }
        }
    }

    public async Task ExecuteAsync(FormattableString sql)
    {
        await using var db = NewContext();
        await db.Database.ExecuteSqlAsync(sql);
    }

    public async Task DeleteEventsAsync(long fromSeq, long toSeq) =>
        await ExecuteAsync($"""DELETE FROM "AuditEvents" WHERE "Seq" >= {fromSeq} AND "Seq" <= {toSeq}""");

    public async Task InsertEventAsync(AuditEvent e) => await ExecuteAsync($"""
        INSERT INTO "AuditEvents" ("Seq", "Time", "Type", "Outcome", "PrincipalId", "SourceAddress", "Object", "Detail", "PrevHash", "Hash")
        VALUES ({e.Seq}, {e.Time}, {e.Type}, {e.Outcome}, {e.PrincipalId}, {e.SourceAddress}, {e.Object}, {e.Detail}, {e.PrevHash}, {e.Hash})
        """);

    /// <summary>Replaces a stored event by <paramref name="e"/> (same Seq), every column as given.</summary>
    public async Task OverwriteAsync(AuditEvent e)
    {
        await DeleteEventsAsync(e.Seq, e.Seq);
        await InsertEventAsync(e);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        File.Delete(_keyPath);
    }

    public static AuditEvent Copy(AuditEvent e) => new()
    {
        Seq = e.Seq,
        Time = e.Time,
        Type = e.Type,
        Outcome = e.Outcome,
        PrincipalId = e.PrincipalId,
        SourceAddress = e.SourceAddress,
        Object = e.Object,
        Detail = e.Detail,
        PrevHash = e.PrevHash,
        Hash = e.Hash,
    };
}
