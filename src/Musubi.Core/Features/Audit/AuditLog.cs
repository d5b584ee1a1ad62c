using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Musubi.Core.Data;

namespace Musubi.Core.Features.Audit;

/// <summary>
/// Appends to the hash-chained audit log and signs its checkpoints (ADR 0008). Appends are serialized within the
/// process (a semaphore) and across processes (PostgreSQL: a transaction-scoped advisory lock; SQLite: the write lock
/// of the <c>BEGIN IMMEDIATE</c> transaction that Microsoft.Data.Sqlite opens), so Seq runs 1, 2, 3… and each record
/// carries the hash of the one before. An append joins the caller's transaction when there is one, so a write and its
/// audit record commit or roll back together; otherwise it runs in its own.
/// </summary>
public sealed class AuditLog(TimeProvider clock, AuditOptions options, ILogger<AuditLog>? logger = null)
{
    // One process-wide gate: contexts on the same database in this process queue here instead of on the database lock.
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The PostgreSQL advisory lock key that serializes appends ("musubiAu").</summary>
    public const long AdvisoryLockKey = 0x6D75_7375_6269_4175;

    // Per database: the Merkle frontier as of the last checkpoint, and that checkpoint's size (saves re-reading the log).
    private static readonly ConcurrentDictionary<string, MerkleFrontier> Frontiers = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, long> LastCheckpoint = new(StringComparer.Ordinal);

    public AuditOptions Options => options;

    public async Task<AuditEvent> AppendAsync(AppDbContext db, AuditRecord record, CancellationToken ct = default) =>
        (await AppendBatchAsync(db, [record], ct))[0];

