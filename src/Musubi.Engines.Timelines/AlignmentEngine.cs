using System.Globalization;

namespace Musubi.Engines.Timelines;

/// <summary>
/// The alignment computation behind <see cref="TimelineAligner"/>: a validated, indexed plan whose earliest schedule is
/// the least fixpoint of monotone lower bounds on each step's start (plan start, not-before date, dependencies, the
/// next occurrence of the step's annual event, and finish bounds from fiscal-year constraints turned into start bounds
/// by binary search, since a step's finish is a non-decreasing step function of its start).
/// </summary>
internal sealed class AlignmentEngine
{
    internal const int MaxDays = 3650;
    internal const int MaxMonths = 120;
    internal const int MaxBusinessDays = 2500;
    internal const int MaxLagDays = 3650;
    internal const int MaxIdLength = 64;

    private readonly TimelineProblem problem;
    private readonly TimelineStep[] steps;
    private readonly FiscalCalendar?[] calendars;
    private readonly AnnualEvent?[] events;
    private readonly BusinessCalendar?[] businessDays;
    private readonly List<Pred>[] preds;
    private readonly int[] order;
    private readonly int[] position;
    private readonly List<int>[] successors;
    private readonly List<int>[] memberOf;
    private readonly Constraint[] constraints;
    private readonly DateOnly limit;

    private AlignmentEngine(
        TimelineProblem problem,
        FiscalCalendar?[] calendars,
        AnnualEvent?[] events,
        List<Pred>[] preds,
        int[] order,
        Constraint[] constraints)
    {
        this.problem = problem;
        steps = [.. problem.Steps];
        this.calendars = calendars;
        this.events = events;
        businessDays = calendars.Select(c => c is null ? null : BusinessCalendar.For(c.Country)).ToArray();
        this.preds = preds;
        this.order = order;
        this.constraints = constraints;
        var n = steps.Length;
        position = new int[n];
        for (var k = 0; k < order.Length; k++)
        {
            position[order[k]] = k;
        }

        successors = new List<int>[n];
        memberOf = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            successors[i] = [];
            memberOf[i] = [];
        }

        for (var i = 0; i < n; i++)
        {
            foreach (var p in preds[i])
            {
                successors[p.From].Add(i);
            }
        }

