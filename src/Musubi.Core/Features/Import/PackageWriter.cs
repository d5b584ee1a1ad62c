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
internal abstract partial class PackageWriter
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

    protected const string MarkingColumns = "\"MarkingCui\", \"MarkingCategories\", \"MarkingNoForn\", \"MarkingRelTo\", \"MarkingFedOnly\", \"MarkingNeedToKnow\", \"MarkingDisplayOnly\"";
    protected const string PartColumns = "\"Id\", \"Name\", \"NameJa\", \"EndItem\", \"Weapon\", \"Usml\", \"Eccn\", \"JpControl\", \"FiveCategory\", \"Illustrative\", " + MarkingColumns;
    protected const string OfferColumns = "\"Id\", \"PartId\", \"FacilityId\", \"CapacityPerMonth\", \"LeadTimeDays\", \"UnitCostUsd\", \"Qualified\", \"Illustrative\", " + MarkingColumns;

    protected static string UpdateSet(string columns, bool markingGiven = true) => string.Join(", ", columns.Split(", ")
        .Where(c => c != "\"Id\"" && (markingGiven || !c.StartsWith("\"Marking", StringComparison.Ordinal)))
        .Select(c => $"{c} = excluded.{c}"));

}
