using System.Text.RegularExpressions;
using Musubi.Core.Features.Timelines;
using Musubi.Engines.Timelines;
using Musubi.Engines.Transfers;

namespace Musubi.Core.Tests.Timelines;

/// <summary>
/// The timelines feature over the shipped calendar data: the calendars load and every event and template carries a
/// source; the congressional review period is the transfer rule set's on the plan's start date (15 days for Japan,
/// 30 for a country outside the 15-day list), not a figure typed into the calendar; templates fill a step's duration,
/// unit, event and source; the demo plans align to dates worked out from the calendars; a what-if slips the SM-3
/// follow-on buy a whole Japanese fiscal year; bad input is named by field with its line and column; the ICS export
/// has one all-day event per step with UIDs stable per plan.
/// </summary>
public sealed partial class TimelinesServiceTests
{
    private static readonly TimelinesService Service = new(TimeProvider.System);

    private static string Demo(string id) => File.ReadAllText(Path.Combine(Core.Data.DatabaseSetup.DataDirectory, "demo", "timelines", id + ".json"));

    [Fact]
    public void ShippedCalendars_Load_AndEveryEventAndTemplateHasASource()
    {
        var calendars = TimelineCalendars.Load(TimelineCalendars.DefaultDirectory);

        Assert.Equal(["JP", "US"], calendars.All.Select(c => c.Id));
        var us = calendars.Find("us")!;
        var jp = calendars.Find("JP")!;
        // 31 U.S.C. 1102: October, named by the year it ends; 財政法第11条: April, named by the year it starts.
        Assert.Equal((10, true), (us.Fiscal.FiscalYearStartMonth, us.Fiscal.FiscalYearNamedByEnd));
        Assert.Equal((4, false), (jp.Fiscal.FiscalYearStartMonth, jp.Fiscal.FiscalYearNamedByEnd));
        Assert.Equal(["pb-request", "fy-start"], us.Events.Select(e => e.Event.Id));
        Assert.Equal(["budget-request", "cabinet-draft", "diet-approval", "fy-start"], jp.Events.Select(e => e.Event.Id));
        // The Cabinet's and the Diet's dates are typical, not law, and say so.
        Assert.True(jp.Events.Single(e => e.Event.Id == "cabinet-draft").Typical);
        Assert.True(jp.Events.Single(e => e.Event.Id == "diet-approval").Typical);
        Assert.False(us.Events.Single(e => e.Event.Id == "pb-request").Typical);
        Assert.All(calendars.All.SelectMany(c => c.Events), e => Assert.False(string.IsNullOrWhiteSpace(e.Source)));
        Assert.All(calendars.All.SelectMany(c => c.Templates), t => Assert.False(string.IsNullOrWhiteSpace(t.Source)));
        // Every FMS step of TRANSFER_RULES.md B4 the spec names, and Japan's budget and decision steps.
        foreach (var id in new[] { "lor", "pa", "loa-development", "congressional-review", "loa-offer", "jp-budget-request", "jp-cabinet-draft", "jp-diet-approval", "jp-nsc-decision", "jp-cabinet-decision" })
        {
            Assert.NotNull(calendars.Template(id));
        }
        // A figure without a source is labelled illustrative; the AOD day-counts are labelled UNCONFIRMED.
        Assert.True(calendars.Template("lor")!.Illustrative);
        Assert.Contains("UNCONFIRMED", calendars.Template("loa-development")!.Unconfirmed, StringComparison.Ordinal);
        Assert.Equal(100, calendars.Template("loa-development")!.Duration);
        Assert.Equal(85, calendars.Template("loa-offer")!.Duration);
        // The review period is not typed into the calendar: it is read from the transfer rules.
        Assert.Null(calendars.Template("congressional-review")!.Duration);
        Assert.Equal(TimelineCalendars.Aeca36b, calendars.Template("congressional-review")!.DurationFrom);
    }

