using System.Globalization;
using Musubi.Engines.Timelines;

namespace Musubi.Engines.Tests.Timelines;

/// <summary>Holidays by rule against the complete lists the governments publish, and the rule changes between years.</summary>
public class HolidayTests
{
    private static void AssertList(string country, int year, params string[] expected)
    {
        var actual = Holidays.For(country, year).Select(h => h.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " " + h.NameJa).ToArray();
        var expectedDates = expected.Select(e => e[..10]).ToArray();
        Assert.Equal(expectedDates, actual.Select(a => a[..10]).ToArray());
        foreach (var e in expected)
        {
            // Each expected line is "date name"; the Japanese name must match for the statutory days.
            var date = DateOnly.ParseExact(e[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var holiday = Holidays.On(country, date);
            Assert.NotNull(holiday);
            var name = e[11..];
            Assert.True(
                holiday.Name == name || holiday.NameJa == name,
                $"{e}: computed {holiday.Name} / {holiday.NameJa}");
        }
    }

    // Source: Cabinet Office, 「国民の祝日」について — 昭和30年（1955年）から令和8年（2026年）国民の祝日等（いわゆる振替休日等を含む）
    // https://www8.cao.go.jp/chosei/shukujitsu/syukujitsu.csv (2019 rows). 休日 = 振替休日 or 国民の休日; 休日（祝日扱い） =
    // the enthronement days made by 平成30年法律第99号.
    [Fact]
    public void Japan2019()
    {
        AssertList(
            "JP",
            2019,
            "2019-01-01 元日",
            "2019-01-14 成人の日",
            "2019-02-11 建国記念の日",
            "2019-03-21 春分の日",
            "2019-04-29 昭和の日",
            "2019-04-30 国民の休日",
            "2019-05-01 天皇の即位の日",
            "2019-05-02 国民の休日",
            "2019-05-03 憲法記念日",
            "2019-05-04 みどりの日",
            "2019-05-05 こどもの日",
            "2019-05-06 休日（振替休日）",
            "2019-07-15 海の日",
            "2019-08-11 山の日",
            "2019-08-12 休日（振替休日）",
            "2019-09-16 敬老の日",
            "2019-09-23 秋分の日",
            "2019-10-14 体育の日",
            "2019-10-22 即位礼正殿の儀の行われる日",
            "2019-11-03 文化の日",
            "2019-11-04 休日（振替休日）",
            "2019-11-23 勤労感謝の日");
        Assert.DoesNotContain(Holidays.For("JP", 2019), h => h.NameJa == "天皇誕生日");
    }

    // Source: Cabinet Office syukujitsu.csv, 2020 rows (海の日/スポーツの日/山の日 moved for the Olympics by the Tokyo 2020 Games
    // special measures act as amended in 2018).
    [Fact]
    public void Japan2020()
    {
        AssertList(
            "JP",
            2020,
            "2020-01-01 元日",
            "2020-01-13 成人の日",
            "2020-02-11 建国記念の日",
            "2020-02-23 天皇誕生日",
            "2020-02-24 休日（振替休日）",
            "2020-03-20 春分の日",
            "2020-04-29 昭和の日",
            "2020-05-03 憲法記念日",
            "2020-05-04 みどりの日",
            "2020-05-05 こどもの日",
            "2020-05-06 休日（振替休日）",
            "2020-07-23 海の日",
            "2020-07-24 スポーツの日",
            "2020-08-10 山の日",
            "2020-09-21 敬老の日",
            "2020-09-22 秋分の日",
            "2020-11-03 文化の日",
            "2020-11-23 勤労感謝の日");
    }

    // Source: Cabinet Office syukujitsu.csv, 2021 rows (the Olympic moves of the same act as amended in 2020).
    [Fact]
    public void Japan2021()
    {
        AssertList(
            "JP",
            2021,
            "2021-01-01 元日",
            "2021-01-11 成人の日",
            "2021-02-11 建国記念の日",
            "2021-02-23 天皇誕生日",
            "2021-03-20 春分の日",
            "2021-04-29 昭和の日",
            "2021-05-03 憲法記念日",
            "2021-05-04 みどりの日",
            "2021-05-05 こどもの日",
            "2021-07-22 海の日",
            "2021-07-23 スポーツの日",
            "2021-08-08 山の日",
            "2021-08-09 休日（振替休日）",
            "2021-09-20 敬老の日",
            "2021-09-23 秋分の日",
            "2021-11-03 文化の日",
            "2021-11-23 勤労感謝の日");
    }

    // Source: Cabinet Office 「国民の祝日」について, 令和6年（2024年）の国民の祝日 / syukujitsu.csv 2024 rows.
    [Fact]
    public void Japan2024()
    {
        AssertList(
            "JP",
            2024,
            "2024-01-01 元日",
            "2024-01-08 成人の日",
            "2024-02-11 建国記念の日",
            "2024-02-12 休日（振替休日）",
            "2024-02-23 天皇誕生日",
            "2024-03-20 春分の日",
            "2024-04-29 昭和の日",
            "2024-05-03 憲法記念日",
            "2024-05-04 みどりの日",
            "2024-05-05 こどもの日",
            "2024-05-06 休日（振替休日）",
            "2024-07-15 海の日",
            "2024-08-11 山の日",
            "2024-08-12 休日（振替休日）",
            "2024-09-16 敬老の日",
            "2024-09-22 秋分の日",
            "2024-09-23 休日（振替休日）",
            "2024-10-14 スポーツの日",
            "2024-11-03 文化の日",
            "2024-11-04 休日（振替休日）",
            "2024-11-23 勤労感謝の日");
    }

    // Source: Cabinet Office 「国民の祝日」について, 令和7年（2025年）の国民の祝日 / syukujitsu.csv 2025 rows.
    [Fact]
    public void Japan2025()
    {
        AssertList(
            "JP",
            2025,
            "2025-01-01 元日",
            "2025-01-13 成人の日",
            "2025-02-11 建国記念の日",
            "2025-02-23 天皇誕生日",
            "2025-02-24 休日（振替休日）",
            "2025-03-20 春分の日",
            "2025-04-29 昭和の日",
            "2025-05-03 憲法記念日",
            "2025-05-04 みどりの日",
            "2025-05-05 こどもの日",
            "2025-05-06 休日（振替休日）",
            "2025-07-21 海の日",
            "2025-08-11 山の日",
            "2025-09-15 敬老の日",
            "2025-09-23 秋分の日",
            "2025-10-13 スポーツの日",
            "2025-11-03 文化の日",
            "2025-11-23 勤労感謝の日",
            "2025-11-24 休日（振替休日）");
    }

    // Source: Cabinet Office 「国民の祝日」について, 令和8年（2026年）の国民の祝日 (equinoxes as announced from
    // 国立天文台 暦要項) / syukujitsu.csv 2026 rows. 2026-09-22 is a 国民の休日 between 敬老の日 and 秋分の日.
    [Fact]
    public void Japan2026()
    {
        AssertList(
            "JP",
            2026,
            "2026-01-01 元日",
            "2026-01-12 成人の日",
            "2026-02-11 建国記念の日",
            "2026-02-23 天皇誕生日",
            "2026-03-20 春分の日",
            "2026-04-29 昭和の日",
            "2026-05-03 憲法記念日",
            "2026-05-04 みどりの日",
            "2026-05-05 こどもの日",
            "2026-05-06 休日（振替休日）",
            "2026-07-20 海の日",
            "2026-08-11 山の日",
            "2026-09-21 敬老の日",
            "2026-09-22 国民の休日",
            "2026-09-23 秋分の日",
            "2026-10-12 スポーツの日",
            "2026-11-03 文化の日",
            "2026-11-23 勤労感謝の日");
    }

    // Source: U.S. Office of Personnel Management, Federal Holidays, 2021
    // (https://www.opm.gov/policy-data-oversight/pay-leave/federal-holidays/#url=2021). OPM also lists Inauguration Day
    // (Wednesday, January 20), a holiday only for employees in the Washington, DC area (5 U.S.C. 6103(c)) — not a rule
    // for the nation, so not computed. Juneteenth became a holiday on 2021-06-17 (Pub. L. 117-17); observed Friday June 18.
    [Fact]
    public void UnitedStates2021()
    {
        AssertList(
            "US",
            2021,
            "2021-01-01 New Year's Day",
            "2021-01-18 Birthday of Martin Luther King, Jr.",
            "2021-02-15 Washington's Birthday",
            "2021-05-31 Memorial Day",
            "2021-06-18 Juneteenth National Independence Day (observed)",
            "2021-07-05 Independence Day (observed)",
            "2021-09-06 Labor Day",
            "2021-10-11 Columbus Day",
            "2021-11-11 Veterans Day",
            "2021-11-25 Thanksgiving Day",
            "2021-12-24 Christmas Day (observed)",
            "2021-12-31 New Year's Day (observed)");
        Assert.Equal(HolidayKind.Observed, Holidays.On("US", new DateOnly(2021, 12, 31))!.Kind);
    }

    // Source: OPM Federal Holidays, 2022 (#url=2022). New Year's Day 2022 (a Saturday) was observed on 2021-12-31, so
    // the 2022 list has no January day for it.
    [Fact]
    public void UnitedStates2022()
    {
        AssertList(
            "US",
            2022,
            "2022-01-17 Birthday of Martin Luther King, Jr.",
            "2022-02-21 Washington's Birthday",
            "2022-05-30 Memorial Day",
            "2022-06-20 Juneteenth National Independence Day (observed)",
            "2022-07-04 Independence Day",
            "2022-09-05 Labor Day",
            "2022-10-10 Columbus Day",
            "2022-11-11 Veterans Day",
            "2022-11-24 Thanksgiving Day",
            "2022-12-26 Christmas Day (observed)");
        Assert.Null(Holidays.On("US", new DateOnly(2022, 1, 1)));
    }

    // Source: OPM Federal Holidays, 2023 (#url=2023).
    [Fact]
    public void UnitedStates2023()
    {
        AssertList(
            "US",
            2023,
            "2023-01-02 New Year's Day (observed)",
            "2023-01-16 Birthday of Martin Luther King, Jr.",
            "2023-02-20 Washington's Birthday",
            "2023-05-29 Memorial Day",
            "2023-06-19 Juneteenth National Independence Day",
            "2023-07-04 Independence Day",
            "2023-09-04 Labor Day",
            "2023-10-09 Columbus Day",
            "2023-11-10 Veterans Day (observed)",
            "2023-11-23 Thanksgiving Day",
            "2023-12-25 Christmas Day");
    }

    // Source: OPM Federal Holidays, 2026 (#url=2026): Independence Day, a Saturday, observed Friday July 3.
    [Fact]
    public void UnitedStates2026()
    {
        AssertList(
            "US",
            2026,
            "2026-01-01 New Year's Day",
            "2026-01-19 Birthday of Martin Luther King, Jr.",
            "2026-02-16 Washington's Birthday",
            "2026-05-25 Memorial Day",
            "2026-06-19 Juneteenth National Independence Day",
            "2026-07-03 Independence Day (observed)",
            "2026-09-07 Labor Day",
            "2026-10-12 Columbus Day",
            "2026-11-11 Veterans Day",
            "2026-11-26 Thanksgiving Day",
            "2026-12-25 Christmas Day");
    }

    [Fact]
    public void GreeneryDayMovedToMayFourthIn2007()
    {
        // 平成17年法律第43号 (effective 2007): April 29 became 昭和の日, みどりの日 moved to May 4 (until then a 国民の休日).
        Assert.Equal("みどりの日", Holidays.On("JP", new DateOnly(2006, 4, 29))!.NameJa);
        Assert.Equal(HolidayKind.Citizens, Holidays.On("JP", new DateOnly(2006, 5, 4))!.Kind);
        Assert.Equal("昭和の日", Holidays.On("JP", new DateOnly(2007, 4, 29))!.NameJa);
        Assert.Equal("みどりの日", Holidays.On("JP", new DateOnly(2007, 5, 4))!.NameJa);
        // 2007-04-29 was a Sunday: the substitute is Monday April 30.
        Assert.Equal(HolidayKind.Substitute, Holidays.On("JP", new DateOnly(2007, 4, 30))!.Kind);
        // Under the 2007 rule a Sunday May 4 (2008) gives May 6, the first day after it that is not a national holiday.
        Assert.Equal(HolidayKind.Substitute, Holidays.On("JP", new DateOnly(2008, 5, 6))!.Kind);
        Assert.Equal("天皇誕生日", Holidays.On("JP", new DateOnly(1988, 4, 29))!.NameJa);
    }

    [Fact]
    public void ComingOfAgeDayBecameSecondMondayIn2000()
    {
        // 平成10年法律第141号 (Happy Monday system, effective 2000).
        Assert.Equal("成人の日", Holidays.On("JP", new DateOnly(1999, 1, 15))!.NameJa);
        Assert.Null(Holidays.On("JP", new DateOnly(2000, 1, 15)));
        Assert.Equal("成人の日", Holidays.On("JP", new DateOnly(2000, 1, 10))!.NameJa);
        Assert.Equal("体育の日", Holidays.On("JP", new DateOnly(1999, 10, 10))!.NameJa);
        Assert.Equal("体育の日", Holidays.On("JP", new DateOnly(2000, 10, 9))!.NameJa);
    }

    [Fact]
    public void FirstSubstituteHolidayWas1973April30()
    {
        // 昭和48年法律第10号, effective 1973-04-12: 天皇誕生日 on Sunday 1973-04-29 gave the first 振替休日.
        Assert.Equal(HolidayKind.Substitute, Holidays.On("JP", new DateOnly(1973, 4, 30))!.Kind);
        // Before the amendment took effect a Sunday holiday gave nothing: 建国記念の日 on Sunday 1973-02-11, 成人の日 on
        // Sunday 1967-01-15.
        Assert.Null(Holidays.On("JP", new DateOnly(1973, 2, 12)));
        Assert.Null(Holidays.On("JP", new DateOnly(1967, 1, 16)));
        Assert.Single(Holidays.For("JP", 1973), h => h.Kind == HolidayKind.Substitute && h.Date.Month < 7);
    }

    [Fact]
    public void CitizensHolidaysBetweenTwoHolidays()
    {
        // 国民の休日 (昭和60年法律第103号, effective 1985-12-27). The first: 1988-05-04 (a Wednesday); 1986-05-04 was a Sunday.
        Assert.Null(Holidays.On("JP", new DateOnly(1986, 5, 4)));
        Assert.Equal(HolidayKind.Citizens, Holidays.On("JP", new DateOnly(1988, 5, 4))!.Kind);
        foreach (var date in new[] { new DateOnly(2009, 9, 22), new DateOnly(2015, 9, 22), new DateOnly(2026, 9, 22), new DateOnly(2032, 9, 21) })
        {
            Assert.Equal(HolidayKind.Citizens, Holidays.On("JP", date)!.Kind);
        }
    }

    [Fact]
    public void EmperorsBirthdayFollowsTheReign()
    {
        Assert.Equal("天皇誕生日", Holidays.On("JP", new DateOnly(1989, 12, 23))!.NameJa);
        Assert.Equal("天皇誕生日", Holidays.On("JP", new DateOnly(2018, 12, 23))!.NameJa);
        Assert.Equal(HolidayKind.Substitute, Holidays.On("JP", new DateOnly(2018, 12, 24))!.Kind);
        Assert.Null(Holidays.On("JP", new DateOnly(2019, 12, 23)));
        Assert.Equal(HolidayKind.Special, Holidays.On("JP", new DateOnly(1989, 2, 24))!.Kind);
        Assert.Equal(HolidayKind.Special, Holidays.On("JP", new DateOnly(1959, 4, 10))!.Kind);
        Assert.Null(Holidays.On("JP", new DateOnly(1966, 2, 11)));
        Assert.NotNull(Holidays.On("JP", new DateOnly(1967, 2, 11)));
    }

    [Fact]
    public void UnitedStatesRuleChanges()
    {
        // Uniform Monday Holiday Act (Pub. L. 90-363), effective 1971.
        Assert.Equal(new DateOnly(1970, 2, 23), Holidays.For("US", 1970).Single(h => h.Name.StartsWith("Washington", StringComparison.Ordinal)).Date);
        Assert.Equal(new DateOnly(1971, 2, 15), Holidays.For("US", 1971).Single(h => h.Name.StartsWith("Washington", StringComparison.Ordinal)).Date);
        Assert.Equal(new DateOnly(1971, 5, 31), Holidays.For("US", 1971).Single(h => h.Name == "Memorial Day").Date);
        // Veterans Day on the fourth Monday of October 1971–1977 (Pub. L. 94-97 moved it back to November 11 from 1978).
        Assert.Equal(new DateOnly(1975, 10, 27), Holidays.For("US", 1975).Single(h => h.Name == "Veterans Day").Date);
        Assert.Equal(new DateOnly(1978, 11, 10), Holidays.For("US", 1978).Single(h => h.Name.StartsWith("Veterans", StringComparison.Ordinal)).Date);
        // Martin Luther King, Jr.'s birthday from 1986 (Pub. L. 98-144); Juneteenth from 2021 (Pub. L. 117-17).
        Assert.DoesNotContain(Holidays.For("US", 1985), h => h.Name.Contains("King", StringComparison.Ordinal));
        Assert.Equal(new DateOnly(1986, 1, 20), Holidays.For("US", 1986).Single(h => h.Name.Contains("King", StringComparison.Ordinal)).Date);
        Assert.DoesNotContain(Holidays.For("US", 2020), h => h.Name.Contains("Juneteenth", StringComparison.Ordinal));
        // Ad-hoc closures by executive order are not rules.
        Assert.Null(Holidays.On("US", new DateOnly(2024, 12, 24)));
        Assert.Null(Holidays.On("US", new DateOnly(2025, 1, 9)));
    }

    [Fact]
    public void EveryYearIsInDateOrderAndOneHolidayADay()
    {
        foreach (var country in Holidays.Countries)
        {
            for (var year = Holidays.MinYear; year <= Holidays.MaxYear; year++)
            {
                var list = Holidays.For(country, year);
                Assert.All(list, h => Assert.Equal(year, h.Date.Year));
                Assert.Equal(list.Select(h => h.Date).Distinct().Order(), list.Select(h => h.Date));
                if (country == "US")
                {
                    Assert.All(list, h => Assert.True(h.Date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), h.ToString()));
                }
            }
        }
    }

    [Theory]
    [InlineData("JP", 1948, "year")]
    [InlineData("US", 2100, "year")]
    [InlineData("GB", 2025, "country")]
    [InlineData("jp", 2025, "country")]
    public void BadInputNamesTheField(string country, int year, string field)
    {
        var e = Assert.Throws<TimelineInputException>(() => Holidays.For(country, year));
        Assert.Equal(field, Assert.Single(e.Problems).Field);
    }
}
