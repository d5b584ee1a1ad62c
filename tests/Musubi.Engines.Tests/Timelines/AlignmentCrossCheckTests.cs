using CsCheck;
using Musubi.Engines.Timelines;

namespace Musubi.Engines.Tests.Timelines;

/// <summary>
/// The aligner against a naive model on small random plans (≤ 8 steps in calendar days, or ≤ 6 mixing business days,
/// months and annual events; random dependencies, not-before dates, deadlines and fiscal-year constraints): earliest
/// dates from Bellman-Ford-style relaxation of every bound until nothing moves (a fiscal finish bound met by scanning
/// start days one by one), and slack by trying every delay δ from 0 to the finish.
/// </summary>
public class AlignmentCrossCheckTests
{
    private static readonly DateOnly Start = new(2027, 1, 4);

    private sealed record Case(TimelineProblem Problem)
    {
        public override string ToString() =>
            string.Join("; ", Problem.Steps.Select(s => $"{s.Id}:{s.Calendar}:{s.Duration}{s.Unit} ev={s.Event} nb={s.NotBefore} dl={s.Deadline}"))
            + " | " + string.Join(", ", Problem.Dependencies.Select(d => $"{d.From}->{d.To} {d.Kind} +{d.LagDays}"))
            + " | " + string.Join(", ", Problem.Constraints.Select(c => $"{c.Kind}({string.Join(",", c.Steps)}) {c.Calendar}"));
    }

    private static readonly Gen<Case> Cases = Plans(mixed: false);

    /// <summary>Random plans; <paramref name="mixed"/>: business days, months and annual events too.</summary>
    private static Gen<Case> Plans(bool mixed) => Gen.Int[0, int.MaxValue].Select(seed =>
    {
        var random = new Random(seed);
        var n = random.Next(1, mixed ? 7 : 9);
        var steps = new TimelineStep[n];
        for (var i = 0; i < n; i++)
        {
            var calendar = random.Next(2) == 0 ? "US" : "JP";
            var unit = mixed ? (DurationUnit)random.Next(3) : DurationUnit.Days;
            var duration = unit switch
            {
                DurationUnit.Days => random.Next(0, mixed ? 120 : 200),
                DurationUnit.BusinessDays => random.Next(0, 60),
                _ => random.Next(0, 7),
            };
            string? annual = mixed && random.Next(4) == 0
                ? (calendar, random.Next(2)) switch
                {
                    ("US", 0) => "pb-request",
                    ("JP", 0) => "budget-request",
                    _ => "fy-start",
                }
                : null;
            steps[i] = new TimelineStep(
                $"s{i}",
                $"Step {i}",
                null,
                calendar,
                duration,
                unit,
                annual,
                NotBefore: random.Next(4) == 0 ? Start.AddDays(random.Next(0, 400)) : null,
                Deadline: random.Next(4) == 0 ? Start.AddDays(random.Next(0, 700)) : null);
        }

        var dependencies = new List<TimelineDependency>();
        for (var to = 1; to < n; to++)
        {
            for (var from = 0; from < to; from++)
            {
                if (random.Next(3) == 0)
                {
                    dependencies.Add(new TimelineDependency(
                        $"s{from}",
                        $"s{to}",
                        random.Next(3) == 0 ? DependencyKind.StartToStart : DependencyKind.FinishToStart,
                        random.Next(2) == 0 ? 0 : random.Next(0, 30)));
                }
            }
        }

        // Shuffle the steps so the input order is not the topological one.
        steps = [.. steps.OrderBy(_ => random.Next())];
        var constraints = new List<FiscalConstraint>();
        if (n >= 2 && random.Next(2) == 0)
        {
            var a = random.Next(n);
            var b = (a + 1 + random.Next(n - 1)) % n;
            constraints.Add(new FiscalConstraint(FiscalConstraintKind.SameFiscalYear, [$"s{a}", $"s{b}"]));
        }

        if (n >= 2 && random.Next(2) == 0)
        {
            var a = random.Next(n);
            var b = (a + 1 + random.Next(n - 1)) % n;
            constraints.Add(new FiscalConstraint(FiscalConstraintKind.BeforeFiscalYearOf, [$"s{a}", $"s{b}"], random.Next(2) == 0 ? "US" : "JP"));
        }

        return new Case(new TimelineProblem(Start, [AlignmentTests.Us, AlignmentTests.Jp], steps, dependencies, constraints));
    });