        for (var c = 0; c < constraints.Length; c++)
        {
            foreach (var member in constraints[c].Steps)
            {
                memberOf[member].Add(c);
            }
        }
        limit = problem.Start.AddYears(TimelineAligner.HorizonYears);
    }

    private enum ReasonKind
    {
        Start,
        NotBefore,
        Dependency,
        Event,
        FiscalYear,
    }

    /// <summary>Validates and indexes <paramref name="problem"/>.</summary>
    /// <exception cref="TimelineInputException">every problem found, each naming its field.</exception>
    public static AlignmentEngine Compile(TimelineProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var errors = new List<TimelineInputProblem>();
        void Error(string field, string message) => errors.Add(new TimelineInputProblem(field, message));

        var stepList = problem.Steps ?? [];
        var calendarList = problem.Calendars ?? [];
        var dependencyList = problem.Dependencies ?? [];
        var constraintList = problem.Constraints ?? [];
        if (problem.Steps is null || stepList.Count == 0)
        {
            Error("steps", "a plan needs at least one step");
        }
        else if (stepList.Count > TimelineAligner.MaxSteps)
        {
            Error("steps", $"{stepList.Count} steps; at most {TimelineAligner.MaxSteps}");
        }

        if (problem.Start < BusinessCalendar.MinDate || problem.Start > BusinessCalendar.MaxDate)
        {
            Error("start", $"{Format(problem.Start)} is outside {Holidays.MinYear}–{Holidays.MaxYear}");
        }

        var horizonEnd = problem.Start <= BusinessCalendar.MaxDate ? problem.Start.AddYears(TimelineAligner.HorizonYears) : DateOnly.MaxValue;

        // Calendars.
        var calendarIndex = new Dictionary<string, FiscalCalendar>(StringComparer.Ordinal);
        for (var c = 0; c < calendarList.Count; c++)
        {
            var calendar = calendarList[c];
            var at = $"calendars[{c}]";
            if (calendar is null)
            {
                Error(at, "is null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(calendar.Id))
            {
                Error($"{at}.id", "is required");
            }
            else if (!calendarIndex.TryAdd(calendar.Id, calendar))
            {
                Error($"{at}.id", $"'{calendar.Id}' is used by another calendar");
            }

            if (!Holidays.Countries.Contains(calendar.Country))
            {
                Error($"{at}.country", $"'{calendar.Country}' has no holiday rules; use JP or US");
            }

            if (calendar.FiscalYearStartMonth is < 1 or > 12)
            {
                Error($"{at}.fiscalYearStartMonth", $"{calendar.FiscalYearStartMonth} is not a month (1–12)");
            }

            var eventIds = new HashSet<string>(StringComparer.Ordinal);
            var eventList = calendar.Events ?? [];
            for (var e = 0; e < eventList.Count; e++)
            {
                var annual = eventList[e];
                var eventAt = $"{at}.events[{e}]";
                if (annual is null)
                {
                    Error(eventAt, "is null");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(annual.Id))
                {
                    Error($"{eventAt}.id", "is required");
                }
                else if (!eventIds.Add(annual.Id))
                {
                    Error($"{eventAt}.id", $"'{annual.Id}' appears twice in calendar '{calendar.Id}'");
                }

                if (!Enum.IsDefined(annual.Rule))
                {
                    Error($"{eventAt}.rule", $"unknown rule {annual.Rule}");
                    continue;
                }

                try
                {
                    _ = annual.In(2000);
                }
                catch (TimelineInputException ex)
                {
                    errors.AddRange(ex.Problems.Select(p => p with { Field = $"{eventAt}.{p.Field}" }));
                }
            }
        }

        // Steps.
        var n = stepList.Count;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var stepCalendars = new FiscalCalendar?[n];
        var stepEvents = new AnnualEvent?[n];
        for (var i = 0; i < n; i++)
        {
            var step = stepList[i];
            var at = $"steps[{i}]";
            if (step is null)
            {
                Error(at, "is null");
                continue;
            }

            if (!WellFormedId(step.Id))
            {
                Error($"{at}.id", $"'{step.Id}' is not an id (1–{MaxIdLength} letters, digits, '-' or '_')");
            }
            else if (!index.TryAdd(step.Id, i))
            {
                Error($"{at}.id", $"'{step.Id}' is used by another step");
            }

            if (string.IsNullOrWhiteSpace(step.Name))
            {
                Error($"{at}.name", "is required");
            }

            if (step.Calendar is not null)
            {
                if (calendarIndex.TryGetValue(step.Calendar, out var calendar))
                {
                    stepCalendars[i] = calendar;
                }
                else
                {
                    Error($"{at}.calendar", $"'{step.Calendar}' is not one of the plan's calendars");
                }
            }

            if (!Enum.IsDefined(step.Unit))
            {
                Error($"{at}.unit", $"unknown unit {step.Unit}");
            }
            else
            {
                var max = step.Unit switch
                {
                    DurationUnit.Days => MaxDays,
                    DurationUnit.BusinessDays => MaxBusinessDays,
                    _ => MaxMonths,
                };
                if (step.Duration < 0 || step.Duration > max)
                {
                    Error($"{at}.duration", $"{step.Duration} is not between 0 and {max} {UnitName(step.Unit)}");
                }

                if (step.Unit == DurationUnit.BusinessDays && step.Calendar is null)
                {
                    Error($"{at}.calendar", "a step in business days needs a calendar (whose country's holidays count)");
                }
            }

            if (step.Event is not null)
            {
                if (step.Calendar is null)
                {
                    Error($"{at}.calendar", $"a step tied to event '{step.Event}' needs the calendar the event belongs to");
                }
                else if (stepCalendars[i] is { } calendar)
                {
                    stepEvents[i] = calendar.FindEvent(step.Event);
                    if (stepEvents[i] is null)
                    {
                        Error($"{at}.event", $"calendar '{calendar.Id}' has no event '{step.Event}'");
                    }
                }
            }

            if (step.NotBefore is { } notBefore && (notBefore > horizonEnd || notBefore > BusinessCalendar.MaxDate))
            {
                Error($"{at}.notBefore", $"{Format(notBefore)} is more than {TimelineAligner.HorizonYears} years after the plan's start");
            }
        }

        // Dependencies.
        var preds = new List<Pred>[n];
        for (var i = 0; i < n; i++)
        {
            preds[i] = [];
        }

        for (var d = 0; d < dependencyList.Count; d++)
        {
            var dependency = dependencyList[d];
            var at = $"dependencies[{d}]";
            if (dependency is null)
            {
                Error(at, "is null");
                continue;
            }

            var from = dependency.From is not null && index.TryGetValue(dependency.From, out var f) ? f : -1;
            var to = dependency.To is not null && index.TryGetValue(dependency.To, out var t) ? t : -1;
            if (from < 0)
            {
                Error($"{at}.from", $"'{dependency.From}' is not a step");
            }

            if (to < 0)
            {
                Error($"{at}.to", $"'{dependency.To}' is not a step");
            }

            if (!Enum.IsDefined(dependency.Kind))
            {
                Error($"{at}.kind", $"unknown kind {dependency.Kind}");
            }

            if (dependency.LagDays is < 0 or > MaxLagDays)
            {
                Error($"{at}.lagDays", $"{dependency.LagDays} is not between 0 and {MaxLagDays}");
            }

            if (from >= 0 && to >= 0)
            {
                preds[to].Add(new Pred(from, dependency.Kind, dependency.LagDays));
            }
        }

        var order = TopologicalOrder(stepList, preds, errors);

        // Constraints.
        var compiled = new List<Constraint>();
        for (var c = 0; c < constraintList.Count; c++)
        {
            var constraint = constraintList[c];
            var at = $"constraints[{c}]";
            if (constraint is null)
            {
                Error(at, "is null");
                continue;
            }

            var ids = constraint.Steps ?? [];
            var members = new List<int>();
            for (var s = 0; s < ids.Count; s++)
            {
                if (ids[s] is { } id && index.TryGetValue(id, out var member))
                {
                    if (members.Contains(member))
                    {
                        Error($"{at}.steps[{s}]", $"'{id}' appears twice");
                    }

                    members.Add(member);
                }
                else
                {
                    Error($"{at}.steps[{s}]", $"'{ids[s]}' is not a step");
                }
            }

            switch (constraint.Kind)
            {
                case FiscalConstraintKind.SameFiscalYear:
                    if (ids.Count < 2)
                    {
                        Error($"{at}.steps", "sameFiscalYear ties two or more steps");
                    }

                    for (var s = 0; s < ids.Count; s++)
                    {
                        if (ids[s] is { } id && index.TryGetValue(id, out var member) && stepCalendars[member] is null && stepList[member]?.Calendar is null)
                        {
                            Error($"{at}.steps[{s}]", $"step '{id}' has no calendar, so no fiscal year");
                        }
                    }

                    if (constraint.Calendar is not null && !calendarIndex.ContainsKey(constraint.Calendar))
                    {
                        Error($"{at}.calendar", $"'{constraint.Calendar}' is not one of the plan's calendars");
                    }

                    break;
                case FiscalConstraintKind.BeforeFiscalYearOf:
                    if (ids.Count != 2)
                    {
                        Error($"{at}.steps", "beforeFiscalYearOf ties exactly two steps: the one that finishes first, then the one whose fiscal year counts");
                    }

                    if (constraint.Calendar is null)
                    {
                        Error($"{at}.calendar", "beforeFiscalYearOf needs the calendar whose fiscal year counts");
                    }
                    else if (!calendarIndex.ContainsKey(constraint.Calendar))
                    {
                        Error($"{at}.calendar", $"'{constraint.Calendar}' is not one of the plan's calendars");
                    }

                    break;
                default:
                    Error($"{at}.kind", $"unknown kind {constraint.Kind}");
                    break;
            }

            if (errors.Count == 0)
            {
                compiled.Add(new Constraint(
                    constraint.Kind,
                    [.. members],
                    constraint.Calendar is null ? null : calendarIndex[constraint.Calendar]));
            }
        }

        if (errors.Count > 0)
        {
            throw new TimelineInputException(errors);
        }

        return new AlignmentEngine(problem, stepCalendars, stepEvents, preds, order, [.. compiled]);
    }

    /// <summary>The earliest schedule, slack, critical path and conflicts.</summary>
    public TimelineSchedule Align()
    {
        Schedule baseline;
        try
        {
            baseline = Baseline();
        }
        catch (HorizonException ex)
        {
            throw new TimelineInputException(ex.Field, ex.Message);
        }

        var finish = baseline.Finish;
        var n = steps.Length;

        // Slack: the largest delay δ of a step's start (as a not-before date ES + δ) that moves neither the plan's finish
        // nor any deadline the earliest schedule meets, nor makes a late step later. Delaying a step never moves any date
        // earlier, so "acceptable" holds for δ from 0 up to some bound and fails after it. The search starts from the
        // backward pass's estimate (exact without fiscal constraints, so usually two probes: δ and δ + 1) and gallops
        // from there (1, 2, 4, … days up or down), then binary-searches the bracket. Every answer is a probe's.
        var estimate = BackwardPass(baseline);

        // A step from which no fiscal constraint can be reached moves only its descendants, whose bounds all have exact
        // inverses: there the backward pass is the answer.
        var reachesConstraint = new bool[n];
        for (var k = order.Length - 1; k >= 0; k--)
        {
            var i = order[k];
            reachesConstraint[i] = memberOf[i].Count > 0 || successors[i].Exists(x => reachesConstraint[x]);
        }

        var slack = new int[n];
        var latestFinish = new DateOnly[n];
        for (var j = 0; j < n; j++)
        {
            var most = finish.DayNumber - baseline.Es[j].DayNumber;
            var guess = Math.Clamp(estimate[j], 0, most);
            if (!reachesConstraint[j])
            {
                slack[j] = guess;
                latestFinish[j] = guess == 0 ? baseline.Ef[j] : Finish(j, Snap(j, baseline.Es[j].AddDays(guess)));
                continue;
            }

            int lo, hi;
            if (guess == 0 || Acceptable(baseline, j, guess))
            {
                // Acceptable at guess: gallop up until a probe fails.
                (lo, hi) = (guess, most);
                for (var step = 1; lo < most; step *= 2)
                {
                    var probe = Math.Min(most, lo + step);
                    if (!Acceptable(baseline, j, probe))
                    {
                        hi = probe - 1;
                        break;
                    }

                    lo = probe;
                }
            }
            else
            {
                // Not acceptable at guess: gallop down until a probe holds (δ = 0 always does).
                (lo, hi) = (0, guess - 1);
                for (var step = 1; hi > 0; step *= 2)
                {
                    var probe = Math.Max(0, guess - step);
                    if (probe == 0 || Acceptable(baseline, j, probe))
                    {
                        lo = probe;
                        break;
                    }

                    hi = probe - 1;
                }
            }

            while (lo < hi)
            {
                var mid = lo + ((hi - lo + 1) / 2);
                if (Acceptable(baseline, j, mid))
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            slack[j] = lo;
            latestFinish[j] = lo == 0 ? baseline.Ef[j] : Delayed(baseline, j, lo)!.Ef[j];
        }

        // Critical path: from the step that finishes last, follow the binding reasons back.
        // Among steps finishing last, the one latest in topological order (a successor rather than its predecessor).
        var last = order[0];
        foreach (var i in order)
        {
            if (baseline.Ef[i] >= baseline.Ef[last])
            {
                last = i;
            }
        }

        var path = new List<int>();
        var onPath = new bool[n];
        for (var at = last; at >= 0 && !onPath[at]; at = baseline.Reasons[at].Step)
        {
            path.Add(at);
            onPath[at] = true;
        }

        path.Reverse();

        var scheduled = new ScheduledStep[n];
        var conflicts = new List<TimelineConflict>();
        for (var i = 0; i < n; i++)
        {
            var step = steps[i];
            scheduled[i] = new ScheduledStep(
                step.Id,
                baseline.Es[i],
                baseline.Ef[i],
                baseline.Es[i].AddDays(slack[i]),
                latestFinish[i],
                slack[i],
                onPath[i] && slack[i] == 0,
                calendars[i]?.FiscalYearOf(baseline.Ef[i]),
                Describe(baseline, i));
            if (step.Deadline is { } deadline && baseline.Ef[i] > deadline)
            {
                var late = baseline.Ef[i].DayNumber - deadline.DayNumber;
                conflicts.Add(new TimelineConflict(
                    step.Id,
                    deadline,
                    baseline.Ef[i],
                    late,
                    $"'{step.Id}' finishes {Format(baseline.Ef[i])} at the earliest, {late} day(s) after its deadline {Format(deadline)}"));
            }
        }

        return new TimelineSchedule(
            conflicts.Count == 0 ? "feasible" : "late",
            problem.Start,
            finish,
            scheduled,
            path.Select(i => steps[i].Id).ToArray(),
            conflicts);
    }

    internal static bool WellFormedId(string? id) =>
        id is { Length: > 0 and <= MaxIdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string UnitName(DurationUnit unit) => unit switch
    {
        DurationUnit.Days => "days",
        DurationUnit.BusinessDays => "business days",
        _ => "months",
    };

    private static int[] TopologicalOrder(IReadOnlyList<TimelineStep> steps, List<Pred>[] preds, List<TimelineInputProblem> errors)
    {
        var n = steps.Count;
        var successors = new List<int>[n];
        var indegree = new int[n];
        for (var i = 0; i < n; i++)
        {
            successors[i] = [];
        }

        for (var to = 0; to < n; to++)
        {
            foreach (var p in preds[to])
            {
                successors[p.From].Add(to);
                indegree[to]++;
            }
        }

        var order = new List<int>(n);
        var ready = new Queue<int>(Enumerable.Range(0, n).Where(i => indegree[i] == 0));
        while (ready.Count > 0)
        {
            var i = ready.Dequeue();
            order.Add(i);
            foreach (var s in successors[i])
            {
                if (--indegree[s] == 0)
                {
                    ready.Enqueue(s);
                }
            }
        }

        if (order.Count == n)
        {
            return [.. order];
        }

        // A cycle remains among the steps with a positive in-degree: walk predecessors inside that set until a step repeats.
        var inCycle = Enumerable.Range(0, n).Where(i => indegree[i] > 0).ToHashSet();
        var walk = new List<int>();
        var seen = new Dictionary<int, int>();
        var at = inCycle.Min();
        while (!seen.ContainsKey(at))
        {
            seen[at] = walk.Count;
            walk.Add(at);
            at = preds[at].First(p => inCycle.Contains(p.From)).From;
        }

        // walk[seen[at]..] follows predecessors; reversed it follows the dependencies' direction.
        var cycle = walk.Skip(seen[at]).Reverse().ToList();
        var first = cycle.IndexOf(cycle.Min());
        cycle = [.. cycle.Skip(first), .. cycle.Take(first)];
        cycle.Add(cycle[0]);
        errors.Add(new TimelineInputProblem("dependencies", "cycle " + string.Join(" → ", cycle.Select(i => steps[i].Id))));
        return [];
    }

    /// <summary>The earliest schedule with step <paramref name="step"/> not starting before ES + <paramref name="delta"/>,
    /// or null as soon as it is not acceptable (it moves the plan's finish, breaks a deadline the baseline meets, makes a
    /// late step later, or passes the horizon).</summary>
    private Schedule? Delayed(Schedule baseline, int step, int delta)
    {
        var state = baseline.Copy();
        state.NotBefore[step] = baseline.Es[step].AddDays(delta);
        return Propagate(state, [step], baseline) ? state : null;
    }

    /// <summary>
    /// An estimate of each step's slack: the latest not-before date of each step, in reverse topological order, such that
    /// its finish stays within the plan's finish and its deadline (or its late finish), and each successor's bound from it
    /// stays within the successor's latest not-before date — the largest start satisfying those (monotone) tests, by
    /// binary search. This is exact for a step from which no fiscal constraint can be reached: delaying it moves only its
    /// descendants, each through a monotone bound whose inverse the binary search finds (a closed-form pass subtracting
    /// durations would not be: with business days, months and events a finish is a step function of the start). For
    /// the other steps it is a guess that probes correct.
    /// </summary>
    private int[] BackwardPass(Schedule baseline)
    {
        var n = steps.Length;
        var finish = baseline.Finish;
        var latest = new DateOnly[n];
        for (var k = order.Length - 1; k >= 0; k--)
        {
            var i = order[k];
            var finishCap = finish;
            if (steps[i].Deadline is { } deadline)
            {
                var cap = baseline.Ef[i] <= deadline ? deadline : baseline.Ef[i];
                finishCap = cap < finishCap ? cap : finishCap;
            }

            var startCap = DateOnly.MaxValue;
            foreach (var succ in successors[i])
            {
                foreach (var p in preds[succ])
                {
                    if (p.From != i)
                    {
                        continue;
                    }

                    var bound = latest[succ].AddDays(-p.LagDays);
                    if (p.Kind == DependencyKind.FinishToStart)
                    {
                        finishCap = bound < finishCap ? bound : finishCap;
                    }
                    else
                    {
                        startCap = bound < startCap ? bound : startCap;
                    }
                }
            }

            bool Fits(int day)
            {
                try
                {
                    var start = Snap(i, DateOnly.FromDayNumber(day));
                    return start <= startCap && Finish(i, start) <= finishCap;
                }
                catch (HorizonException)
                {
                    return false;
                }
            }

            int lo = baseline.Es[i].DayNumber, hi = finish.DayNumber;
            if (!Fits(lo))
            {
                latest[i] = baseline.Es[i];
                continue;
            }

            while (lo < hi)
            {
                var mid = lo + ((hi - lo + 1) / 2);
                if (Fits(mid))
                {
                    lo = mid;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            latest[i] = DateOnly.FromDayNumber(lo);
        }

        return latest.Select((d, i) => d.DayNumber - baseline.Es[i].DayNumber).ToArray();
    }

    private bool Acceptable(Schedule baseline, int step, int delta)
    {
        try
        {
            return Delayed(baseline, step, delta) is not null;
        }
        catch (HorizonException)
        {
            return false;
        }
    }

    /// <summary>The earliest schedule for the steps' own not-before dates: every step computed once in topological
    /// order, then the fiscal constraints and whatever they move, to the least fixpoint.</summary>
    private Schedule Baseline()
    {
        var n = steps.Length;
        var state = new Schedule(
            new DateOnly[n],
            new DateOnly[n],
            new Reason[n],
            steps.Select(s => s.NotBefore).ToArray(),
            Enumerable.Repeat(DateOnly.MinValue, n).ToArray(),
            Enumerable.Repeat(-1, n).ToArray());
        try
        {
            foreach (var i in order)
            {
                Compute(state, i);
            }

            var moved = new List<int>();
            for (var c = 0; c < constraints.Length; c++)
            {
                moved.AddRange(Tighten(state, c));
            }

            Propagate(state, moved, null);
            return state;
        }
        catch (HorizonException ex) when (state.FiscalUsed && ex.Field != "constraints")
        {
            // Past the horizon because fiscal constraints kept pushing: they are what cannot be met.
            throw new HorizonException("constraints", ex.Message);
        }
    }

    /// <summary>
    /// Chaotic iteration from <paramref name="state"/>, which must lie at or below the least fixpoint (a fixpoint of a
    /// problem with lower not-before dates does): steps are recomputed in topological order from a priority queue, a
    /// moved step queues its successors and, through the fiscal constraints it is in, the steps whose finish bound
    /// grows. Every bound is monotone, so values only rise and the iteration ends at the least fixpoint. With
    /// <paramref name="baseline"/>, stops (false) as soon as the schedule is worse than it.
    /// </summary>
    private bool Propagate(Schedule state, IEnumerable<int> seeds, Schedule? baseline)
    {
        var queued = new bool[steps.Length];
        var queue = new PriorityQueue<int, int>();
        void Enqueue(int i)
        {
            if (!queued[i])
            {
                queued[i] = true;
                queue.Enqueue(i, position[i]);
            }
        }

        foreach (var seed in seeds)
        {
            Enqueue(seed);
        }

        var cap = baseline?.Finish;

        while (queue.TryDequeue(out var i, out _))
        {
            queued[i] = false;
            var (oldStart, oldFinish) = (state.Es[i], state.Ef[i]);
            Compute(state, i);
            if (state.Es[i] == oldStart && state.Ef[i] == oldFinish)
            {
                continue;
            }

            if (baseline is not null && (state.Ef[i] > cap
                || (steps[i].Deadline is { } deadline && state.Ef[i] > deadline && state.Ef[i] > baseline.Ef[i])))
            {
                return false;
            }

            foreach (var successor in successors[i])
            {
                Enqueue(successor);
            }

            if (state.Ef[i] != oldFinish)
            {
                foreach (var c in memberOf[i])
                {
                    foreach (var moved in Tighten(state, c))
                    {
                        Enqueue(moved);
                    }
                }
            }
        }

        return true;
    }

    /// <summary>Raises the finish bounds constraint <paramref name="c"/> sets from the current finishes; returns the
    /// steps whose bound rose.</summary>
    private List<int> Tighten(Schedule state, int c)
    {
        var constraint = constraints[c];
        var raised = new List<int>();
        void Raise(int step, DateOnly target, int by)
        {
            if (state.Ef[step] < target && target > state.FinishBound[step])
            {
                state.FinishBound[step] = target;
                state.FinishBoundBy[step] = by;
                state.FiscalUsed = true;
                raised.Add(step);
            }
        }

        if (constraint.Kind == FiscalConstraintKind.SameFiscalYear)
        {
            // Every step finishes in the latest of their fiscal years (each by its own calendar's numbering).
            var top = constraint.Steps[0];
            var year = calendars[top]!.FiscalYearOf(state.Ef[top]);
            foreach (var s in constraint.Steps)
            {
                var fy = calendars[s]!.FiscalYearOf(state.Ef[s]);
                if (fy > year)
                {
                    (year, top) = (fy, s);
                }
            }

            foreach (var s in constraint.Steps)
            {
                Raise(s, calendars[s]!.FiscalYearStart(year), top);
            }
        }
        else
        {
            // Steps[1] finishes in a fiscal year (of Calendar) that starts after Steps[0] finishes: a later one.
            var (first, second) = (constraint.Steps[0], constraint.Steps[1]);
            var calendar = constraint.Calendar!;
            var year = calendar.FiscalYearOf(state.Ef[first]);
            if (calendar.FiscalYearOf(state.Ef[second]) <= year)
            {
                Raise(second, calendar.FiscalYearStart(year + 1), first);
            }
        }

        return raised;
    }

    /// <summary>Step <paramref name="i"/>'s earliest start and finish from the current dates of its predecessors, its
    /// not-before date, its event and its fiscal finish bound.</summary>
    private void Compute(Schedule state, int i)
    {
        var lb = problem.Start;
        var reason = new Reason(ReasonKind.Start, -1, lb, 0);
        if (state.NotBefore[i] is { } nb && nb > lb)
        {
            lb = nb;
            reason = new Reason(ReasonKind.NotBefore, -1, nb, 0);
        }

        foreach (var p in preds[i])
        {
            var bound = (p.Kind == DependencyKind.FinishToStart ? state.Ef[p.From] : state.Es[p.From]).AddDays(p.LagDays);
            if (bound > lb || (bound == lb && reason.Kind != ReasonKind.Dependency))
            {
                lb = bound;
                reason = new Reason(ReasonKind.Dependency, p.From, bound, p.LagDays, p.Kind);
            }
        }

        var start = Snap(i, lb);
        if (start > lb)
        {
            reason = new Reason(ReasonKind.Event, -1, start, 0);
        }

        var end = Finish(i, start);
        if (state.FinishBoundBy[i] >= 0 && end < state.FinishBound[i])
        {
            // The smallest start at or after lb whose finish reaches the bound; the bound's own day always does (a
            // finish is never before its start, nor a snapped start before the day snapped).
            var target = state.FinishBound[i];
            int lo = lb.DayNumber, hi = Math.Max(lb.DayNumber, target.DayNumber);
            while (lo < hi)
            {
                var mid = lo + ((hi - lo) / 2);
                if (Finish(i, Snap(i, DateOnly.FromDayNumber(mid))) >= target)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            start = Snap(i, DateOnly.FromDayNumber(lo));
            end = Finish(i, start);
            reason = new Reason(ReasonKind.FiscalYear, state.FinishBoundBy[i], target, 0);
        }

        if (end > limit)
        {
            throw new HorizonException(
                state.FiscalUsed ? "constraints" : $"steps[{i}]",
                $"'{steps[i].Id}' cannot finish within {TimelineAligner.HorizonYears} years of the plan's start ({Format(limit)})");
        }

        state.Es[i] = start;
        state.Ef[i] = end;
        state.Reasons[i] = reason;
    }

    private DateOnly Snap(int i, DateOnly date)
    {
        if (events[i] is not { } annual)
        {
            return date;
        }

        try
        {
            var next = calendars[i]!.NextOccurrence(annual, date);
            return next > limit
                ? throw new HorizonException($"steps[{i}].event", $"the next '{annual.Id}' after {Format(date)} is more than {TimelineAligner.HorizonYears} years after the plan's start")
                : next;
        }
        catch (TimelineInputException)
        {
            throw new HorizonException($"steps[{i}].event", $"the next '{annual.Id}' after {Format(date)} is after {Holidays.MaxYear}, the last year with holiday rules");
        }
    }

    private DateOnly Finish(int i, DateOnly start)
    {
        var step = steps[i];
        switch (step.Unit)
        {
            case DurationUnit.Days:
                return start.AddDays(step.Duration);
            case DurationUnit.Months:
                return start.AddMonths(step.Duration);
            default:
                try
                {
                    return businessDays[i]!.Add(start, step.Duration);
                }
                catch (TimelineInputException)
                {
                    throw new HorizonException($"steps[{i}].duration", $"'{step.Id}' would finish after {Holidays.MaxYear}, the last year with holiday rules");
                }
        }
    }

    private StartReason Describe(Schedule run, int i)
    {
        var r = run.Reasons[i];
        var other = r.Step >= 0 ? steps[r.Step].Id : null;
        switch (r.Kind)
        {
            case ReasonKind.Start:
                return new StartReason("start", null, null, $"Starts at the plan's start, {Format(r.Date)}.");
            case ReasonKind.NotBefore:
                return new StartReason("notBefore", null, null, $"Cannot start before {Format(r.Date)}.");
            case ReasonKind.Dependency:
                var lag = r.Lag > 0 ? $" plus {r.Lag} day(s)" : string.Empty;
                return new StartReason(
                    "dependency",
                    other,
                    null,
                    r.Dependency == DependencyKind.FinishToStart
                        ? $"Waits for '{other}' to finish ({Format(run.Ef[r.Step])}){lag}."
                        : $"Starts with '{other}' ({Format(run.Es[r.Step])}){lag}.");
            case ReasonKind.Event:
                var annual = events[i]!;
                return new StartReason("event", null, annual.Id, $"Waits for the next {annual.Name} ({annual.Id}), {Format(r.Date)}.");
            default:
                var calendar = calendars[i]!;
                var fy = calendar.FiscalYearOf(r.Date);
                return new StartReason(
                    "fiscalYear",
                    other,
                    null,
                    $"Pushed to finish in {calendar.Id} FY{fy.ToString(CultureInfo.InvariantCulture)} (from {Format(r.Date)}) by a fiscal-year constraint with '{other}'.");
        }
    }

    private readonly record struct Pred(int From, DependencyKind Kind, int LagDays);

    private readonly record struct Reason(ReasonKind Kind, int Step, DateOnly Date, int Lag, DependencyKind Dependency = DependencyKind.FinishToStart);

    private sealed record Constraint(FiscalConstraintKind Kind, int[] Steps, FiscalCalendar? Calendar);

    /// <summary>A schedule being computed: dates, reasons, the not-before dates it is computed for, and the finish bounds
    /// fiscal constraints have set.</summary>
    private sealed record Schedule(DateOnly[] Es, DateOnly[] Ef, Reason[] Reasons, DateOnly?[] NotBefore, DateOnly[] FinishBound, int[] FinishBoundBy)
    {
        public bool FiscalUsed { get; set; }

        public DateOnly Finish => Ef.Max();

        public Schedule Copy() => new(
            (DateOnly[])Es.Clone(),
            (DateOnly[])Ef.Clone(),
            (Reason[])Reasons.Clone(),
            (DateOnly?[])NotBefore.Clone(),
            (DateOnly[])FinishBound.Clone(),
            (int[])FinishBoundBy.Clone())
        { FiscalUsed = FiscalUsed };
    }

    private sealed class HorizonException(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }
}
