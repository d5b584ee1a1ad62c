namespace Musubi.Engines.Timelines;

/// <summary>Unit of a step's duration.</summary>
public enum DurationUnit
{
    /// <summary>Calendar days.</summary>
    Days,

    /// <summary>Business days of the step's calendar's country (<see cref="BusinessCalendar.Add"/>).</summary>
    BusinessDays,

    /// <summary>Calendar months (the same day of the month, clamped to the month's end).</summary>
    Months,
}

/// <summary>
/// One step of a joint plan, acted on by one government (its <see cref="Calendar"/>). It starts at its earliest
/// possible date — the plan's start, after its dependencies, on or after <see cref="NotBefore"/>, and (when
/// <see cref="Event"/> is set) on the next occurrence of that annual event in its calendar — and finishes
/// <see cref="Duration"/> later. A zero duration is a milestone.
/// </summary>
/// <param name="Id">Unique id (letters, digits, '-', '_').</param>
/// <param name="Name">What happens (English).</param>
/// <param name="NameJa">Japanese name, when given.</param>
/// <param name="Calendar">Id of the calendar of the government that acts (required for business days and events).</param>
/// <param name="Duration">Length, ≥ 0.</param>
/// <param name="Unit">Days, business days or months.</param>
/// <param name="Event">Annual event of <see cref="Calendar"/> the step must start on, or null.</param>
/// <param name="NotBefore">Earliest start, or null (the "what if the letter of request goes in month X" lever).</param>
/// <param name="Deadline">Latest finish, or null; a schedule that misses it is reported as a conflict.</param>
/// <param name="Source">Where the duration comes from (a citation shown with the step).</param>
public sealed record TimelineStep(
    string Id,
    string Name,
    string? NameJa,
    string? Calendar,
    int Duration,
    DurationUnit Unit,
    string? Event = null,
    DateOnly? NotBefore = null,
    DateOnly? Deadline = null,
    string? Source = null);

/// <summary>How a dependency ties two steps.</summary>
public enum DependencyKind
{
    /// <summary><c>To</c> starts after <c>From</c> finishes (plus the lag).</summary>
    FinishToStart,

    /// <summary><c>To</c> starts after <c>From</c> starts (plus the lag).</summary>
    StartToStart,
}

/// <summary>A precedence between two steps, with a lag in calendar days (≥ 0).</summary>
public sealed record TimelineDependency(string From, string To, DependencyKind Kind = DependencyKind.FinishToStart, int LagDays = 0);

/// <summary>Kinds of cross-calendar constraints.</summary>
public enum FiscalConstraintKind
{
    /// <summary>The steps (two or more) finish in fiscal years with the same number, each in its own calendar — "both
    /// governments fund the phase in fiscal year N". A step finishing in an earlier year is pushed to the start of the
    /// later one's year.</summary>
    SameFiscalYear,

    /// <summary><c>Steps[0]</c> finishes before the fiscal year (of <c>Calendar</c>) in which <c>Steps[1]</c> finishes
    /// starts — "the FMS case is signed before Japan's budget year starts": <c>Steps[1]</c> is pushed into a later
    /// fiscal year when needed.</summary>
    BeforeFiscalYearOf,
}

/// <summary>A constraint across calendars.</summary>
/// <param name="Kind">Which constraint.</param>
/// <param name="Steps">The steps it ties (see <see cref="FiscalConstraintKind"/>).</param>
/// <param name="Calendar">For <see cref="FiscalConstraintKind.BeforeFiscalYearOf"/>: the calendar whose fiscal year counts.</param>
public sealed record FiscalConstraint(FiscalConstraintKind Kind, IReadOnlyList<string> Steps, string? Calendar = null);

/// <summary>A plan to align: its start, its steps and how they depend on each other, over the calendars they use.</summary>
/// <param name="Start">Nothing starts before this day (today, or the planning date).</param>
/// <param name="Calendars">The calendars steps refer to.</param>
/// <param name="Steps">The steps (1–2,000).</param>
/// <param name="Dependencies">Precedences; they must form no cycle.</param>
/// <param name="Constraints">Cross-calendar constraints.</param>
public sealed record TimelineProblem(
    DateOnly Start,
    IReadOnlyList<FiscalCalendar> Calendars,
    IReadOnlyList<TimelineStep> Steps,
    IReadOnlyList<TimelineDependency> Dependencies,
    IReadOnlyList<FiscalConstraint> Constraints);