    [Fact]
    public void CalendarEvents_FallOnTheirKnownDates()
    {
        var jp = TimelineCalendars.Default.Find("JP")!;
        var us = TimelineCalendars.Default.Find("US")!;
        var jpDays = BusinessCalendar.For("JP");
        AnnualEvent Event(CalendarData c, string id) => c.Events.Single(e => e.Event.Id == id).Event;

        // The Cabinet decided the budget drafts on 2022-12-23, 2023-12-22 and 2024-12-27: each the 4th Friday of December.
        Assert.Equal(new DateOnly(2022, 12, 23), Event(jp, "cabinet-draft").In(2022, jpDays));
        Assert.Equal(new DateOnly(2023, 12, 22), Event(jp, "cabinet-draft").In(2023, jpDays));
        Assert.Equal(new DateOnly(2024, 12, 27), Event(jp, "cabinet-draft").In(2024, jpDays));
        // 2024-08-31 was a Saturday: the budget requests went in on Friday 2024-08-30.
        Assert.Equal(new DateOnly(2024, 8, 30), Event(jp, "budget-request").In(2024, jpDays));
        Assert.Equal(new DateOnly(2027, 8, 31), Event(jp, "budget-request").In(2027, jpDays));
        // 31 U.S.C. 1105(a): the first Monday of February (2027-02-01, 2028-02-07).
        Assert.Equal(new DateOnly(2027, 2, 1), Event(us, "pb-request").In(2027, BusinessCalendar.For("US")));
        Assert.Equal(new DateOnly(2028, 2, 7), Event(us, "pb-request").In(2028, BusinessCalendar.For("US")));
    }

