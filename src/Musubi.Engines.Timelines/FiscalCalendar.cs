namespace Musubi.Engines.Timelines;

/// <summary>
/// A government's acquisition calendar: its country (for business days), when its fiscal year starts and how years are
/// named, and the annual events its budget process runs on (e.g. Japan's budget request at the end of August, the U.S.
/// President's budget request on the first Monday of February).
/// </summary>
/// <param name="Id">Calendar id used by steps (<c>US</c>, <c>JP</c>).</param>
/// <param name="Country">Country whose holidays count for business-day durations.</param>
/// <param name="FiscalYearStartMonth">First month of the fiscal year (U.S. 10, Japan 4).</param>
/// <param name="FiscalYearNamedByEnd">True when fiscal year N ends in calendar year N (U.S.: FY2027 is Oct 2026–Sep 2027);
/// false when it starts in year N (Japan: FY2027, 令和9年度, is Apr 2027–Mar 2028).</param>
/// <param name="Events">Annual events steps may be tied to.</param>
public sealed record FiscalCalendar(string Id, string Country, int FiscalYearStartMonth, bool FiscalYearNamedByEnd, IReadOnlyList<AnnualEvent> Events)
{
    /// <summary>The fiscal year (by this calendar's naming) that contains <paramref name="date"/>.</summary>
    public int FiscalYearOf(DateOnly date)
    {
        var startYear = date.Month >= FiscalYearStartMonth ? date.Year : date.Year - 1;
        return FiscalYearNamedByEnd && FiscalYearStartMonth != 1 ? startYear + 1 : startYear;
    }

    /// <summary>The first day of fiscal year <paramref name="fiscalYear"/>.</summary>
    public DateOnly FiscalYearStart(int fiscalYear) =>
        new(FiscalYearNamedByEnd && FiscalYearStartMonth != 1 ? fiscalYear - 1 : fiscalYear, FiscalYearStartMonth, 1);

    /// <summary>The last day of fiscal year <paramref name="fiscalYear"/>.</summary>
    public DateOnly FiscalYearEnd(int fiscalYear) => FiscalYearStart(fiscalYear + 1).AddDays(-1);

    /// <summary>The event with id <paramref name="eventId"/>, or null.</summary>
    public AnnualEvent? FindEvent(string eventId) => (Events ?? []).FirstOrDefault(e => e is not null && string.Equals(e.Id, eventId, StringComparison.Ordinal));

    /// <summary>The first occurrence of <paramref name="annualEvent"/> on or after <paramref name="date"/>, moved to a business
    /// day of <see cref="Country"/> when the event asks for it.</summary>
    /// <exception cref="TimelineInputException">the occurrence falls outside the years holidays are known for.</exception>
    public DateOnly NextOccurrence(AnnualEvent annualEvent, DateOnly date)
    {
        var businessDays = annualEvent.BusinessDayOnOrBefore ? BusinessCalendar.For(Country) : null;
        for (var year = date.Year; ; year++)
        {
            var occurrence = annualEvent.In(year, businessDays);
            if (occurrence >= date)
            {
                return occurrence;
            }
        }
    }
}

/// <summary>How an annual event's date is found in a year.</summary>
public enum AnnualDateRule
{
    /// <summary>A fixed month and day (<see cref="AnnualEvent.Day"/>).</summary>
    FixedDay,

    /// <summary>The last day of <see cref="AnnualEvent.Month"/>.</summary>
    LastDayOfMonth,

    /// <summary>The <see cref="AnnualEvent.Nth"/> <see cref="AnnualEvent.Weekday"/> of the month (Nth = -1: the last).</summary>
    NthWeekday,
}

/// <summary>
/// An event that recurs once a year in a calendar, e.g. <c>budget-request</c> (JP, 31 August), <c>pb-request</c> (US,
/// first Monday of February), <c>fy-start</c>. A step tied to an event starts on the event's first occurrence on or
/// after the step's earliest possible start. A fixed day past the month's end (e.g. 31 in June) is the month's last day.
/// When <see cref="BusinessDayOnOrBefore"/> is set and the date is not a business day of the calendar's country, the
/// event moves to the business day before.
/// </summary>
public sealed record AnnualEvent(
    string Id,
    string Name,
    string NameJa,
    AnnualDateRule Rule,
    int Month,
    int Day = 1,
    DayOfWeek Weekday = DayOfWeek.Monday,
    int Nth = 1,
    bool BusinessDayOnOrBefore = false)
{
    /// <summary>The event's date in calendar year <paramref name="year"/>.</summary>
    /// <exception cref="TimelineInputException">a month, day or Nth out of range (field <c>month</c>, <c>day</c>, <c>nth</c>).</exception>
    public DateOnly In(int year, BusinessCalendar? businessDays = null)
    {
        if (Month is < 1 or > 12)
        {
            throw new TimelineInputException("month", $"event '{Id}': month {Month} is not 1–12");
        }

        if (Rule == AnnualDateRule.NthWeekday && !Enum.IsDefined(Weekday))
        {
            throw new TimelineInputException("weekday", $"event '{Id}': {Weekday} is not a day of the week");
        }

        var date = Rule switch
        {
            AnnualDateRule.FixedDay when Day is < 1 or > 31 => throw new TimelineInputException("day", $"event '{Id}': day {Day} is not 1–31"),
            AnnualDateRule.FixedDay => new DateOnly(year, Month, Math.Min(Day, DateTime.DaysInMonth(year, Month))),
            AnnualDateRule.LastDayOfMonth => new DateOnly(year, Month, DateTime.DaysInMonth(year, Month)),
            AnnualDateRule.NthWeekday when Nth is not (-1 or >= 1 and <= 4) => throw new TimelineInputException("nth", $"event '{Id}': nth {Nth} is not 1–4 or -1 (the last)"),
            AnnualDateRule.NthWeekday => Holidays.NthWeekday(year, Month, Weekday, Nth),
            _ => throw new TimelineInputException("rule", $"event '{Id}': unknown rule {Rule}"),
        };
        if (businessDays is not null && BusinessDayOnOrBefore)
        {
            while (!businessDays.IsBusinessDay(date))
            {
                date = date.AddDays(-1);
            }
        }

        return date;
    }
}