    /// <summary>Earliest starts by relaxing every bound, in input order, until none moves; null past the horizon.</summary>
    private static Dictionary<string, DateOnly>? NaiveStarts(TimelineProblem problem, string? delayed = null, DateOnly delayedNotBefore = default)
    {
        var calendars = problem.Calendars.ToDictionary(c => c.Id);
        var es = problem.Steps.ToDictionary(s => s.Id, _ => problem.Start);
        var finishBound = problem.Steps.ToDictionary(s => s.Id, _ => DateOnly.MinValue);
        var byId = problem.Steps.ToDictionary(s => s.Id);
        DateOnly Ef(string id) => FinishOf(problem, byId[id], es[id]);
        DateOnly Snap(TimelineStep step, DateOnly date) =>
            step.Event is null ? date : calendars[step.Calendar!].NextOccurrence(calendars[step.Calendar!].FindEvent(step.Event)!, date);
        var limit = problem.Start.AddYears(TimelineAligner.HorizonYears);
        for (var round = 0; ; round++)
        {
            var changed = false;
            foreach (var step in problem.Steps)
            {
                var lb = problem.Start;
                var notBefore = step.Id == delayed ? delayedNotBefore : step.NotBefore;
                if (notBefore is { } nb && nb > lb)
                {
                    lb = nb;
                }

                foreach (var d in problem.Dependencies.Where(d => d.To == step.Id))
                {
                    var bound = (d.Kind == DependencyKind.FinishToStart ? Ef(d.From) : es[d.From]).AddDays(d.LagDays);
                    lb = bound > lb ? bound : lb;
                }

                // A fiscal finish bound: the first start, day by day, whose finish reaches it.
                if (finishBound[step.Id] != DateOnly.MinValue)
                {
                    while (FinishOf(problem, step, Snap(step, lb)) < finishBound[step.Id])
                    {
                        lb = lb.AddDays(1);
                    }
                }

                var start = Snap(step, lb);
                if (start > es[step.Id])
                {
                    es[step.Id] = start;
                    changed = true;
                }

                if (Ef(step.Id) > limit)
                {
                    return null;
                }
            }

            foreach (var c in problem.Constraints)
            {
                if (c.Kind == FiscalConstraintKind.SameFiscalYear)
                {
                    var year = c.Steps.Max(id => calendars[byId[id].Calendar!].FiscalYearOf(Ef(id)));
                    foreach (var id in c.Steps)
                    {
                        var calendar = calendars[byId[id].Calendar!];
                        if (calendar.FiscalYearOf(Ef(id)) < year && calendar.FiscalYearStart(year) > finishBound[id])
                        {
                            finishBound[id] = calendar.FiscalYearStart(year);
                            changed = true;
                        }
                    }
                }
                else
                {
                    var calendar = calendars[c.Calendar!];
                    var (first, second) = (c.Steps[0], c.Steps[1]);
                    // second must finish on or after the start of the first fiscal year that begins after first finishes.
                    var next = calendar.FiscalYearStart(calendar.FiscalYearOf(Ef(first)) + 1);
                    if (Ef(second) < next && next > finishBound[second])
                    {
                        finishBound[second] = next;
                        changed = true;
                    }
                }
            }

            if (!changed)
            {
                return es;
            }
        }
    }

    private static DateOnly FinishOf(TimelineProblem problem, TimelineStep step, DateOnly start) => step.Unit switch
    {
        DurationUnit.Days => start.AddDays(step.Duration),
        DurationUnit.Months => start.AddMonths(step.Duration),
        _ => BusinessCalendar.For(problem.Calendars.Single(c => c.Id == step.Calendar).Country).Add(start, step.Duration),
    };

    [Fact]
    public void AgreesWithTheNaiveModel() => AgreeWithTheNaiveModel(Cases, 100, exhaustive: true);

    /// <summary>Business days, months and annual events make each finish a step function of its start; the naive
    /// model scans day by day. Slack is checked on every δ up to slack + 45 and every 17th day beyond.</summary>
    [Fact]
    public void AgreesWithTheNaiveModelOnStepFunctions() => AgreeWithTheNaiveModel(Plans(mixed: true), 40, exhaustive: false);

