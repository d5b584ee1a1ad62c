using System.Data.Common;
using Microsoft.Data.Sqlite;
using Musubi.Core.Features.Access;
using Npgsql;
using NpgsqlTypes;

namespace Musubi.Core.Features.Import;

internal abstract partial class PackageWriter
{
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
            p[i++].Value = m.DisplayOnly;
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

        public override Task OffersAsync(IReadOnlyList<OfferRow> rows, bool markingGiven, OfferQualificationGiven qualificationGiven, CancellationToken ct)
        {
            var (cmd, p) = Prepare("Offers", OfferColumns, "\"Id\"", OfferUpdateSet(markingGiven, qualificationGiven), tracked: true);
            return RunAsync(rows, cmd, r =>
            {
                p[0].Value = r.Id;
                p[1].Value = r.PartId;
                p[2].Value = r.FacilityId;
                p[3].Value = (double)r.CapacityPerMonth;
                p[4].Value = r.LeadTimeDays;
                p[5].Value = (double)r.UnitCostUsd;
                p[6].Value = r.Qualified;
                p[7].Value = (object?)r.QualificationMonths ?? DBNull.Value;
                p[8].Value = r.QualificationCostUsd is { } cost ? (double)cost : DBNull.Value;
                p[9].Value = r.Illustrative;
                SetTracked(p, SetMarking(p, 10, r.Marking));
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
