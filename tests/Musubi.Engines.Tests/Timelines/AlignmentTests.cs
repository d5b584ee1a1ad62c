using Musubi.Engines.Timelines;

namespace Musubi.Engines.Tests.Timelines;

/// <summary>Hand-worked schedules: every date below is worked out in the comments.</summary>
public class AlignmentTests
{
    // U.S.: fiscal year October–September named by its end (31 U.S.C. 1102); Japan: April–March named by its start (財政法 第11条).
    internal static readonly FiscalCalendar Us = new("US", "US", 10, true, [
        new AnnualEvent("fy-start", "U.S. fiscal year start", "米国会計年度開始", AnnualDateRule.FixedDay, 10, 1),
        new AnnualEvent("pb-request", "President's budget request", "大統領予算教書", AnnualDateRule.NthWeekday, 2, Weekday: DayOfWeek.Monday, Nth: 1),
    ]);

    internal static readonly FiscalCalendar Jp = new("JP", "JP", 4, false, [
        new AnnualEvent("fy-start", "Japanese fiscal year start", "会計年度開始", AnnualDateRule.FixedDay, 4, 1),
        new AnnualEvent("budget-request", "Budget request deadline", "概算要求締切", AnnualDateRule.LastDayOfMonth, 8, BusinessDayOnOrBefore: true),
    ]);

    private static readonly DateOnly Start = D(2027, 1, 4); // a Monday

    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static TimelineStep Step(string id, string? calendar, int duration, DurationUnit unit = DurationUnit.Days, string? ev = null, DateOnly? notBefore = null, DateOnly? deadline = null) =>
        new(id, id, null, calendar, duration, unit, ev, notBefore, deadline);

    private static TimelineProblem Plan(TimelineStep[] steps, TimelineDependency[] dependencies, params FiscalConstraint[] constraints) =>
        new(Start, [Us, Jp], steps, dependencies, constraints);

    private static ScheduledStep Get(TimelineSchedule s, string id) => s.Steps.Single(x => x.Id == id);

    [Fact]
    public void DaysBusinessDaysMonthsAndStartToStart()
    {
        // a: 10 days from Monday 2027-01-04 → 2027-01-14.
        // b: 5 U.S. business days after a: Jan 15 (1), Jan 18 is Martin Luther King Jr. Day (third Monday), 19, 20, 21, 22 (5)
        //    → 2027-01-22.
        // c: starts 3 days after a starts (SS + 3) → 2027-01-07, one month → 2027-02-07.
        // d: milestone after b and c → 2027-02-07 (c binds). Finish 2027-02-07; path a → c → d.
        // b's slack: 5 business days from a start s end on or before Sunday Feb 7 — i.e. on Friday Feb 5 — for s up to
        //    Sunday Jan 31 (Feb 1–5 are the five); from Monday Feb 1 they end Feb 8. δ = Jan 31 − Jan 14 = 17 days.
        var schedule = TimelineAligner.Align(Plan(
            [Step("a", "US", 10), Step("b", "US", 5, DurationUnit.BusinessDays), Step("c", null, 1, DurationUnit.Months), Step("d", null, 0)],
            [new("a", "b"), new("a", "c", DependencyKind.StartToStart, 3), new("b", "d"), new("c", "d")]));

        Assert.Equal("feasible", schedule.Status);
        Assert.Equal(D(2027, 2, 7), schedule.Finish);
        Assert.Equal((D(2027, 1, 4), D(2027, 1, 14)), (Get(schedule, "a").EarliestStart, Get(schedule, "a").EarliestFinish));
        Assert.Equal((D(2027, 1, 14), D(2027, 1, 22)), (Get(schedule, "b").EarliestStart, Get(schedule, "b").EarliestFinish));
        Assert.Equal((D(2027, 1, 7), D(2027, 2, 7)), (Get(schedule, "c").EarliestStart, Get(schedule, "c").EarliestFinish));
        Assert.Equal(D(2027, 2, 7), Get(schedule, "d").EarliestStart);
        Assert.Equal(["a", "c", "d"], schedule.CriticalPath);

        var b = Get(schedule, "b");
        Assert.Equal(17, b.SlackDays);
        Assert.Equal(D(2027, 1, 31), b.LatestStart);
        Assert.Equal(D(2027, 2, 5), b.LatestFinish);
        Assert.False(b.Critical);
        Assert.All(new[] { "a", "c", "d" }, id => Assert.True(Get(schedule, id).Critical));
        Assert.Equal(0, Get(schedule, "a").SlackDays);
        Assert.Equal("dependency", Get(schedule, "c").Reason.Kind);
        Assert.Equal("a", Get(schedule, "c").Reason.Step);
        Assert.Equal("start", Get(schedule, "a").Reason.Kind);
        Assert.Equal("c", Get(schedule, "d").Reason.Step);
        Assert.Equal(2027, Get(schedule, "a").FiscalYear); // Jan 2027 is in U.S. FY2027
        Assert.Null(Get(schedule, "d").FiscalYear);
    }

