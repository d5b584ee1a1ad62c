using System.Data.Common;
using Microsoft.Data.Sqlite;
using Musubi.Core.Features.Access;
using Npgsql;
using NpgsqlTypes;

namespace Musubi.Core.Features.Import;

/// <summary>
/// Writes the high-volume package tables inside the import's transaction, upserting by key.
/// PostgreSQL: binary COPY into a temporary staging table, then one INSERT … ON CONFLICT.
/// SQLite: one prepared INSERT … ON CONFLICT executed per row.
/// </summary>
internal abstract class PackageWriter
{
    /// <summary>Reports rows written so far, for progress bars.</summary>
    public Action<long>? Progress { get; set; }

    /// <summary>Upserts parts; when <paramref name="markingGiven"/> is false the file had no marking columns and stored markings stay.</summary>
    public abstract Task PartsAsync(IReadOnlyList<PartRow> rows, bool markingGiven, CancellationToken ct);
    public abstract Task OffersAsync(IReadOnlyList<OfferRow> rows, bool markingGiven, CancellationToken ct);
    public abstract Task OfferInputsAsync(IReadOnlyList<OfferInputRow> rows, CancellationToken ct);
    public abstract Task ApprovedSourcesAsync(IReadOnlyList<ApprovedSourceRow> rows, CancellationToken ct);

    public static PackageWriter For(DbConnection connection, DbTransaction transaction, DateTimeOffset now) => connection switch
    {
        NpgsqlConnection pg => new Postgres(pg, now),
        SqliteConnection sqlite => new Sqlite(sqlite, (SqliteTransaction)transaction, now),
        _ => throw new NotSupportedException(connection.GetType().Name),
    };

    protected const string MarkingColumns = "\"MarkingCui\", \"MarkingCategories\", \"MarkingNoForn\", \"MarkingRelTo\", \"MarkingFedOnly\", \"MarkingNeedToKnow\"";
    protected const string PartColumns = "\"Id\", \"Name\", \"NameJa\", \"EndItem\", \"Weapon\", \"Usml\", \"Eccn\", \"JpControl\", \"FiveCategory\", \"Illustrative\", " + MarkingColumns;
    protected const string OfferColumns = "\"Id\", \"PartId\", \"FacilityId\", \"CapacityPerMonth\", \"LeadTimeDays\", \"UnitCostUsd\", \"Qualified\", \"Illustrative\", " + MarkingColumns;

    protected static string UpdateSet(string columns, bool markingGiven = true) => string.Join(", ", columns.Split(", ")
        .Where(c => c != "\"Id\"" && (markingGiven || !c.StartsWith("\"Marking", StringComparison.Ordinal)))
        .Select(c => $"{c} = excluded.{c}"));

    private sealed class Postgres(NpgsqlConnection connection, DateTimeOffset now) : PackageWriter
    {
        private async Task ExecAsync(string sql, CancellationToken ct)
        {
            await using var cmd = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await cmd.ExecuteNonQueryAsync(ct);
        }

