using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Musubi.Core.Data;
using Npgsql;
using NpgsqlTypes;

namespace Musubi.Core.Features.Screening;

/// <summary>
/// Writes a version's entries inside the caller's open transaction, without EF's change tracker: PostgreSQL by binary
/// COPY, SQLite by one prepared INSERT reused for every row. Saving 100,000 entries through EF took most of an import.
/// </summary>
internal static class ScreeningEntryWriter
{
    private const string Columns = "\"VersionId\", \"EntityId\", \"Schema\", \"Names\", \"Countries\", \"Identifiers\", \"Programs\", \"Caption\"";

    public static async Task WriteAsync(AppDbContext db, IEnumerable<ScreeningListEntry> entries, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("entries are written inside the import's transaction");
        if (db.IsPostgres)
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var copy = await connection.BeginBinaryImportAsync($"COPY \"ScreeningListEntries\" ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var e in entries)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(e.VersionId, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(e.EntityId, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(e.Schema, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(e.Names, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Countries, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Identifiers, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Programs, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(e.Caption, NpgsqlDbType.Varchar, ct);
            }
            await copy.CompleteAsync(ct);
            return;
        }
        var sqlite = (SqliteConnection)db.Database.GetDbConnection();
        await using var insert = sqlite.CreateCommand();
        insert.Transaction = (SqliteTransaction)transaction;
        insert.CommandText = $"INSERT INTO \"ScreeningListEntries\" ({Columns}) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7)";
        var p = Enumerable.Range(0, 8).Select(i => insert.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), SqliteType.Text))).ToArray();
        await insert.PrepareAsync(ct);
        foreach (var e in entries)
        {
            p[0].Value = e.VersionId;
            p[1].Value = e.EntityId;
            p[2].Value = e.Schema;
            p[3].Value = e.Names;
            p[4].Value = e.Countries;
            p[5].Value = e.Identifiers;
            p[6].Value = e.Programs;
            p[7].Value = e.Caption;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }
}