    private static TimelineProblem FmsBeforeJapaneseFiscalYear() => Plan(
        [
            Step("lor", "US", 30),
            Step("loa", "US", 6, DurationUnit.Months),
            Step("fund", "JP", 0, ev: "fy-start"),
        ],
        [new("lor", "loa")],
        new FiscalConstraint(FiscalConstraintKind.BeforeFiscalYearOf, ["loa", "fund"], "JP"));

    [Fact]
    public void BeforeFiscalYearOfPushesTheFundingYear()
    {
        // lor: 2027-01-04 + 30 days → 2027-02-03. loa: + 6 months → 2027-08-03, in JP FY2027 (Apr 2027–Mar 2028).
        // fund: the next April 1 on or after the start is 2027-04-01 (JP FY2027) — but loa must finish before the JP
        //   fiscal year in which fund finishes starts, so fund must finish in FY2028: on or after 2028-04-01, and its
        //   event puts it on 2028-04-01. Finish 2028-04-01.
        // Slack: fund stays on 2028-04-01 while loa finishes by 2028-03-31 — loa starting by 2027-09-30
        //   (+6 months = 2028-03-30; Oct 1 → 2028-04-01, FY2028, which pushes fund a year). δ(loa) = Sep 30 − Feb 3 = 239.
        //   lor must finish by Sep 30, i.e. start by Aug 31: δ(lor) = Aug 31 − Jan 4 = 239. fund: any delay moves it
        //   to the next April 1, so 0.
        var schedule = TimelineAligner.Align(FmsBeforeJapaneseFiscalYear());

        Assert.Equal(D(2028, 4, 1), schedule.Finish);
        Assert.Equal(D(2027, 8, 3), Get(schedule, "loa").EarliestFinish);
        var fund = Get(schedule, "fund");
        Assert.Equal(D(2028, 4, 1), fund.EarliestStart);
        Assert.Equal(2028, fund.FiscalYear);
        Assert.Equal("fiscalYear", fund.Reason.Kind);
        Assert.Equal("loa", fund.Reason.Step);
        Assert.Equal(0, fund.SlackDays);
        Assert.True(fund.Critical);
        Assert.Equal(239, Get(schedule, "loa").SlackDays);
        Assert.Equal(D(2027, 9, 30), Get(schedule, "loa").LatestStart);
        Assert.Equal(D(2028, 3, 30), Get(schedule, "loa").LatestFinish);
        Assert.Equal(239, Get(schedule, "lor").SlackDays);
        Assert.Equal(D(2027, 8, 31), Get(schedule, "lor").LatestStart);
        Assert.Equal(["lor", "loa", "fund"], schedule.CriticalPath);
        Assert.False(Get(schedule, "lor").Critical); // on the chain, but with 239 days to spare
        Assert.Equal(2027, Get(schedule, "loa").FiscalYear); // August 2027 is U.S. FY2027
    }

