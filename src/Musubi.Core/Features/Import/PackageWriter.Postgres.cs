using System.Data.Common;
using Microsoft.Data.Sqlite;
using Musubi.Core.Features.Access;
using Npgsql;
using NpgsqlTypes;

namespace Musubi.Core.Features.Import;

internal abstract partial class PackageWriter
{
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
            await w.WriteAsync(m.DisplayOnly, NpgsqlDbType.Varchar, ct);
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

        public override Task OffersAsync(IReadOnlyList<OfferRow> rows, bool markingGiven, OfferQualificationGiven qualificationGiven, CancellationToken ct) =>
            CopyAsync("Offers", rows, OfferColumns + TrackedColumns, "\"Id\"", OfferUpdateSet(markingGiven, qualificationGiven) + TouchUpdatedAt, async (w, r, t) =>
            {
                await w.WriteAsync(r.Id, NpgsqlDbType.Varchar, t);
                await w.WriteAsync(r.PartId, NpgsqlDbType.Varchar, t);
                await w.WriteAsync(r.FacilityId, NpgsqlDbType.Varchar, t);
                await w.WriteAsync(r.CapacityPerMonth, NpgsqlDbType.Numeric, t);
                await w.WriteAsync(r.LeadTimeDays, NpgsqlDbType.Integer, t);
                await w.WriteAsync(r.UnitCostUsd, NpgsqlDbType.Numeric, t);
                await w.WriteAsync(r.Qualified, NpgsqlDbType.Boolean, t);
                if (r.QualificationMonths is { } months)
                {
                    await w.WriteAsync(months, NpgsqlDbType.Integer, t);
                }
                else
                {
                    await w.WriteNullAsync(t);
                }
                if (r.QualificationCostUsd is { } cost)
                {
                    await w.WriteAsync(cost, NpgsqlDbType.Numeric, t);
                }
                else
                {
                    await w.WriteNullAsync(t);
                }
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
}
