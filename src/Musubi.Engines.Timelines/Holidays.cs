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
/// <remarks>
/// Japan: 国民の祝日に関する法律 (Act on National Holidays, Act No. 178 of 1948) as amended — holidays, 振替休日 (from
/// 1973-04-12; from 2007 the next day that is not a national holiday), 国民の休日 (from 1985-12-27) — plus the one-off
/// days made by their own laws (1959, 1989, 1990, 1993, 2019) and the Olympic moves of 2020 and 2021 (the Tokyo 2020
/// Games special measures act, as amended in 2018 and 2020). United States: 5 U.S.C. 6103(a) and the observed-day rule of 5 U.S.C. 6103(b) / Executive Order 11582
/// (Saturday → the Friday before, Sunday → the Monday after). Ad-hoc closures by executive order are not rules and are not
/// included. See docs/engines/timelines.md.
/// </remarks>
public static class Holidays
{
    /// <summary>The countries with holiday rules: <c>JP</c> and <c>US</c>.</summary>
    public static readonly IReadOnlyList<string> Countries = ["JP", "US"];

    /// <summary>The first year computed (both countries' current rule sets cover it).</summary>
    public const int MinYear = 1949;

    /// <summary>The last year computed (Japan's equinox formula is published for years to 2099).</summary>
    public const int MaxYear = 2099;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Country, int Year), System.Collections.ObjectModel.ReadOnlyCollection<Holiday>> Cache = new();

    /// <summary>Every holiday falling in <paramref name="year"/> (by the date it is taken), in date order.</summary>
    /// <exception cref="TimelineInputException">unknown country or year outside <see cref="MinYear"/>–<see cref="MaxYear"/>.</exception>
    public static IReadOnlyList<Holiday> For(string country, int year)
    {
        CheckCountry(country);
        CheckYear(year);
        // Read-only: the cached lists are shared by every caller.
        return Cache.GetOrAdd((country, year), key => (key.Country == "JP" ? Japan(key.Year) : UnitedStates(key.Year)).AsReadOnly());
    }

    /// <summary>The holiday on <paramref name="date"/>, or null.</summary>
    /// <exception cref="TimelineInputException">unknown country or a date outside the supported years.</exception>
    public static Holiday? On(string country, DateOnly date)
    {
        foreach (var holiday in For(country, date.Year))
        {
            if (holiday.Date == date)
            {
                return holiday;
            }
        }

        return null;
    }

    internal static void CheckCountry(string country)
    {
        if (country is not ("JP" or "US"))
        {
            throw new TimelineInputException("country", $"'{country}' has no holiday rules; use JP or US");
        }
    }

    internal static void CheckYear(int year)
    {
        if (year is < MinYear or > MaxYear)
        {
            throw new TimelineInputException("year", $"{year} is outside the supported years {MinYear}–{MaxYear}");
        }
    }

    /// <summary>The <paramref name="nth"/> <paramref name="weekday"/> of a month (nth = -1: the last).</summary>
    internal static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int nth)
    {
        if (nth < 0)
        {
            var last = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
            return last.AddDays(-(((int)last.DayOfWeek - (int)weekday + 7) % 7));
        }

        var first = new DateOnly(year, month, 1);
        return first.AddDays((((int)weekday - (int)first.DayOfWeek + 7) % 7) + (7 * (nth - 1)));
    }

    /// <summary>Day of March of the vernal equinox (Japan's 春分の日), by the National Astronomical Observatory of Japan's
    /// formula for 1900–2099.</summary>
    internal static int VernalEquinoxDay(int year) => year < 1980
        ? (int)(Math.Floor(20.8357m + (0.242194m * (year - 1980))) - Math.Floor((year - 1983) / 4m))
        : (int)(Math.Floor(20.8431m + (0.242194m * (year - 1980))) - Math.Floor((year - 1980) / 4m));

    /// <summary>Day of September of the autumnal equinox (秋分の日), by the same formula.</summary>
    internal static int AutumnalEquinoxDay(int year) => year < 1980
        ? (int)(Math.Floor(23.2588m + (0.242194m * (year - 1980))) - Math.Floor((year - 1983) / 4m))
        : (int)(Math.Floor(23.2488m + (0.242194m * (year - 1980))) - Math.Floor((year - 1980) / 4m));

    private static List<Holiday> Japan(int y)
    {
        // The national holidays (国民の祝日) of year y, and the one-off days treated as such by their own laws.
        var days = new List<Holiday>();
        void Add(int month, int day, string en, string ja, HolidayKind kind = HolidayKind.Statutory) =>
            days.Add(new Holiday(new DateOnly(y, month, day), en, ja, kind));
        void AddDate(DateOnly date, string en, string ja) => days.Add(new Holiday(date, en, ja, HolidayKind.Statutory));

        Add(1, 1, "New Year's Day", "元日");
        AddDate(y < 2000 ? new DateOnly(y, 1, 15) : NthWeekday(y, 1, DayOfWeek.Monday, 2), "Coming of Age Day", "成人の日");
        if (y >= 1967)
        {
            Add(2, 11, "National Foundation Day", "建国記念の日");
        }

        if (y >= 2020)
        {
            Add(2, 23, "Emperor's Birthday", "天皇誕生日");
        }

        Add(3, VernalEquinoxDay(y), "Vernal Equinox Day", "春分の日");
        if (y <= 1988)
        {
            Add(4, 29, "Emperor's Birthday", "天皇誕生日");
        }
        else if (y <= 2006)
        {
            Add(4, 29, "Greenery Day", "みどりの日");
        }
        else
        {
            Add(4, 29, "Showa Day", "昭和の日");
        }

        Add(5, 3, "Constitution Memorial Day", "憲法記念日");
        if (y >= 2007)
        {
            Add(5, 4, "Greenery Day", "みどりの日");
        }

        Add(5, 5, "Children's Day", "こどもの日");
        if (y is >= 1996 and <= 2002)
        {
            Add(7, 20, "Marine Day", "海の日");
        }
        else if (y == 2020)
        {
            Add(7, 23, "Marine Day", "海の日");
        }
        else if (y == 2021)
        {
            Add(7, 22, "Marine Day", "海の日");
        }
        else if (y >= 2003)
        {
            AddDate(NthWeekday(y, 7, DayOfWeek.Monday, 3), "Marine Day", "海の日");
        }

        if (y == 2020)
        {
            Add(8, 10, "Mountain Day", "山の日");
        }
        else if (y == 2021)
        {
            Add(8, 8, "Mountain Day", "山の日");
        }
        else if (y >= 2016)
        {
            Add(8, 11, "Mountain Day", "山の日");
        }

        if (y is >= 1966 and <= 2002)
        {
            Add(9, 15, "Respect for the Aged Day", "敬老の日");
        }
        else if (y >= 2003)
        {
            AddDate(NthWeekday(y, 9, DayOfWeek.Monday, 3), "Respect for the Aged Day", "敬老の日");
        }

        Add(9, AutumnalEquinoxDay(y), "Autumnal Equinox Day", "秋分の日");
        if (y is >= 1966 and <= 1999)
        {
            Add(10, 10, "Health and Sports Day", "体育の日");
        }
        else if (y is >= 2000 and <= 2019)
        {
            AddDate(NthWeekday(y, 10, DayOfWeek.Monday, 2), "Health and Sports Day", "体育の日");
        }
        else if (y == 2020)
        {
            Add(7, 24, "Sports Day", "スポーツの日");
        }
        else if (y == 2021)
        {
            Add(7, 23, "Sports Day", "スポーツの日");
        }
        else if (y >= 2022)
        {
            AddDate(NthWeekday(y, 10, DayOfWeek.Monday, 2), "Sports Day", "スポーツの日");
        }

        Add(11, 3, "Culture Day", "文化の日");
        Add(11, 23, "Labor Thanksgiving Day", "勤労感謝の日");
        if (y is >= 1989 and <= 2018)
        {
            Add(12, 23, "Emperor's Birthday", "天皇誕生日");
        }

        // One-off days by their own laws; each is treated as a national holiday (so 2019-04-30 and 2019-05-02 fall
        // between two of them).
        foreach (var special in JapanSpecialDays)
        {
            if (special.Date.Year == y)
            {
                days.Add(special);
            }
        }

        var national = days.Select(d => d.Date).ToHashSet();

        // 振替休日: from 1973-04-12 a national holiday on a Sunday gives the next day off (when it is not itself a holiday);
        // from 2007 the nearest following day that is not a national holiday.
        var substitutes = new List<Holiday>();
        foreach (var day in days)
        {
            if (day.Date.DayOfWeek != DayOfWeek.Sunday || day.Date < new DateOnly(1973, 4, 12))
            {
                continue;
            }

            var next = day.Date.AddDays(1);
            if (y >= 2007)
            {
                while (national.Contains(next))
                {
                    next = next.AddDays(1);
                }
            }
            else if (national.Contains(next))
            {
                continue;
            }

            substitutes.Add(new Holiday(next, "Substitute Holiday", "休日（振替休日）", HolidayKind.Substitute));
        }

        days.AddRange(substitutes);
        var taken = days.Select(d => d.Date).ToHashSet();

        // 国民の休日: from 1985-12-27 a day that is not a Sunday nor already a holiday, between two national holidays.
        foreach (var day in national.Order().ToList())
        {
            var between = day.AddDays(1);
            if (between >= new DateOnly(1985, 12, 27) && between.Year == y && between.DayOfWeek != DayOfWeek.Sunday
                && !taken.Contains(between) && national.Contains(between.AddDays(1)))
            {
                days.Add(new Holiday(between, "Citizens' Holiday", "国民の休日", HolidayKind.Citizens));
                taken.Add(between);
            }
        }

        days.Sort((a, b) => a.Date.CompareTo(b.Date));
        return days;
    }

    private static readonly Holiday[] JapanSpecialDays =
    [
        // 皇太子明仁親王の結婚の儀の行われる日を休日とする法律 (1959)
        new(new DateOnly(1959, 4, 10), "The Rite of Wedding of Crown Prince Akihito", "皇太子明仁親王の結婚の儀", HolidayKind.Special),

        // 昭和天皇の大喪の礼の行われる日を休日とする法律 (1989)
        new(new DateOnly(1989, 2, 24), "The Funeral Ceremony of Emperor Showa", "昭和天皇の大喪の礼", HolidayKind.Special),

        // 即位礼正殿の儀の行われる日を休日とする法律 (1990)
        new(new DateOnly(1990, 11, 12), "The Ceremony of the Enthronement of the Emperor", "即位礼正殿の儀", HolidayKind.Special),

        // 皇太子徳仁親王の結婚の儀の行われる日を休日とする法律 (1993)
        new(new DateOnly(1993, 6, 9), "The Rite of Wedding of Crown Prince Naruhito", "皇太子徳仁親王の結婚の儀", HolidayKind.Special),

        // 天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律 (平成30年法律第99号)
        new(new DateOnly(2019, 5, 1), "The Day of the Emperor's Enthronement", "天皇の即位の日", HolidayKind.Special),
        new(new DateOnly(2019, 10, 22), "The Day of the Ceremony of the Enthronement", "即位礼正殿の儀の行われる日", HolidayKind.Special),
    ];

    private static List<Holiday> UnitedStates(int y)
    {
        // The holidays of year y and of y + 1 (New Year's Day on a Saturday is taken on December 31 of y), each moved to
        // the day it is taken, then those taken in y.
        var taken = new List<Holiday>();
        foreach (var year in new[] { y, y + 1 })
        {
            foreach (var (date, en, ja) in UnitedStatesLegal(year))
            {
                var observed = date.DayOfWeek switch
                {
                    DayOfWeek.Saturday => date.AddDays(-1),
                    DayOfWeek.Sunday => date.AddDays(1),
                    _ => date,
                };
                var holiday = observed == date
                    ? new Holiday(date, en, ja, HolidayKind.Statutory)
                    : new Holiday(observed, en + " (observed)", ja + "（振替）", HolidayKind.Observed);
                if (holiday.Date.Year == y)
                {
                    taken.Add(holiday);
                }
            }
        }

        taken.Sort((a, b) => a.Date.CompareTo(b.Date));
        return taken;
    }

    private static IEnumerable<(DateOnly Date, string Name, string NameJa)> UnitedStatesLegal(int y)
    {
        yield return (new DateOnly(y, 1, 1), "New Year's Day", "元日");
        if (y >= 1986)
        {
            yield return (NthWeekday(y, 1, DayOfWeek.Monday, 3), "Birthday of Martin Luther King, Jr.", "キング牧師記念日");
        }

        yield return (y <= 1970 ? new DateOnly(y, 2, 22) : NthWeekday(y, 2, DayOfWeek.Monday, 3), "Washington's Birthday", "ワシントン誕生日");
        yield return (y <= 1970 ? new DateOnly(y, 5, 30) : NthWeekday(y, 5, DayOfWeek.Monday, -1), "Memorial Day", "戦没将兵追悼記念日");
        if (y >= 2021)
        {
            yield return (new DateOnly(y, 6, 19), "Juneteenth National Independence Day", "ジューンティーンス独立記念日");
        }

        yield return (new DateOnly(y, 7, 4), "Independence Day", "独立記念日");
        yield return (NthWeekday(y, 9, DayOfWeek.Monday, 1), "Labor Day", "労働者の日");
        yield return (y <= 1970 ? new DateOnly(y, 10, 12) : NthWeekday(y, 10, DayOfWeek.Monday, 2), "Columbus Day", "コロンブス・デー");
        yield return (y is >= 1971 and <= 1977 ? NthWeekday(y, 10, DayOfWeek.Monday, 4) : new DateOnly(y, 11, 11), "Veterans Day", "退役軍人の日");
        yield return (NthWeekday(y, 11, DayOfWeek.Thursday, 4), "Thanksgiving Day", "感謝祭");
        yield return (new DateOnly(y, 12, 25), "Christmas Day", "クリスマス");
    }
}