    [Fact]
    public void WhatIfTheLetterOfRequestGoesInInSeptember()
    {
        // lor not before 2027-09-01 → finishes 2027-10-01; loa → 2028-04-01, JP FY2028; fund must finish in FY2029:
        // 2029-04-01. A month's slip past the end of August costs a year. lor's slack is now to 2028-08-31 (loa by
        // 2028-09-30 +6 months = 2029-03-30): 2027-09-01 → 2028-08-31 = 365 days (2028 is a leap year).
        var schedule = TimelineAligner.WhatIf(FmsBeforeJapaneseFiscalYear(), "lor", D(2027, 9, 1));

        Assert.Equal(D(2029, 4, 1), schedule.Finish);
        var lor = Get(schedule, "lor");
        Assert.Equal(D(2027, 9, 1), lor.EarliestStart);
        Assert.Equal("notBefore", lor.Reason.Kind);
        Assert.Equal(365, lor.SlackDays);
        Assert.Equal(D(2029, 4, 1), Get(schedule, "fund").EarliestFinish);

        // The original problem is unchanged.
        Assert.Equal(D(2028, 4, 1), TimelineAligner.Align(FmsBeforeJapaneseFiscalYear()).Finish);
        var e = Assert.Throws<TimelineInputException>(() => TimelineAligner.WhatIf(FmsBeforeJapaneseFiscalYear(), "nope", D(2027, 9, 1)));
        Assert.Equal("whatIf.step", Assert.Single(e.Problems).Field);
    }

    [Fact]
    public void SameFiscalYearAndADeadline()
    {
        // agree: 9 months from 2027-01-04 → 2027-10-04.
        // us-fund: the next October 1 on or after 2027-10-04 is 2028-10-01 → U.S. FY2029 (its event binds).
        // jp-fund: the next April 1 is 2027-04-01 (JP FY2027); same fiscal year as us-fund means JP FY2029, which
        //   starts 2029-04-01. Finish 2029-04-01. Its deadline 2029-03-01 is missed by 31 days.
        // agree's slack: us-fund stays on 2028-10-01 while agree finishes by then, i.e. starts by 2028-01-01:
        //   δ = 2028-01-01 − 2027-01-04 = 362.
        var schedule = TimelineAligner.Align(Plan(
            [Step("agree", "US", 9, DurationUnit.Months), Step("us-fund", "US", 0, ev: "fy-start"), Step("jp-fund", "JP", 0, ev: "fy-start", deadline: D(2029, 3, 1))],
            [new("agree", "us-fund")],
            new FiscalConstraint(FiscalConstraintKind.SameFiscalYear, ["us-fund", "jp-fund"])));

        Assert.Equal(D(2029, 4, 1), schedule.Finish);
        Assert.Equal(D(2028, 10, 1), Get(schedule, "us-fund").EarliestStart);
        Assert.Equal(2029, Get(schedule, "us-fund").FiscalYear);
        Assert.Equal("event", Get(schedule, "us-fund").Reason.Kind);
        Assert.Equal("fy-start", Get(schedule, "us-fund").Reason.Event);
        var jp = Get(schedule, "jp-fund");
        Assert.Equal(D(2029, 4, 1), jp.EarliestStart);
        Assert.Equal(2029, jp.FiscalYear);
        Assert.Equal("fiscalYear", jp.Reason.Kind);
        Assert.Equal("us-fund", jp.Reason.Step);
        Assert.Equal(["us-fund", "jp-fund"], schedule.CriticalPath);
        Assert.Equal(362, Get(schedule, "agree").SlackDays);

        Assert.Equal("late", schedule.Status);
        var conflict = Assert.Single(schedule.Conflicts);
        Assert.Equal(("jp-fund", 31, D(2029, 3, 1)), (conflict.Step, conflict.DaysLate, conflict.Deadline));
    }

