using Musubi.Engines.Timelines;

namespace Musubi.Engines.Tests.Timelines;

public class FiscalCalendarTests
{
    // U.S. federal fiscal year: October 1 – September 30, named by the calendar year it ends in (31 U.S.C. 1102).
    private static readonly FiscalCalendar Us = new("US", "US", 10, true, [
        new AnnualEvent("pb-request", "President's budget request", "大統領予算教書", AnnualDateRule.NthWeekday, 2, Weekday: DayOfWeek.Monday, Nth: 1),
        new AnnualEvent("fy-start", "Fiscal year starts", "会計年度開始", AnnualDateRule.FixedDay, 10, 1),
    ]);

    // Japan's fiscal year (会計年度): April 1 – March 31, named by the year it starts in (財政法 第11条).
    private static readonly FiscalCalendar Jp = new("JP", "JP", 4, false, [
        new AnnualEvent("budget-request", "Budget request deadline", "概算要求締切", AnnualDateRule.LastDayOfMonth, 8, BusinessDayOnOrBefore: true),
        new AnnualEvent("fy-start", "Fiscal year starts", "会計年度開始", AnnualDateRule.FixedDay, 4, 1),
    ]);

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void UnitedStatesFiscalYearIsNamedByItsEnd()
    {
        Assert.Equal(2027, Us.FiscalYearOf(D(2026, 10, 1)));
        Assert.Equal(2026, Us.FiscalYearOf(D(2026, 9, 30)));
        Assert.Equal(2027, Us.FiscalYearOf(D(2027, 9, 30)));
        Assert.Equal(D(2026, 10, 1), Us.FiscalYearStart(2027));
        Assert.Equal(D(2027, 9, 30), Us.FiscalYearEnd(2027));
    }

    [Fact]
    public void JapaneseFiscalYearIsNamedByItsStart()
    {
        // 令和9年度 (FY2027) is 2027-04-01 .. 2028-03-31.
        Assert.Equal(2027, Jp.FiscalYearOf(D(2027, 4, 1)));
        Assert.Equal(2027, Jp.FiscalYearOf(D(2028, 3, 31)));
        Assert.Equal(2026, Jp.FiscalYearOf(D(2027, 3, 31)));
        Assert.Equal(D(2027, 4, 1), Jp.FiscalYearStart(2027));
        Assert.Equal(D(2028, 3, 31), Jp.FiscalYearEnd(2027));
    }

    [Fact]
    public void CalendarYearFiscalYears()
    {
        var byEnd = new FiscalCalendar("X", "US", 1, true, []);
        var byStart = new FiscalCalendar("Y", "US", 1, false, []);
        Assert.Equal(2027, byEnd.FiscalYearOf(D(2027, 1, 1)));
        Assert.Equal(2027, byStart.FiscalYearOf(D(2027, 12, 31)));
        Assert.Equal(D(2027, 1, 1), byEnd.FiscalYearStart(2027));
    }

    [Fact]
    public void FiscalYearStartIsTheFirstDayOfItsYear()
    {
        foreach (var calendar in new[] { Us, Jp })
        {
            for (var fy = 1960; fy <= 2090; fy++)
            {
                var start = calendar.FiscalYearStart(fy);
                Assert.Equal(fy, calendar.FiscalYearOf(start));
                Assert.Equal(fy - 1, calendar.FiscalYearOf(start.AddDays(-1)));
            }
        }
    }

    [Fact]
    public void EventsInAYear()
    {
        // First Monday of February 2027 is 1 February; 2026's is 2 February (31 U.S.C. 1105(a)).
        Assert.Equal(D(2027, 2, 1), Us.Events[0].In(2027));
        Assert.Equal(D(2026, 2, 2), Us.Events[0].In(2026));
        // 31 August 2025 is a Sunday: the budget request deadline moves to Friday 29 August with business days, not without.
        Assert.Equal(D(2025, 8, 31), Jp.Events[0].In(2025));
        Assert.Equal(D(2025, 8, 29), Jp.Events[0].In(2025, BusinessCalendar.For("JP")));
        // Last Monday of May 2026 (Memorial Day's rule) and a fixed 31st in a 30-day month.
        Assert.Equal(D(2026, 5, 25), new AnnualEvent("m", "m", "m", AnnualDateRule.NthWeekday, 5, Nth: -1).In(2026));
        Assert.Equal(D(2026, 6, 30), new AnnualEvent("j", "j", "j", AnnualDateRule.FixedDay, 6, 31).In(2026));
        Assert.Equal(D(2028, 2, 29), new AnnualEvent("f", "f", "f", AnnualDateRule.LastDayOfMonth, 2).In(2028));
    }

    [Fact]
    public void NextOccurrence()
    {
        var budget = Jp.FindEvent("budget-request")!;
        Assert.Equal(D(2025, 8, 29), Jp.NextOccurrence(budget, D(2025, 1, 6)));
        Assert.Equal(D(2025, 8, 29), Jp.NextOccurrence(budget, D(2025, 8, 29)));
        // The day after: 31 August 2026 is a Monday.
        Assert.Equal(D(2026, 8, 31), Jp.NextOccurrence(budget, D(2025, 8, 30)));
        Assert.Equal(D(2027, 2, 1), Us.NextOccurrence(Us.FindEvent("pb-request")!, D(2026, 2, 3)));
        Assert.Null(Us.FindEvent("budget-request"));
    }

    [Fact]
    public void BadEventsNameTheField()
    {
        Assert.Equal("month", Assert.Single(Assert.Throws<TimelineInputException>(() => new AnnualEvent("e", "e", "e", AnnualDateRule.FixedDay, 13).In(2026)).Problems).Field);
        Assert.Equal("nth", Assert.Single(Assert.Throws<TimelineInputException>(() => new AnnualEvent("e", "e", "e", AnnualDateRule.NthWeekday, 1, Nth: 5).In(2026)).Problems).Field);
        Assert.Equal("day", Assert.Single(Assert.Throws<TimelineInputException>(() => new AnnualEvent("e", "e", "e", AnnualDateRule.FixedDay, 1, 0).In(2026)).Problems).Field);
        Assert.Equal("weekday", Assert.Single(Assert.Throws<TimelineInputException>(() => new AnnualEvent("e", "e", "e", AnnualDateRule.NthWeekday, 1, Weekday: (DayOfWeek)9).In(2026)).Problems).Field);
    }
}