        private static async Task WriteMarkingAsync(NpgsqlBinaryImporter w, Marking m, CancellationToken ct)
        {
            await w.WriteAsync(m.Cui, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(m.Categories, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(m.NoForn, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(m.RelTo, NpgsqlDbType.Varchar, ct);
            await w.WriteAsync(m.FedOnly, NpgsqlDbType.Boolean, ct);
            await WriteNullableAsync(w, m.NeedToKnow, ct);
        }

        private static Task WriteNullableAsync(NpgsqlBinaryImporter w, string? value, CancellationToken ct) =>
            value is null ? w.WriteNullAsync(ct) : w.WriteAsync(value, NpgsqlDbType.Varchar, ct);

        private readonly HashSet<string> _direct = new(StringComparer.Ordinal);

        /// <summary>
        /// Where COPY writes: straight into the table when it is empty (nothing to conflict with, and the import has
        /// already rejected duplicate keys), else into a temporary staging table merged with ON CONFLICT.
        /// </summary>
        private readonly Dictionary<string, List<string>> _restore = new(StringComparer.Ordinal);

        /// <summary>Rows above which a load into an empty table drops and rebuilds its secondary indexes and foreign keys.</summary>
        private const int BulkThreshold = 50_000;

        /// <summary>
        /// The bulk-load recipe of the PostgreSQL manual ("Populating a Database"): drop the table's secondary indexes
        /// and outgoing foreign keys, COPY, then rebuild them — one sort per index and one join per key instead of a
        /// trigger per row. DDL is transactional in PostgreSQL, so a failed import still leaves nothing behind. The
        /// primary key stays: other tables' foreign keys depend on it, and rebuilding a three-column text key by sort
        /// measured slower than maintaining it during COPY.
        /// </summary>
        private async Task DropSecondaryAsync(string table, CancellationToken ct)
        {
            var restore = new List<string>();
            var drops = new List<string>();
            const string sql = """
                SELECT 'ALTER TABLE "' || c.relname || '" ADD CONSTRAINT "' || k.conname || '" ' || pg_get_constraintdef(k.oid),
                       'ALTER TABLE "' || c.relname || '" DROP CONSTRAINT "' || k.conname || '"'
                FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
                WHERE c.relname = @t AND k.contype = 'f'
                UNION ALL
                SELECT i.indexdef, 'DROP INDEX "' || i.indexname || '"'
                FROM pg_indexes i
                WHERE i.tablename = @t AND i.schemaname = current_schema()
                  AND i.indexname NOT IN (SELECT conname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE c.relname = @t AND k.contype IN ('p', 'u'))
                """;
            await using (var cmd = new NpgsqlCommand(sql, connection))
            {
                cmd.Parameters.AddWithValue("t", table);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    restore.Add(reader.GetString(0));
                    drops.Add(reader.GetString(1));
                }
            }
            foreach (var drop in drops)
            {
                await ExecAsync(drop, ct);
            }
            _restore[table] = restore;
        }

        private async Task<string> StageAsync(string table, string stage, int rows, CancellationToken ct)
        {
            // Concurrent imports into one table wait here rather than both taking the empty-table path.
            await ExecAsync($"LOCK TABLE \"{table}\" IN SHARE ROW EXCLUSIVE MODE", ct);
            await using (var probe = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM \"{table}\")", connection))
            {
                if (await probe.ExecuteScalarAsync(ct) is false)
                {
                    _direct.Add(table);
                    if (rows >= BulkThreshold)
                    {
                        await DropSecondaryAsync(table, ct);
                    }
                    return $"\"{table}\"";
                }
            }
            await ExecAsync($"CREATE TEMP TABLE {stage} (LIKE \"{table}\" INCLUDING DEFAULTS) ON COMMIT DROP", ct);
            return stage;
        }

        private async Task MergeAsync(string table, string stage, string columns, string key, string update, CancellationToken ct)
        {
            if (_direct.Contains(table))
            {
                if (_restore.Remove(table, out var statements))
                {
                    await ExecAsync("SET LOCAL maintenance_work_mem = '512MB'", ct);
                    foreach (var statement in statements)
                    {
                        await ExecAsync(statement, ct);
                    }
                }
                await ExecAsync($"ANALYZE \"{table}\"", ct);
                return;
            }
            var conflict = update.Length == 0 ? "DO NOTHING" : $"DO UPDATE SET {update}";
            await ExecAsync($"INSERT INTO \"{table}\" ({columns}) SELECT {columns} FROM {stage} ON CONFLICT ({key}) {conflict}; DROP TABLE {stage}", ct);
        }

        /// <summary>Stages, COPYs every row with <paramref name="write"/>, then merges: the one path all four tables take.</summary>
        private async Task CopyAsync<T>(string table, IReadOnlyList<T> rows, string columns, string key, string update,
            Func<NpgsqlBinaryImporter, T, CancellationToken, Task> write, CancellationToken ct)
        {
            var stage = "stage_" + table.ToLowerInvariant();
            var into = await StageAsync(table, stage, rows.Count, ct);
            await using (var importer = await connection.BeginBinaryImportAsync($"COPY {into} ({columns}) FROM STDIN (FORMAT BINARY)", ct))
            {
                long n = 0;
                foreach (var row in rows)
                {
                    await importer.StartRowAsync(ct);
                    await write(importer, row, ct);
                    if (++n % 10000 == 0)
                    {
                        Progress?.Invoke(10000);
                    }
                }
                Progress?.Invoke(n % 10000);
                await importer.CompleteAsync(ct);
            }
            await MergeAsync(table, stage, columns, key, update, ct);
        }

        private async Task WriteTrackedAsync(NpgsqlBinaryImporter w, CancellationToken ct)
        {
            await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            await w.WriteAsync(NoSources, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
        }

        private static readonly string[] NoSources = [];
        private const string TrackedColumns = ", \"CreatedAt\", \"UpdatedAt\", \"Sources\"";
        private const string TouchUpdatedAt = ", \"UpdatedAt\" = excluded.\"UpdatedAt\"";

        public override Task PartsAsync(IReadOnlyList<PartRow> rows, bool markingGiven, CancellationToken ct) =>
            CopyAsync("Parts", rows, PartColumns + TrackedColumns, "\"Id\"", UpdateSet(PartColumns, markingGiven) + TouchUpdatedAt, async (w, r, t) =>
            {
                await w.WriteAsync(r.Id, NpgsqlDbType.Varchar, t);
                await w.WriteAsync(r.Name, NpgsqlDbType.Varchar, t);
                await WriteNullableAsync(w, r.NameJa, t);
                await w.WriteAsync(r.EndItem, NpgsqlDbType.Boolean, t);
                await w.WriteAsync(r.Weapon, NpgsqlDbType.Boolean, t);
                await WriteNullableAsync(w, r.Usml, t);
                await WriteNullableAsync(w, r.Eccn, t);
                await WriteNullableAsync(w, r.JpControl, t);
                await WriteNullableAsync(w, r.FiveCategory?.ToString(), t);
                await w.WriteAsync(r.Illustrative, NpgsqlDbType.Boolean, t);
                await WriteMarkingAsync(w, r.Marking, t);
                await WriteTrackedAsync(w, t);
            }, ct);

        public override Task OffersAsync(IReadOnlyList<OfferRow> rows, bool markingGiven, CancellationToken ct) =>
            CopyAsync("Offers", rows, OfferColumns + TrackedColumns, "\"Id\"", UpdateSet(OfferColumns, markingGiven) + TouchUpdatedAt, async (w, r, t) =>
            {
                await w.WriteAsync(r.Id, NpgsqlDbType.Varchar, t);
                await w.WriteAsync(r.PartId, NpgsqlDbType.Varchar, t);
                await w.WriteAsync(r.FacilityId, NpgsqlDbType.Varchar, t);
                await w.WriteAsync(r.CapacityPerMonth, NpgsqlDbType.Numeric, t);
                await w.WriteAsync(r.LeadTimeDays, NpgsqlDbType.Integer, t);
                await w.WriteAsync(r.UnitCostUsd, NpgsqlDbType.Numeric, t);
                await w.WriteAsync(r.Qualified, NpgsqlDbType.Boolean, t);
                await w.WriteAsync(r.Illustrative, NpgsqlDbType.Boolean, t);
                await WriteMarkingAsync(w, r.Marking, t);
                await WriteTrackedAsync(w, t);
            }, ct);

        public override Task OfferInputsAsync(IReadOnlyList<OfferInputRow> rows, CancellationToken ct) =>
            CopyAsync("OfferInputs", rows, "\"OfferId\", \"InputPartId\", \"QuantityPerUnit\"", "\"OfferId\", \"InputPartId\"",
                "\"QuantityPerUnit\" = excluded.\"QuantityPerUnit\"", async (w, r, t) =>
                {
                    await w.WriteAsync(r.OfferId, NpgsqlDbType.Varchar, t);
                    await w.WriteAsync(r.InputPartId, NpgsqlDbType.Varchar, t);
                    await w.WriteAsync(r.QuantityPerUnit, NpgsqlDbType.Numeric, t);
                }, ct);

        public override Task ApprovedSourcesAsync(IReadOnlyList<ApprovedSourceRow> rows, CancellationToken ct)
        {
            const string columns = "\"OfferId\", \"InputPartId\", \"SourceOfferId\"";
            return CopyAsync("ApprovedSources", rows, columns, columns, "", async (w, r, t) =>
            {
                await w.WriteAsync(r.OfferId, NpgsqlDbType.Varchar, t);
                await w.WriteAsync(r.InputPartId, NpgsqlDbType.Varchar, t);
                await w.WriteAsync(r.SourceOfferId, NpgsqlDbType.Varchar, t);
            }, ct);
        }
    }

    private sealed class Sqlite(SqliteConnection connection, SqliteTransaction transaction, DateTimeOffset now) : PackageWriter
    {
        private (SqliteCommand Command, SqliteParameter[] Parameters) Prepare(string table, string columns, string key, string update, bool tracked)
        {
            var all = tracked ? columns + ", \"CreatedAt\", \"UpdatedAt\", \"Sources\", \"Version\"" : columns;
            var names = all.Split(", ");
            var placeholders = string.Join(", ", names.Select((_, i) => "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var set = tracked ? update + ", \"UpdatedAt\" = excluded.\"UpdatedAt\", \"Version\" = \"Version\" + 1" : update;
            var conflict = set.Length == 0 ? "DO NOTHING" : "DO UPDATE SET " + set;
            var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandText = $"INSERT INTO \"{table}\" ({all}) VALUES ({placeholders}) ON CONFLICT ({key}) {conflict}";
            var parameters = names.Select((_, i) => cmd.Parameters.Add(new SqliteParameter("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), null))).ToArray();
            cmd.Prepare();
            return (cmd, parameters);
        }

        private static int SetMarking(SqliteParameter[] p, int i, Marking m)
        {
            p[i++].Value = m.Cui;
            p[i++].Value = m.Categories;
            p[i++].Value = m.NoForn;
            p[i++].Value = m.RelTo;
            p[i++].Value = m.FedOnly;
            p[i++].Value = (object?)m.NeedToKnow ?? DBNull.Value;
            return i;
        }

        private void SetTracked(SqliteParameter[] p, int i)
        {
            p[i++].Value = now;
            p[i++].Value = now;
            p[i++].Value = "[]";
            p[i].Value = 1;
        }

        private async Task RunAsync<T>(IReadOnlyList<T> rows, SqliteCommand cmd, Action<T> bind, CancellationToken ct)
        {
            long n = 0;
            foreach (var r in rows)
            {
                bind(r);
                await cmd.ExecuteNonQueryAsync(ct);
                if (++n % 10000 == 0)
                {
                    Progress?.Invoke(10000);
                }
            }
            Progress?.Invoke(n % 10000);
            await cmd.DisposeAsync();
        }

        private static object Db(string? value) => (object?)value ?? DBNull.Value;

        public override Task PartsAsync(IReadOnlyList<PartRow> rows, bool markingGiven, CancellationToken ct)
        {
            var (cmd, p) = Prepare("Parts", PartColumns, "\"Id\"", UpdateSet(PartColumns, markingGiven), tracked: true);
            return RunAsync(rows, cmd, r =>
            {
                p[0].Value = r.Id;
                p[1].Value = r.Name;
                p[2].Value = Db(r.NameJa);
                p[3].Value = r.EndItem;
                p[4].Value = r.Weapon;
                p[5].Value = Db(r.Usml);
                p[6].Value = Db(r.Eccn);
                p[7].Value = Db(r.JpControl);
                p[8].Value = Db(r.FiveCategory?.ToString());
                p[9].Value = r.Illustrative;
                SetTracked(p, SetMarking(p, 10, r.Marking));
            }, ct);
        }

        public override Task OffersAsync(IReadOnlyList<OfferRow> rows, bool markingGiven, CancellationToken ct)
        {
            var (cmd, p) = Prepare("Offers", OfferColumns, "\"Id\"", UpdateSet(OfferColumns, markingGiven), tracked: true);
            return RunAsync(rows, cmd, r =>
            {
                p[0].Value = r.Id;
                p[1].Value = r.PartId;
                p[2].Value = r.FacilityId;
                p[3].Value = (double)r.CapacityPerMonth;
                p[4].Value = r.LeadTimeDays;
                p[5].Value = (double)r.UnitCostUsd;
                p[6].Value = r.Qualified;
                p[7].Value = r.Illustrative;
                SetTracked(p, SetMarking(p, 8, r.Marking));
            }, ct);
        }

        public override Task OfferInputsAsync(IReadOnlyList<OfferInputRow> rows, CancellationToken ct)
        {
            var (cmd, p) = Prepare("OfferInputs", "\"OfferId\", \"InputPartId\", \"QuantityPerUnit\"", "\"OfferId\", \"InputPartId\"",
                "\"QuantityPerUnit\" = excluded.\"QuantityPerUnit\"", tracked: false);
            return RunAsync(rows, cmd, r =>
            {
                p[0].Value = r.OfferId;
                p[1].Value = r.InputPartId;
                p[2].Value = (double)r.QuantityPerUnit;
            }, ct);
        }

        public override Task ApprovedSourcesAsync(IReadOnlyList<ApprovedSourceRow> rows, CancellationToken ct)
        {
            const string columns = "\"OfferId\", \"InputPartId\", \"SourceOfferId\"";
            var (cmd, p) = Prepare("ApprovedSources", columns, columns, "", tracked: false);
            return RunAsync(rows, cmd, r =>
            {
                p[0].Value = r.OfferId;
                p[1].Value = r.InputPartId;
                p[2].Value = r.SourceOfferId;
            }, ct);
        }
    }
}