    [Fact]
    public void DeadlinesLimitSlack()
    {
        // a: 10 days → 2027-01-14, deadline 2027-01-20: 6 days of slack, though b (30 days → 2027-02-03) sets the finish.
        var schedule = TimelineAligner.Align(Plan([Step("a", null, 10, deadline: D(2027, 1, 20)), Step("b", null, 30)], []));
        Assert.Equal(6, Get(schedule, "a").SlackDays);
        Assert.Equal(0, Get(schedule, "b").SlackDays);
        Assert.Equal(["b"], schedule.CriticalPath);
        Assert.Equal("feasible", schedule.Status);
    }

    [Fact]
    public void BudgetRequestEventOnABusinessDay()
    {
        // Japan's budget request is due on the last business day of August: 2027-08-31 is a Tuesday. A step tied to it and
        // preceded by 8 months of work from 2027-01-04 (→ 2027-09-04) waits for 2028-08-31, a Thursday.
        var schedule = TimelineAligner.Align(Plan(
            [Step("study", null, 8, DurationUnit.Months), Step("request", "JP", 0, ev: "budget-request")],
            [new("study", "request")]));
        Assert.Equal(D(2028, 8, 31), Get(schedule, "request").EarliestStart);
        Assert.Equal("event", Get(schedule, "request").Reason.Kind);
        Assert.Equal(["request"], schedule.CriticalPath);
    }

    [Fact]
    public void CycleIsNamed()
    {
        var e = Assert.Throws<TimelineInputException>(() => TimelineAligner.Align(Plan(
            [Step("a", null, 1), Step("b", null, 1), Step("c", null, 1), Step("x", null, 1)],
            [new("a", "b"), new("b", "c"), new("c", "a"), new("x", "a")])));
        var problem = Assert.Single(e.Problems);
        Assert.Equal("dependencies", problem.Field);
        Assert.Equal("cycle a → b → c → a", problem.Message);

        var self = Assert.Throws<TimelineInputException>(() => TimelineAligner.Align(Plan([Step("a", null, 1)], [new("a", "a")])));
        Assert.Equal("cycle a → a", Assert.Single(self.Problems).Message);
    }

    [Fact]
    public void ValidationNamesEveryField()
    {
        var problem = new TimelineProblem(
            Start,
            [Us, Jp, new FiscalCalendar("XX", "GB", 13, false, [])],
            [
                Step("a", null, 1),
                Step("a", null, 1),
                Step("bad id", null, 1),
                Step("b", null, 5, DurationUnit.BusinessDays),
                Step("c", "JP", 0, ev: "pb-request"),
                Step("d", "FR", 1),
                Step("e", null, -1),
                Step("f", null, 121, DurationUnit.Months),
                Step("g", null, 2501, DurationUnit.BusinessDays),
                Step("h", null, 3651),
                Step("i", null, 0, ev: "fy-start"),
            ],
            [new("a", "zz"), new("yy", "b"), new("a", "b", DependencyKind.FinishToStart, -2)],
            [
                new(FiscalConstraintKind.SameFiscalYear, ["a"]),
                new(FiscalConstraintKind.BeforeFiscalYearOf, ["c", "b", "a"]),
                new(FiscalConstraintKind.BeforeFiscalYearOf, ["c", "nope"], "ZZ"),
            ]);
        var e = Assert.Throws<TimelineInputException>(() => TimelineAligner.Align(problem));
        var fields = e.Problems.Select(p => p.Field).ToHashSet();
        foreach (var field in new[]
        {
            "calendars[2].country", "calendars[2].fiscalYearStartMonth",
            "steps[1].id", "steps[2].id", "steps[3].calendar", "steps[4].event", "steps[5].calendar", "steps[6].duration",
            "steps[7].duration", "steps[8].duration", "steps[8].calendar", "steps[9].duration", "steps[10].calendar",
            "dependencies[0].to", "dependencies[1].from", "dependencies[2].lagDays",
            "constraints[0].steps", "constraints[0].steps[0]", "constraints[1].steps", "constraints[1].calendar",
            "constraints[2].steps[1]", "constraints[2].calendar",
        })
        {
            Assert.Contains(field, fields);
        }

        Assert.Equal("steps", Assert.Single(Assert.Throws<TimelineInputException>(() => TimelineAligner.Align(Plan([], []))).Problems).Field);

        // Dates and values no caller should send still come back as problems, not crashes.
        var far = new TimelineProblem(DateOnly.MaxValue, [Us], [Step("a", "US", 1, notBefore: DateOnly.MaxValue)], [], []);
        Assert.Contains("start", Assert.Throws<TimelineInputException>(() => TimelineAligner.Align(far)).Problems.Select(p => p.Field));
        var odd = new TimelineProblem(
            Start,
            [new FiscalCalendar("US", "US", 10, true, null!), new FiscalCalendar(null!, null!, 0, true, [null!])],
            [Step("a", "US", 1, ev: "fy-start"), null!, new TimelineStep(null!, null!, null, null, 1, (DurationUnit)7)],
            [null!, new TimelineDependency(null!, null!, (DependencyKind)5)],
            [null!, new FiscalConstraint((FiscalConstraintKind)9, null!)]);
        var problems = Assert.Throws<TimelineInputException>(() => TimelineAligner.Align(odd)).Problems.Select(p => p.Field).ToHashSet();
        foreach (var field in new[] { "steps[0].event", "steps[1]", "steps[2].id", "steps[2].name", "steps[2].unit", "calendars[1].id", "calendars[1].country", "calendars[1].events[0]", "dependencies[0]", "dependencies[1].from", "dependencies[1].kind", "constraints[0]", "constraints[1].kind" })
        {
            Assert.Contains(field, problems);
        }
    }

