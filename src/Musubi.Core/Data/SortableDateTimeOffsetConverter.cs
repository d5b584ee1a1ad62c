using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Musubi.Core.Data;

/// <summary>
/// SQLite only: stores a <see cref="DateTimeOffset"/> as the same ISO-8601 text EF Core writes by default, but always
/// in UTC, and tells EF it is text — so that SQLite can sort and compare it (as text, which orders UTC instants
/// correctly) instead of refusing to translate ORDER BY and comparisons on DateTimeOffset.
/// </summary>
public sealed class SortableDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, string>(
    v => v.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture),
    v => DateTimeOffset.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))
{
    /// <summary>EF Core's own SQLite format for DateTimeOffset; existing rows read back unchanged.</summary>
    public const string Format = "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz";
}