    private static void AgreeWithTheNaiveModel(Gen<Case> cases, int iterations, bool exhaustive)
    {
        var pushed = 0;
        var horizon = 0;
        cases.Sample(
            c =>
            {
                var problem = c.Problem;
                var byId = problem.Steps.ToDictionary(s => s.Id);
                var naive = NaiveStarts(problem);
                if (naive is null)
                {
                    var e = Assert.Throws<TimelineInputException>(() => TimelineAligner.Align(problem));
                    Assert.Equal("constraints", Assert.Single(e.Problems).Field);
                    Interlocked.Increment(ref horizon);
                    return;
                }

                var schedule = TimelineAligner.Align(problem);
                if (schedule.Steps.Any(x => x.Reason.Kind == "fiscalYear"))
                {
                    Interlocked.Increment(ref pushed);
                }

                DateOnly Finish(Dictionary<string, DateOnly> es, string id) => FinishOf(problem, byId[id], es[id]);
                var finish = problem.Steps.Max(s => Finish(naive, s.Id));
                Assert.Equal(finish, schedule.Finish);
                foreach (var s in schedule.Steps)
                {
                    Assert.Equal(naive[s.Id], s.EarliestStart);
                    Assert.Equal(Finish(naive, s.Id), s.EarliestFinish);
                    var calendar = problem.Calendars.Single(k => k.Id == byId[s.Id].Calendar);
                    Assert.Equal(calendar.FiscalYearOf(s.EarliestFinish), s.FiscalYear);
                }

                // Slack: try every δ; the acceptable ones must be 0..slack exactly (the monotonicity the binary search uses).
                foreach (var s in schedule.Steps)
                {
                    var acceptable = new List<int>();
                    var firstFailure = int.MaxValue;
                    for (var delta = 0; delta <= finish.DayNumber - s.EarliestStart.DayNumber; delta++)
                    {
                        if (!exhaustive && firstFailure < int.MaxValue && delta > firstFailure + 45 && delta % 17 != 0)
                        {
                            continue;
                        }

                        var probe = NaiveStarts(problem, s.Id, s.EarliestStart.AddDays(delta));
                        if (probe is not null
                            && problem.Steps.Max(x => Finish(probe, x.Id)) == finish
                            && problem.Steps.All(x => x.Deadline is not { } deadline || Finish(probe, x.Id) <= deadline || Finish(probe, x.Id) <= Finish(naive, x.Id)))
                        {
                            acceptable.Add(delta);
                        }
                        else
                        {
                            firstFailure = Math.Min(firstFailure, delta);
                        }
                    }

                    Assert.Equal(Enumerable.Range(0, acceptable.Count), acceptable);
                    Assert.Equal(acceptable.Count - 1, s.SlackDays);
                    Assert.Equal(s.EarliestStart.AddDays(s.SlackDays), s.LatestStart);
                    var delayed = NaiveStarts(problem, s.Id, s.LatestStart)!;
                    Assert.Equal(Finish(delayed, s.Id), s.LatestFinish);
                }

                // Conflicts: exactly the missed deadlines.
                var late = problem.Steps.Where(x => x.Deadline is { } d && Finish(naive, x.Id) > d).Select(x => x.Id).Order().ToArray();
                Assert.Equal(late, schedule.Conflicts.Select(x => x.Step).Order().ToArray());
                Assert.Equal(late.Length == 0 ? "feasible" : "late", schedule.Status);

                // The critical path ends at a step that finishes last and each link is a binding dependency or constraint.
                Assert.Equal(finish, Finish(naive, schedule.CriticalPath[^1]));
                for (var k = 1; k < schedule.CriticalPath.Count; k++)
                {
                    var reason = schedule.Steps.Single(x => x.Id == schedule.CriticalPath[k]).Reason;
                    Assert.Contains(reason.Kind, new[] { "dependency", "fiscalYear" });
                    Assert.Equal(schedule.CriticalPath[k - 1], reason.Step);
                }

                // It starts at a step bound by the plan's start, its not-before date or its event, or where following the reasons
                // would come back to a step already on it (fiscal constraints binding both ways).
                var head = schedule.Steps.Single(x => x.Id == schedule.CriticalPath[0]).Reason;
                Assert.True(head.Kind is "start" or "notBefore" or "event" || schedule.CriticalPath.Contains(head.Step), head.Message);
            },
            iter: iterations,
            print: c => c.ToString());

        // The random plans exercise the fiscal constraints: some steps are pushed by them.
        Assert.True(pushed > iterations / 20, $"{pushed} plans with a fiscal push, {horizon} past the horizon");
    }

    [Fact]
    public void DaysOnlyWithoutConstraintsMatchesTheClassicBackwardPass()
    {
        // Without constraints or deadlines, slack is the classic critical-path float: LF = min over successors of their
        // latest start less the lag (finish-to-start) and the plan's finish for the rest; LS = LF − duration; and for a
        // start-to-start link, LS ≤ successor LS − lag.
        Cases.Sample(
            c =>
            {
                var problem = c.Problem with
                {
                    Constraints = [],
                    Steps = [.. c.Problem.Steps.Select(s => s with { Deadline = null })],
                };
                var schedule = TimelineAligner.Align(problem);
                var byId = problem.Steps.ToDictionary(s => s.Id);
                var latestStart = new Dictionary<string, int>();
                var pending = problem.Steps.Select(s => s.Id).ToList();
                while (pending.Count > 0)
                {
                    var ready = pending.First(id => problem.Dependencies.Where(d => d.From == id).All(d => latestStart.ContainsKey(d.To)));
                    var ls = schedule.Finish.DayNumber - byId[ready].Duration;
                    foreach (var d in problem.Dependencies.Where(d => d.From == ready))
                    {
                        ls = Math.Min(ls, d.Kind == DependencyKind.FinishToStart
                            ? latestStart[d.To] - d.LagDays - byId[ready].Duration
                            : latestStart[d.To] - d.LagDays);
                    }

                    latestStart[ready] = ls;
                    pending.Remove(ready);
                }

                foreach (var s in schedule.Steps)
                {
                    Assert.Equal(latestStart[s.Id], s.LatestStart.DayNumber);
                }
            },
            iter: 300,
            print: c => c.ToString());
    }
}