    [Fact]
    public void CongressionalReview_ComesFromTheTransferRuleSet_OnThePlansStartDate()
    {
        var rules = RuleSet.LoadDefault();
        var nato5 = rules.Rules.Single(r => r.Id == "US_AECA36B_NATO_PLUS_5");
        var general = rules.Rules.Single(r => r.Id == "US_AECA36B_GENERAL");

        var japan = Service.CongressionalReviewDays("JP", new DateOnly(2027, 1, 4));
        var india = Service.CongressionalReviewDays("IN", new DateOnly(2027, 1, 4));

        Assert.NotNull(japan);
        Assert.Equal("US_AECA36B_NATO_PLUS_5", japan.Value.Rule);
        Assert.Equal(nato5.Notifications.Single().ReviewDays, japan.Value.Days);
        Assert.Equal(15, japan.Value.Days);
        Assert.NotNull(india);
        Assert.Equal(general.Notifications.Single().ReviewDays, india.Value.Days);
        Assert.Equal(30, india.Value.Days);

        // In the SM-3 demo plan the template's step takes the rule set's 15 days, and cites the rule.
        var aligned = Service.Align(Demo("sm3-follow-on"));
        var review = aligned.Alignment.Steps.Single(s => s.Id == "congressional-review");
        Assert.Equal(15, review.Duration);
        Assert.Contains("US_AECA36B_NATO_PLUS_5", review.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Sm3FollowOn_AlignsToTheHandWorkedDates()
    {
        var a = Service.Align(Demo("sm3-follow-on")).Alignment;

        Assert.Equal("feasible", a.Status);
        string Finish(string id) => a.Steps.Single(s => s.Id == id).EarliestFinish;
        // LOR 30 days from 2027-01-04 → 2027-02-03; P&A 45 days → 2027-03-20; LOA development 100 days → 2027-05-14;
        // review 15 → 2027-05-29; offer 85 → 2027-08-22; signature 30 days after the offer opens → 2027-06-28.
        Assert.Equal("2027-02-03", Finish("lor"));
        Assert.Equal("2027-03-20", Finish("pa"));
        Assert.Equal("2027-05-14", Finish("loa-development"));
        Assert.Equal("2027-05-29", Finish("congressional-review"));
        Assert.Equal("2027-08-22", Finish("loa-offer"));
        Assert.Equal("2027-06-28", Finish("loa-signature"));
        // Japan's budget: request 2027-08-31 (a Tuesday), Cabinet draft the 4th Friday of December 2027-12-24, Diet
        // the last business day of March 2028-03-31 (a Friday), funds 2028-04-01: JP FY2028 (令和10年度).
        Assert.Equal("2027-08-31", Finish("budget-request"));
        Assert.Equal("2027-12-24", Finish("cabinet-draft"));
        Assert.Equal("2028-03-31", Finish("diet-approval"));
        var deposit = a.Steps.Single(s => s.Id == "initial-deposit");
        Assert.Equal("2028-04-01", deposit.EarliestFinish);
        Assert.Equal("JP FY2028 (令和10年度)", deposit.FiscalYearLabel);
        Assert.Equal("US FY2027", a.Steps.Single(s => s.Id == "pa").FiscalYearLabel);
        Assert.Equal("2028-04-01", a.Finish);
        Assert.Empty(a.Conflicts);
    }

    [Fact]
    public void WhatIf_TheLetterOfRequestInNovember_SlipsTheDepositAWholeJapaneseYear()
    {
        var a = Service.Align(Demo("sm3-follow-on"), new TimelineWhatIf("lor", new DateOnly(2027, 11, 1))).Alignment;

        // LOR 2027-11-01 + 30 → 2027-12-01; P&A → 2028-01-15, too late for the 2027 budget request: the request goes
        // in 2028-08-31 and the deposit waits for 2029-04-01, 336 days past its 2028-04-30 deadline.
        Assert.Equal("late", a.Status);
        Assert.Equal("2029-04-01", a.Steps.Single(s => s.Id == "initial-deposit").EarliestFinish);
        var conflict = Assert.Single(a.Conflicts);
        Assert.Equal(("initial-deposit", 336), (conflict.Step, conflict.DaysLate));
        Assert.Equal(new TimelineWhatIfView("lor", "2027-11-01"), a.WhatIf);
    }

    [Fact]
    public void GpiPhase_BothGovernmentsFundTheSameFiscalYear()
    {
        var a = Service.Align(Demo("gpi-phase")).Alignment;

        // The U.S. justification (60 days → 2027-03-05) misses the 2027 budget request: the PB goes 2028-02-07 and U.S.
        // funds come 2028-10-01 (US FY2029). Japan could fund in FY2028 (2028-04-01) but must match: FY2029, 2029-04-01.
        var us = a.Steps.Single(s => s.Id == "us-funds");
        var jp = a.Steps.Single(s => s.Id == "jp-funds");
        Assert.Equal(("2028-10-01", 2029), (us.EarliestFinish, us.FiscalYear));
        Assert.Equal(("2029-04-01", 2029), (jp.EarliestFinish, jp.FiscalYear));
        Assert.Equal("fiscalYear", jp.ReasonKind);
        Assert.Equal("2031-04-01", a.Finish);
        Assert.Contains("phase", a.CriticalPath);
        // The NSC step's template duration is overridden (20 business days): its source is then not the template's.
        var nsc = a.Steps.Single(s => s.Id == "jp-nsc");
        Assert.Equal((20, "businessDays"), (nsc.Duration, nsc.Unit));
        Assert.Null(nsc.Source);
        Assert.False(nsc.Illustrative);
    }

    [Fact]
    public void BadInput_IsNamedByField_WithLineAndColumn()
    {
        const string text = """
            {
              "start": "2027-01-04",
              "calendars": ["US", "JP"],
              "steps": [
                { "id": "a", "template": "no-such-template" },
                { "id": "b", "name": "B", "calendar": "US", "duration": 3, "unit": "weeks" },
                { "id": "c", "name": "C", "calendar": "JP", "duration": 1, "unit": "days", "event": "pb-request" }
              ],
              "color": "red"
            }
            """;

        var reader = Assert.Throws<TimelinesInputException>(() => Service.Align(text));
        Assert.Contains(reader.Errors, e => e.Field == "steps[1].unit" && e.Line == 6 && e.Message.Contains("weeks", StringComparison.Ordinal));
        Assert.Contains(reader.Errors, e => e.Field == "color" && e.Line == 9);

        var resolved = Assert.Throws<TimelinesInputException>(() => Service.Align(text.Replace("\"weeks\"", "\"days\"", StringComparison.Ordinal).Replace(",\n  \"color\": \"red\"", "", StringComparison.Ordinal)));
        Assert.Contains(resolved.Errors, e => e.Field == "steps[0].template" && e.Line == 5 && e.Column > 1);
        Assert.Contains(resolved.Errors, e => e.Field == "steps[2].event" && e.Line == 7);

        var syntax = Assert.Throws<TimelinesInputException>(() => Service.Align("{\n  \"start\": \"2027-01-04\",\n  \"steps\": [ }"));
        Assert.Equal(3, Assert.Single(syntax.Errors).Line);
    }

    [Fact]
    public void EngineErrors_AreNamedAndPlaced()
    {
        const string text = """
            {
              "start": "2027-01-04",
              "calendars": ["US"],
              "steps": [
                { "id": "a", "name": "A", "calendar": "US", "duration": 1, "unit": "days" },
                { "id": "b", "name": "B", "calendar": "US", "duration": 1, "unit": "days" }
              ],
              "dependencies": [ { "from": "a", "to": "b" }, { "from": "b", "to": "a" } ]
            }
            """;

        var ex = Assert.Throws<TimelinesInputException>(() => Service.Align(text));

        var cycle = Assert.Single(ex.Errors);
        Assert.StartsWith("dependencies", cycle.Field, StringComparison.Ordinal);
        Assert.Contains("cycle", cycle.Message, StringComparison.Ordinal);
        Assert.Equal(8, cycle.Line);
    }

    [Fact]
    public void BadCalendarFile_StopsTheLoad_NamingFileLineAndField()
    {
        const string bad = """
            {
              "id": "GB",
              "country": "GB",
              "name": "UK", "nameJa": "英国",
              "fiscalYear": { "startMonth": 13, "namedBy": "start", "source": "x" },
              "events": [ { "id": "fy-start", "name": "FY", "nameJa": "年度", "rule": "fixedDay", "month": 2, "day": 30, "source": "x" } ],
              "templates": [ { "id": "t", "name": "T", "nameJa": "T", "duration": 5, "unit": "days", "source": "x" } ]
            }
            """;

        var ex = Assert.Throws<TimelinesInputException>(() => TimelineCalendars.Load([("gb.json", bad)]));

        Assert.All(ex.Errors, e => Assert.Equal("gb.json", e.Source));
        Assert.Contains(ex.Errors, e => e.Field == "country" && e.Line == 3);
        Assert.Contains(ex.Errors, e => e.Field == "fiscalYear.startMonth" && e.Line == 5);
        Assert.Contains(ex.Errors, e => e.Field == "events[0].day" && e.Line == 6);
        Assert.Contains(ex.Errors, e => e.Field == "templates[0].illustrative");
        Assert.Matches("^gb\\.json:3:\\d+: country: ", ex.Errors.First(e => e.Field == "country").At("gb.json"));
    }

    [Fact]
    public void Ics_OneAllDayEventPerStepFinish_WithUidsStablePerPlan()
    {
        var aligned = Service.Align(Demo("sm3-follow-on"));
        var now = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

        var ics = TimelinesIcs.Write(aligned, now);
        var again = TimelinesIcs.Write(Service.Align(Demo("sm3-follow-on")), now);
        var other = TimelinesIcs.Write(Service.Align(Demo("sm3-follow-on"), new TimelineWhatIf("lor", new DateOnly(2027, 3, 1))), now);

        Assert.StartsWith("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
        Assert.Equal(aligned.Alignment.Steps.Count, Regex.Matches(ics, "BEGIN:VEVENT").Count);
        // The deposit's milestone on 2028-04-01, all day (DTSTART;VALUE=DATE), critical.
        Assert.Contains("DTSTART;VALUE=DATE:20280401", ics, StringComparison.Ordinal);
        var uids = Uids().Matches(ics).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(aligned.Alignment.Steps.Count, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains($"initial-deposit-{aligned.Alignment.PlanHash}@musubi", uids);
        Assert.Equal(uids, Uids().Matches(again).Select(m => m.Groups[1].Value));
        Assert.Empty(uids.Intersect(Uids().Matches(other).Select(m => m.Groups[1].Value)));
        Assert.Contains("Critical: yes", Unfold(ics), StringComparison.Ordinal);
    }

    [Fact]
    public void Holidays_AndBusinessDays_NameTheirBadFields()
    {
        Assert.Equal("2025-01-01", Service.Holidays("jp", 2025)[0].Date);
        Assert.Equal("country", Assert.Single(Assert.Throws<TimelinesInputException>(() => Service.Holidays("FR", 2025)).Errors).Field);
        Assert.Equal("year", Assert.Single(Assert.Throws<TimelinesInputException>(() => Service.Holidays("US", 1948)).Errors).Field);
        // Golden Week 2025-04-28 (Mon) to 2025-05-09 (Fri): 10 weekdays less 04-29, 05-05 and 05-06 = 7.
        Assert.Equal(7, Service.BusinessDays("JP", "2025-04-28", "2025-05-09").BusinessDays);
        Assert.Equal("to", Assert.Single(Assert.Throws<TimelinesInputException>(() => Service.BusinessDays("JP", "2025-05-09", "2025-04-28")).Errors).Field);
        Assert.Equal("from", Assert.Single(Assert.Throws<TimelinesInputException>(() => Service.BusinessDays("JP", "2025-13-01", "2025-12-31")).Errors).Field);
    }

    [Theory]
    [InlineData(2027, "令和9")]
    [InlineData(2019, "令和元")]
    [InlineData(2018, "平成30")]
    [InlineData(1989, "平成元")]
    [InlineData(1988, "昭和63")]
    public void Wareki_NamesTheJapaneseFiscalYear(int year, string era) => Assert.Equal(era, TimelinesService.Wareki(year));

    private static string Unfold(string ics) => ics.Replace("\r\n ", "", StringComparison.Ordinal);

    [GeneratedRegex("UID:([^\\r\\n]+)")]
    private static partial Regex Uids();
}