/// <summary>
/// Business days of one country: Monday to Friday, less that country's public holidays. Immutable and thread-safe;
/// holidays are computed per year on first use.
/// </summary>
public sealed class BusinessCalendar
{
    private static readonly DateOnly First = new(Holidays.MinYear, 1, 1);
    private static readonly DateOnly Last = new(Holidays.MaxYear, 12, 31);
    private static readonly BusinessCalendar Japan = new("JP");
    private static readonly BusinessCalendar UnitedStates = new("US");

    // cumulative[i] = business days from First to First + i - 1 (cumulative[0] = 0), built once per country.
    private readonly Lazy<int[]> cumulative;

    private BusinessCalendar(string country)
    {
        Country = country;
        cumulative = new Lazy<int[]>(Build, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The country code (<c>JP</c> or <c>US</c>).</summary>
    public string Country { get; }

    /// <summary>The first day business days are known for.</summary>
    public static DateOnly MinDate => First;

    /// <summary>The last day business days are known for.</summary>
    public static DateOnly MaxDate => Last;

    /// <summary>The calendar of <paramref name="country"/>.</summary>
    /// <exception cref="TimelineInputException">unknown country.</exception>
    public static BusinessCalendar For(string country)
    {
        Holidays.CheckCountry(country);
        return country == "JP" ? Japan : UnitedStates;
    }

    /// <summary>Whether <paramref name="date"/> is a weekday and not a public holiday.</summary>
    /// <exception cref="TimelineInputException">a date outside the supported years.</exception>
    public bool IsBusinessDay(DateOnly date)
    {
        var index = Index(date, "date");
        var c = cumulative.Value;
        return c[index + 1] > c[index];
    }

    /// <summary>Business days from <paramref name="from"/> to <paramref name="to"/>, both ends included.</summary>
    /// <exception cref="TimelineInputException"><paramref name="to"/> before <paramref name="from"/>, or a year out of range.</exception>
    public int Count(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw new TimelineInputException("to", $"{to:yyyy-MM-dd} is before {from:yyyy-MM-dd}");
        }

        var c = cumulative.Value;
        return c[Index(to, "to") + 1] - c[Index(from, "from")];
    }

    /// <summary>The <paramref name="days"/>-th business day after <paramref name="start"/> (start itself not counted);
    /// <paramref name="start"/> when <paramref name="days"/> is 0. "Review within 5 business days" of a Monday
    /// submission is due the following Monday when no holiday intervenes.</summary>
    /// <exception cref="TimelineInputException">negative <paramref name="days"/>, or a date outside the supported years.</exception>
    public DateOnly Add(DateOnly start, int days)
    {
        if (days < 0)
        {
            throw new TimelineInputException("days", $"{days} is negative");
        }

        var s = Index(start, "start");
        if (days == 0)
        {
            return start;
        }

        var c = cumulative.Value;
        var target = c[s + 1] + days;
        if (target > c[^1])
        {
            throw new TimelineInputException("year", $"{days} business days after {start:yyyy-MM-dd} is after {Holidays.MaxYear}");
        }

        // The smallest i with c[i + 1] >= target: the day whose count reaches the target.
        int lo = s + 1, hi = c.Length - 2;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (c[mid + 1] >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return First.AddDays(lo);
    }

    private static int Index(DateOnly date, string field)
    {
        if (date < First || date > Last)
        {
            throw new TimelineInputException(
                field == "date" ? "year" : field,
                $"{date:yyyy-MM-dd} is outside the supported years {Holidays.MinYear}–{Holidays.MaxYear}");
        }

        return date.DayNumber - First.DayNumber;
    }

    private int[] Build()
    {
        var length = Last.DayNumber - First.DayNumber + 1;
        var holiday = new bool[length];
        for (var year = Holidays.MinYear; year <= Holidays.MaxYear; year++)
        {
            foreach (var h in Holidays.For(Country, year))
            {
                holiday[h.Date.DayNumber - First.DayNumber] = true;
            }
        }

        var c = new int[length + 1];
        var day = First;
        for (var i = 0; i < length; i++, day = day.AddDays(1))
        {
            var business = day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holiday[i];
            c[i + 1] = c[i] + (business ? 1 : 0);
        }

        return c;
    }
}
