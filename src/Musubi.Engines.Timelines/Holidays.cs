namespace Musubi.Engines.Timelines;

/// <summary>What made a day a holiday.</summary>
public enum HolidayKind
{
    /// <summary>A holiday the law names (Japan's Act on National Holidays; 5 U.S.C. 6103(a)).</summary>
    Statutory,

    /// <summary>Japan's substitute holiday (振替休日): a holiday on a Sunday moves to the next day that is not one.</summary>
    Substitute,

    /// <summary>Japan's citizens' holiday (国民の休日): a weekday between two holidays.</summary>
    Citizens,

    /// <summary>A U.S. holiday observed on another day: Saturday's on the Friday before, Sunday's on the Monday after.</summary>
    Observed,

    /// <summary>A one-off holiday made by its own law (e.g. Japan's 2019 enthronement days).</summary>
    Special,
}

/// <summary>One public holiday: the day off, its names in English and Japanese, and why.</summary>
/// <param name="Date">The day that is not a business day.</param>
/// <param name="Name">English name (for an observed day, the holiday's name with "(observed)").</param>
/// <param name="NameJa">Japanese name.</param>
/// <param name="Kind">Statutory, substitute, citizens', observed or special.</param>
public sealed record Holiday(DateOnly Date, string Name, string NameJa, HolidayKind Kind);

/// <summary>Public holidays computed by rule for any supported year, as the laws stood in that year.</summary>
public static class Holidays
{
    /// <summary>The countries with holiday rules: <c>JP</c> and <c>US</c>.</summary>
    public static readonly IReadOnlyList<string> Countries = ["JP", "US"];

    /// <summary>The first year computed (both countries' current rule sets cover it).</summary>
    public const int MinYear = 1949;

    /// <summary>The last year computed (Japan's equinox formula is published for years to 2099).</summary>
    public const int MaxYear = 2099;

    /// <summary>Every holiday falling in <paramref name="year"/> (by the date it is taken), in date order.</summary>
    /// <exception cref="TimelineInputException">unknown country or year outside <see cref="MinYear"/>–<see cref="MaxYear"/>.</exception>
    public static IReadOnlyList<Holiday> For(string country, int year) => throw new NotSupportedException();

    /// <summary>The holiday on <paramref name="date"/>, or null.</summary>
    public static Holiday? On(string country, DateOnly date) => throw new NotSupportedException();
}

/// <summary>
/// Business days of one country: Monday to Friday, less that country's public holidays. Immutable and thread-safe;
/// holidays are computed per year on first use.
/// </summary>
public sealed class BusinessCalendar
{
    private BusinessCalendar(string country) => Country = country;

    /// <summary>The country code (<c>JP</c> or <c>US</c>).</summary>
    public string Country { get; }

    /// <summary>The calendar of <paramref name="country"/>.</summary>
    /// <exception cref="TimelineInputException">unknown country.</exception>
    public static BusinessCalendar For(string country) => throw new NotSupportedException();

    /// <summary>Whether <paramref name="date"/> is a weekday and not a public holiday.</summary>
    public bool IsBusinessDay(DateOnly date) => throw new NotSupportedException();

    /// <summary>Business days from <paramref name="from"/> to <paramref name="to"/>, both ends included.</summary>
    /// <exception cref="TimelineInputException"><paramref name="to"/> before <paramref name="from"/>, or a year out of range.</exception>
    public int Count(DateOnly from, DateOnly to) => throw new NotSupportedException();

    /// <summary>The <paramref name="days"/>-th business day after <paramref name="start"/> (start itself not counted);
    /// <paramref name="start"/> when <paramref name="days"/> is 0. "Review within 5 business days" of a Monday
    /// submission is due the following Monday when no holiday intervenes.</summary>
    public DateOnly Add(DateOnly start, int days) => throw new NotSupportedException();
}
