using CsCheck;
using Musubi.Engines.Timelines;

namespace Musubi.Engines.Tests.Timelines;

public class BusinessCalendarTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void JapaneseGoldenWeek2025()
    {
        // 2025-04-28 (Mon) .. 2025-05-09 (Fri): 29 Apr 昭和の日, 3–4 May a weekend, 5 May こどもの日, 6 May 振替休日.
        // Business days: Apr 28, 30, May 1, 2, 7, 8, 9 = 7.
        var jp = BusinessCalendar.For("JP");
        Assert.Equal(7, jp.Count(D(2025, 4, 28), D(2025, 5, 9)));
        Assert.False(jp.IsBusinessDay(D(2025, 4, 29)));
        Assert.True(jp.IsBusinessDay(D(2025, 4, 30)));
        Assert.False(jp.IsBusinessDay(D(2025, 5, 6)));
        // 5 business days after Monday 28 April: Apr 30, May 1, May 2, May 7, May 8.
        Assert.Equal(D(2025, 5, 8), jp.Add(D(2025, 4, 28), 5));
        Assert.Equal(D(2025, 5, 7), jp.Add(D(2025, 5, 2), 1));
    }

    [Fact]
    public void UnitedStatesYearEnd2021()
    {
        // 2021-12-27 (Mon) .. 2022-01-07 (Fri): Dec 27–30 (4), Dec 31 New Year's Day 2022 observed, Jan 3–7 (5) = 9.
        var us = BusinessCalendar.For("US");
        Assert.Equal(9, us.Count(D(2021, 12, 27), D(2022, 1, 7)));
        Assert.False(us.IsBusinessDay(D(2021, 12, 31)));
        Assert.Equal(D(2022, 1, 3), us.Add(D(2021, 12, 30), 1));
    }

    [Fact]
    public void Thanksgiving2025()
    {
        // Thursday 27 November 2025 is Thanksgiving: 1 business day after Wednesday the 26th is Friday the 28th.
        var us = BusinessCalendar.For("US");
        Assert.Equal(D(2025, 11, 28), us.Add(D(2025, 11, 26), 1));
        Assert.Equal(4, us.Count(D(2025, 11, 24), D(2025, 11, 28)));
    }

    [Fact]
    public void AddAndCountEdges()
    {
        var us = BusinessCalendar.For("US");
        // Monday 2025-03-03 + 5 business days = Monday 2025-03-10 (no holiday between).
        Assert.Equal(D(2025, 3, 10), us.Add(D(2025, 3, 3), 5));
        Assert.Equal(D(2025, 3, 1), us.Add(D(2025, 3, 1), 0));
        // From a Saturday, the first business day after it is Monday.
        Assert.Equal(D(2025, 3, 3), us.Add(D(2025, 3, 1), 1));
        Assert.Equal(1, us.Count(D(2025, 3, 3), D(2025, 3, 3)));
        Assert.Equal(0, us.Count(D(2025, 3, 1), D(2025, 3, 2)));
        Assert.Equal("US", us.Country);
        Assert.Same(us, BusinessCalendar.For("US"));
    }

    [Fact]
    public void BadInputNamesTheField()
    {
        var jp = BusinessCalendar.For("JP");
        Assert.Equal("to", Assert.Single(Assert.Throws<TimelineInputException>(() => jp.Count(D(2025, 5, 2), D(2025, 5, 1))).Problems).Field);
        Assert.Equal("country", Assert.Single(Assert.Throws<TimelineInputException>(() => BusinessCalendar.For("DE")).Problems).Field);
        Assert.Equal("days", Assert.Single(Assert.Throws<TimelineInputException>(() => jp.Add(D(2025, 5, 2), -1)).Problems).Field);
        Assert.Equal("year", Assert.Single(Assert.Throws<TimelineInputException>(() => jp.Add(D(2099, 12, 1), 100)).Problems).Field);
        Assert.Equal("year", Assert.Single(Assert.Throws<TimelineInputException>(() => jp.IsBusinessDay(D(2100, 1, 4))).Problems).Field);
    }

    [Fact]
    public void CountAgreesWithADayByDayWalk()
    {
        Gen.Select(Gen.Int[D(1949, 1, 1).DayNumber, D(2099, 10, 1).DayNumber], Gen.Int[0, 60], Gen.Bool.Select(b => b ? "JP" : "US")).Sample((from, span, country) =>
        {
            var calendar = BusinessCalendar.For(country);
            var a = DateOnly.FromDayNumber(from);
            var b = a.AddDays(span);
            var walk = 0;
            for (var d = a; d <= b; d = d.AddDays(1))
            {
                if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && Holidays.On(country, d) is null)
                {
                    walk++;
                }
            }

            return calendar.Count(a, b) == walk;
        });
    }

    [Fact]
    public void CountOfAddIsNPlusOneFromABusinessDay()
    {
        Gen.Select(Gen.Int[D(1949, 1, 1).DayNumber, D(2088, 1, 1).DayNumber], Gen.Int[0, 2500], Gen.Bool.Select(b => b ? "JP" : "US")).Sample((day, n, country) =>
        {
            var calendar = BusinessCalendar.For(country);
            var a = DateOnly.FromDayNumber(day);
            while (!calendar.IsBusinessDay(a))
            {
                a = a.AddDays(1);
            }

            var end = calendar.Add(a, n);
            return calendar.Count(a, end) == n + 1 && calendar.IsBusinessDay(end);
        });
    }
}