    [Fact]
    public void APlanThatCannotFinishWithinTheHorizonSaysSo()
    {
        // Two steps that must finish in the same fiscal year, one U.S. with a 2-year duration... always fits; but a step that must
        // finish before the Japanese fiscal year of a step that finishes before it can never be satisfied: each push of b
        // pushes a (a follows b), which pushes b again.
        var e = Assert.Throws<TimelineInputException>(() => TimelineAligner.Align(Plan(
            [Step("a", "US", 10), Step("b", "JP", 10)],
            [new("b", "a")],
            new FiscalConstraint(FiscalConstraintKind.BeforeFiscalYearOf, ["a", "b"], "JP"))));
        Assert.Equal("constraints", Assert.Single(e.Problems).Field);
    }

    [Fact]
    public void LargePlansAreFine()
    {
        // 2,000 independent steps of 0–999 days: the longest (999 days) sets the finish; each step's slack is the rest.
        var steps = Enumerable.Range(0, TimelineAligner.MaxSteps).Select(i => Step($"s{i}", null, i % 1000)).ToArray();
        var schedule = TimelineAligner.Align(Plan(steps, []));
        Assert.Equal(Start.AddDays(999), schedule.Finish);
        Assert.All(schedule.Steps, s => Assert.Equal(999 - (int.Parse(s.Id[1..], System.Globalization.CultureInfo.InvariantCulture) % 1000), s.SlackDays));
        Assert.Equal(["s1999"], schedule.CriticalPath);

        // A chain of 300 one-day steps: finish 300 days after the start, all critical.
        var chain = Enumerable.Range(0, 300).Select(i => Step($"c{i}", null, 1)).ToArray();
        var dependencies = Enumerable.Range(1, 299).Select(i => new TimelineDependency($"c{i - 1}", $"c{i}")).ToArray();
        var chained = TimelineAligner.Align(Plan(chain, dependencies));
        Assert.Equal(Start.AddDays(300), chained.Finish);
        Assert.Equal(300, chained.CriticalPath.Count);
        Assert.All(chained.Steps, s => Assert.True(s.Critical));

        var tooMany = Enumerable.Range(0, TimelineAligner.MaxSteps + 1).Select(i => Step($"s{i}", null, 1)).ToArray();
        Assert.Equal("steps", Assert.Single(Assert.Throws<TimelineInputException>(() => TimelineAligner.Align(Plan(tooMany, []))).Problems).Field);
    }
}