/// <summary>Why a step starts when it does: the constraint that binds its earliest start.</summary>
/// <param name="Kind"><c>start</c> (the plan's start), <c>dependency</c>, <c>event</c>, <c>notBefore</c> or <c>fiscalYear</c>.</param>
/// <param name="Step">The step it waits for (dependency and fiscalYear), or null.</param>
/// <param name="Event">The annual event it waits for, or null.</param>
/// <param name="Message">An English sentence saying so.</param>
public sealed record StartReason(string Kind, string? Step, string? Event, string Message);

/// <summary>A step's dates in the earliest schedule, with its slack.</summary>
/// <param name="Id">Step id.</param>
/// <param name="EarliestStart">Earliest start.</param>
/// <param name="EarliestFinish">Earliest finish.</param>
/// <param name="LatestStart">Latest start that does not move the plan's finish nor break a deadline.</param>
/// <param name="LatestFinish">Finish when started at <see cref="LatestStart"/>.</param>
/// <param name="SlackDays">Calendar days between earliest and latest start.</param>
/// <param name="Critical">On the critical path (no slack and on the chain that sets the finish).</param>
/// <param name="FiscalYear">Fiscal year of the earliest finish in the step's calendar, or null without a calendar.</param>
/// <param name="Reason">What binds the earliest start.</param>
public sealed record ScheduledStep(
    string Id,
    DateOnly EarliestStart,
    DateOnly EarliestFinish,
    DateOnly LatestStart,
    DateOnly LatestFinish,
    int SlackDays,
    bool Critical,
    int? FiscalYear,
    StartReason Reason);

/// <summary>A deadline the earliest schedule misses, and by how much.</summary>
public sealed record TimelineConflict(string Step, DateOnly Deadline, DateOnly EarliestFinish, int DaysLate, string Message);

/// <summary>The earliest schedule of a plan.</summary>
/// <param name="Status"><c>feasible</c>, or <c>late</c> when a deadline is missed (the schedule is still the earliest).</param>
/// <param name="Start">The plan's start.</param>
/// <param name="Finish">The latest earliest-finish of any step.</param>
/// <param name="Steps">Every step, in the input's order.</param>
/// <param name="CriticalPath">Step ids from the first to the one that finishes last, following the binding reasons.</param>
/// <param name="Conflicts">Missed deadlines.</param>
public sealed record TimelineSchedule(
    string Status,
    DateOnly Start,
    DateOnly Finish,
    IReadOnlyList<ScheduledStep> Steps,
    IReadOnlyList<string> CriticalPath,
    IReadOnlyList<TimelineConflict> Conflicts);

/// <summary>Critical-path alignment over two (or more) governments' calendars.</summary>
public static class TimelineAligner
{
    /// <summary>The most steps a problem may have.</summary>
    public const int MaxSteps = 2000;

    /// <summary>How far past the start a schedule may reach (years) before the plan is declared unschedulable.</summary>
    public const int HorizonYears = 40;

    /// <summary>Validates <paramref name="problem"/> and computes its earliest schedule, slack and critical path.</summary>
    /// <exception cref="TimelineInputException">unknown ids, duplicate ids, a cycle, negative durations, an event the
    /// calendar lacks, a business-day step without a calendar, or a plan that cannot finish within
    /// <see cref="HorizonYears"/> — each naming its field (<c>steps[3].event</c>, <c>dependencies[1].to</c>).</exception>
    public static TimelineSchedule Align(TimelineProblem problem) => AlignmentEngine.Compile(problem).Align();

    /// <summary>"What if step <paramref name="stepId"/> cannot start before <paramref name="notBefore"/>": the problem with
    /// that step's <see cref="TimelineStep.NotBefore"/> replaced, aligned.</summary>
    /// <exception cref="TimelineInputException">as <see cref="Align"/>, or <c>whatIf.step</c> naming no step.</exception>
    public static TimelineSchedule WhatIf(TimelineProblem problem, string stepId, DateOnly notBefore)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var steps = problem.Steps ?? [];
        var index = -1;
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is not null && string.Equals(steps[i].Id, stepId, StringComparison.Ordinal))
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new TimelineInputException("whatIf.step", $"'{stepId}' is not a step of the plan");
        }

        var changed = steps.ToArray();
        changed[index] = changed[index] with { NotBefore = notBefore };
        return Align(problem with { Steps = changed });
    }
}
