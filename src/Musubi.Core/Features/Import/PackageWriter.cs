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

    /// <summary>
    /// Upserts offers; as with markings, a qualification column the file did not have leaves the stored values alone, so
    /// that re-importing an older package does not erase qualification figures entered since.
    /// </summary>
    public abstract Task OffersAsync(IReadOnlyList<OfferRow> rows, bool markingGiven, OfferQualificationGiven qualificationGiven, CancellationToken ct);
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
    protected const string OfferColumns = "\"Id\", \"PartId\", \"FacilityId\", \"CapacityPerMonth\", \"LeadTimeDays\", \"UnitCostUsd\", \"Qualified\", \"QualificationMonths\", \"QualificationCostUsd\", \"Illustrative\", " + MarkingColumns;

    protected static string UpdateSet(string columns, bool markingGiven = true) => string.Join(", ", columns.Split(", ")
        .Where(c => c != "\"Id\"" && (markingGiven || !c.StartsWith("\"Marking", StringComparison.Ordinal)))
        .Select(c => $"{c} = excluded.{c}"));

    /// <summary>The offers' update set: markings and qualification columns only when the file carried them.</summary>
    protected static string OfferUpdateSet(bool markingGiven, OfferQualificationGiven given) => string.Join(", ", UpdateSet(OfferColumns, markingGiven).Split(", ")
        .Where(c => (given.Months || !c.StartsWith("\"QualificationMonths\"", StringComparison.Ordinal))
            && (given.Cost || !c.StartsWith("\"QualificationCostUsd\"", StringComparison.Ordinal))));

}

/// <summary>Which of the optional qualification columns an offers file had.</summary>
internal readonly record struct OfferQualificationGiven(bool Months, bool Cost)
{
    public static readonly OfferQualificationGiven Both = new(true, true);
}