    /// <summary>Appends the records in order, all in one transaction (the caller's when there is one).</summary>
    public async Task<IReadOnlyList<AuditEvent>> AppendBatchAsync(AppDbContext db, IReadOnlyList<AuditRecord> records, CancellationToken ct = default)
    {
        if (records.Count == 0)
        {
            return [];
        }
        var clean = records.Select(Clean).ToList();
        var owned = db.Database.CurrentTransaction is null;
        List<AuditEvent> written;
        if (owned)
        {
            // Only a transaction this method opens and closes holds the gate: one joined into a longer caller
            // transaction relies on the database lock alone, so the gate is never held while waiting on that caller.
            await Gate.WaitAsync(ct);
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                written = await WriteLockedAsync(db, clean, ct);
                await tx.CommitAsync(ct);
            }
            finally
            {
                Gate.Release();
            }
            await CheckpointIfDueAsync(db, written[^1].Seq, ct);
        }
        else
        {
            written = await WriteLockedAsync(db, clean, ct);
        }
        return written;
    }

    private async Task<List<AuditEvent>> WriteLockedAsync(AppDbContext db, List<AuditRecord> records, CancellationToken ct)
    {
        await LockAsync(db, ct);
        var last = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Seq)
            .Select(e => new { e.Seq, e.Hash }).FirstOrDefaultAsync(ct);
        var seq = last?.Seq ?? 0;
        var prev = last?.Hash ?? AuditHashing.Genesis;
        var time = AuditHashing.Normalize(clock.GetUtcNow());
        var written = new List<AuditEvent>(records.Count);
        foreach (var r in records)
        {
            var e = new AuditEvent
            {
                Seq = ++seq,
                Time = time,
                Type = r.Type,
                Outcome = r.Outcome,
                PrincipalId = r.PrincipalId,
                SourceAddress = r.SourceAddress,
                Object = r.Object,
                Detail = r.Detail,
                PrevHash = prev,
                Hash = "",
            };
            e.Hash = AuditHashing.Hash(e);
            prev = e.Hash;
            written.Add(e);
        }
        // Up to 100 rows per INSERT (1,000 parameters: within both SQLite's and PostgreSQL's limits).
        foreach (var chunk in written.Chunk(100))
        {
            var sql = new StringBuilder("""INSERT INTO "AuditEvents" ("Seq", "Time", "Type", "Outcome", "PrincipalId", "SourceAddress", "Object", "Detail", "PrevHash", "Hash") VALUES """);
            var values = new List<object?>(chunk.Length * 10);
            for (var i = 0; i < chunk.Length; i++)
            {
                var e = chunk[i];
                var n = values.Count;
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture,
                    $"({{{n}}}, {{{n + 1}}}, {{{n + 2}}}, {{{n + 3}}}, {{{n + 4}}}, {{{n + 5}}}, {{{n + 6}}}, {{{n + 7}}}, {{{n + 8}}}, {{{n + 9}}})");
                values.AddRange([e.Seq, e.Time, e.Type, e.Outcome, e.PrincipalId, e.SourceAddress, e.Object, e.Detail, e.PrevHash, e.Hash]);
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), values!, ct);
        }
        return written;
    }

    /// <summary>Takes the cross-process append lock for the current transaction (SQLite: already held by BEGIN IMMEDIATE).</summary>
    private static async Task LockAsync(AppDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
        }
    }

    /// <summary>
    /// Signs a checkpoint over every event now in the log (none when the log is empty; the existing one when no event
    /// was appended since). Joins the caller's transaction when there is one.
    /// </summary>
    public async Task<AuditCheckpoint?> CheckpointAsync(AppDbContext db, CancellationToken ct = default)
    {
        var owned = db.Database.CurrentTransaction is null;
        if (owned)
        {
            await Gate.WaitAsync(ct);
        }
        try
        {
            await using var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null;
            await LockAsync(db, ct);
            var size = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Seq).Select(e => e.Seq).FirstOrDefaultAsync(ct);
            if (size == 0)
            {
                return null;
            }
            if (await db.AuditCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.TreeSize == size, ct) is { } existing)
            {
                return existing;
            }
            var key = Key(db);
            var frontier = Frontiers.TryGetValue(key, out var cached) && cached.Count <= size ? cached.Clone() : new MerkleFrontier();
            await foreach (var e in db.AuditEvents.AsNoTracking().Where(e => e.Seq > frontier.Count && e.Seq <= size)
                .OrderBy(e => e.Seq).Select(e => new { e.Seq, e.Hash }).AsAsyncEnumerable().WithCancellation(ct))
            {
                if (e.Seq != frontier.Count + 1)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                        $"the audit log has a gap before Seq {e.Seq}: run ./musubi audit verify; no checkpoint was signed"));
                }
                frontier.Add(e.Hash);
            }
            using var signer = AuditSigningKey.LoadOrCreate(options.SigningKeyPath);
            var time = AuditHashing.Normalize(clock.GetUtcNow());
            var checkpoint = new AuditCheckpoint
            {
                TreeSize = size,
                RootHash = frontier.Root(),
                Time = time,
                KeyId = signer.KeyId,
                Signature = signer.Sign(size, frontier.Root(), time),
            };
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "AuditCheckpoints" ("TreeSize", "RootHash", "Time", "KeyId", "Signature")
                VALUES ({checkpoint.TreeSize}, {checkpoint.RootHash}, {checkpoint.Time}, {checkpoint.KeyId}, {checkpoint.Signature})
                """, ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }
            Frontiers[key] = frontier;
            LastCheckpoint[key] = size;
            return checkpoint;
        }
        finally
        {
            if (owned)
            {
                Gate.Release();
            }
        }
    }

    /// <summary>
    /// Signs a checkpoint when <see cref="AuditOptions.CheckpointEvery"/> events were appended since the last one. Appends
    /// that run in their own transaction call this themselves; a caller that appended inside its own transaction calls
    /// it after committing. A failure to sign (say, an unwritable key file) is logged, never thrown: the events are kept.
    /// </summary>
    public async Task CheckpointIfDueAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (options.CheckpointEvery <= 0 || db.Database.CurrentTransaction is not null)
        {
            return;
        }
        var last = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Seq).Select(e => e.Seq).FirstOrDefaultAsync(ct);
        await CheckpointIfDueAsync(db, last, ct);
    }

    private async Task CheckpointIfDueAsync(AppDbContext db, long lastSeq, CancellationToken ct)
    {
        if (options.CheckpointEvery <= 0)
        {
            return;
        }
        var key = Key(db);
        if (!LastCheckpoint.TryGetValue(key, out var covered))
        {
            covered = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.TreeSize).Select(c => c.TreeSize).FirstOrDefaultAsync(ct);
            LastCheckpoint[key] = covered;
        }
        if (lastSeq - covered < options.CheckpointEvery)
        {
            return;
        }
        try
        {
            await CheckpointAsync(db, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or InvalidOperationException)
        {
            logger?.LogError(ex, "audit checkpoint at {Seq} failed; the events are kept and the next append retries", lastSeq);
        }
    }

    private static string Key(AppDbContext db) => db.Database.GetConnectionString() ?? "";

    /// <summary>Neutralizes control characters (log injection) and cuts every field to its column's length.</summary>
    public AuditRecord Clean(AuditRecord record)
    {
        if (string.IsNullOrWhiteSpace(record.Type))
        {
            throw new ArgumentException("an audit record needs a type", nameof(record));
        }
        if (string.IsNullOrWhiteSpace(record.Outcome))
        {
            throw new ArgumentException("an audit record needs an outcome", nameof(record));
        }
        return new AuditRecord(
            Neutralize(record.Type, 64)!,
            Neutralize(record.Outcome, 16)!,
            Neutralize(record.PrincipalId, 64),
            Neutralize(record.SourceAddress, 64),
            Neutralize(record.Object, 400),
            Neutralize(record.Detail, options.MaxDetailLength));
    }

    /// <summary>
    /// Control characters, line and paragraph separators and bidirectional overrides become visible escapes
    /// (<c>\n</c>, <c>\u001b</c>…); a lone surrogate becomes U+FFFD; text longer than <paramref name="max"/> is cut and ends with "…".
    /// </summary>
    public static string? Neutralize(string? value, int max)
    {
        if (value is null)
        {
            return null;
        }
        StringBuilder? sb = null;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            string? replacement = null;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                sb?.Append(c).Append(value[i + 1]);
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                replacement = "\uFFFD";
            }
            else if (c == '\n')
            {
                replacement = "\\n";
            }
            else if (c == '\r')
            {
                replacement = "\\r";
            }
            else if (c == '\t')
            {
                replacement = "\\t";
            }
            else if (char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                replacement = "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture);
            }
            if (replacement is not null)
            {
                sb ??= new StringBuilder(value.Length + 16).Append(value, 0, i);
                sb.Append(replacement);
            }
            else
            {
                sb?.Append(c);
            }
        }
        var text = sb?.ToString() ?? value;
        if (text.Length > max)
        {
            var cut = max - 1;
            if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
            {
                cut--;
            }
            text = string.Concat(text.AsSpan(0, cut), "…");
        }
        return text;
    }
}
