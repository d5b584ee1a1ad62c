using System.Globalization;
using Musubi.Engines.Timelines;

namespace Musubi.Core.Features.Timelines;

/// <summary>A problem with a calendar file or an align input: the field path (<c>steps[2].duration</c>), the message,
/// and where it was written (1-based line and column; 0 when unknown). <see cref="Source"/> names the file or input.</summary>
public sealed record TimelinesInputError(string Field, string Message, string Source = "input", long Line = 0, long Column = 0)
{
    /// <summary><c>FILE:line:column: field: message</c> (or <c>FILE: field: message</c> when the position is unknown), for the CLI.</summary>
    public string At(string file) => Line > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{file}:{Line}:{Column}: {Field}: {Message}")
        : $"{file}: {Field}: {Message}";

    /// <summary>The message with its position, for ProblemDetails.</summary>
    public string Describe() => Line > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Message} (line {Line}, column {Column})")
        : Message;
}

/// <summary>Input the timelines feature cannot use: every problem, each naming its field (400 on the web, exit 2 in the CLI).</summary>
public sealed class TimelinesInputException(IReadOnlyList<TimelinesInputError> errors)
    : Exception(errors.Count == 0 ? "invalid timelines input" : string.Join("; ", errors.Take(20).Select(e => e.Field + ": " + e.Message)))
{
    public TimelinesInputException(string field, string message, string source = "input")
        : this([new TimelinesInputError(field, message, source)])
    {
    }

    public IReadOnlyList<TimelinesInputError> Errors { get; } = errors;

    /// <summary>The errors keyed by field path, as a ValidationProblem's <c>errors</c>.</summary>
    public Dictionary<string, string[]> ByField() =>
        Errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Describe()).ToArray(), StringComparer.Ordinal);
}

/// <summary>An annual event of a calendar as the data file states it, with the engine's event and its source.</summary>
/// <param name="Typical">True when the date is a typical one (set each year by a government decision), not a rule of law.</param>
public sealed record CalendarEventData(AnnualEvent Event, bool Typical, string Source);

/// <summary>
/// An approval-step template of a calendar: a step's typical duration with its source. <see cref="DurationFrom"/>
/// <c>aeca-36b</c>: the duration is the congressional review period of the transfer rule set on the plan's start date.
/// </summary>
public sealed record StepTemplate(
    string Id,
    string Calendar,
    string Name,
    string NameJa,
    int? Duration,
    DurationUnit Unit,
    string? Event,
    string? DurationFrom,
    bool Illustrative,
    string? Unconfirmed,
    string Source);

/// <summary>One government's calendar as loaded from <c>data/calendars/ID.json</c>: the engine's fiscal calendar, names,
/// sources of its fiscal year and events, and its approval-step templates.</summary>
public sealed record CalendarData(
    string Id,
    string Country,
    string Name,
    string NameJa,
    FiscalCalendar Fiscal,
    string FiscalYearSource,
    IReadOnlyList<CalendarEventData> Events,
    IReadOnlyList<StepTemplate> Templates)
{
    /// <summary>"US FY2028", "JP FY2027 (令和9年度)": the fiscal year's label in this calendar.</summary>
    public string FiscalYearLabel(int fiscalYear) => TimelinesService.FiscalYearLabel(Id, Country, fiscalYear);
}

/// <summary>A step of an align input as read (before templates are applied): every field the JSON states, and the index it was at.</summary>
public sealed record PlanStepInput(
    string Id,
    string? Name,
    string? NameJa,
    string? Calendar,
    int? Duration,
    DurationUnit? Unit,
    string? Event,
    DateOnly? NotBefore,
    DateOnly? Deadline,
    string? Template);

/// <summary>A dependency of an align input as read.</summary>
public sealed record PlanDependencyInput(string From, string To, DependencyKind Kind, int LagDays);

/// <summary>A cross-calendar constraint of an align input as read.</summary>
public sealed record PlanConstraintInput(FiscalConstraintKind Kind, IReadOnlyList<string> Steps, string? Calendar);

/// <summary>"What if step <see cref="Step"/> cannot start before <see cref="NotBefore"/>."</summary>
public sealed record TimelineWhatIf(string Step, DateOnly NotBefore);

/// <summary>An align input (docs/formats.md §7) as read, with the JSON it came from (for positions).</summary>
public sealed record TimelinePlan(
    string? Name,
    string? NameJa,
    string? Notes,
    DateOnly Start,
    IReadOnlyList<string> Calendars,
    IReadOnlyList<PlanStepInput> Steps,
    IReadOnlyList<PlanDependencyInput> Dependencies,
    IReadOnlyList<PlanConstraintInput> Constraints,
    TimelineWhatIf? WhatIf,
    Workshare.WorkshareJson? Json);

/// <summary>One holiday as the feature shows it (the CLI's and API's contract).</summary>
public sealed record HolidayView(string Date, string Name, string NameJa, string Kind);

/// <summary>The answer of a business-day count.</summary>
public sealed record BusinessDaysView(string Country, string From, string To, int BusinessDays);

/// <summary>A step of an aligned plan: the engine's dates, slack and reason with the names, calendar, fiscal-year label and source to show.</summary>
public sealed record AlignedStep(
    string Id,
    string Name,
    string? NameJa,
    string? Calendar,
    int Duration,
    string Unit,
    string? Event,
    string? Template,
    string EarliestStart,
    string EarliestFinish,
    string LatestStart,
    string LatestFinish,
    int SlackDays,
    bool Critical,
    int? FiscalYear,
    string? FiscalYearLabel,
    string Reason,
    string ReasonKind,
    string? ReasonStep,
    string? ReasonEvent,
    string? Deadline,
    string? NotBefore,
    string? Source,
    bool Illustrative,
    string? Unconfirmed);

/// <summary>A missed deadline.</summary>
public sealed record AlignedConflict(string Step, string Deadline, string EarliestFinish, int DaysLate, string Message);

/// <summary>
/// The answer of <c>timeline align</c> (the CLI's and API's contract): the plan's start and finish, <c>feasible</c> or
/// <c>late</c>, each step's dates, the critical path and the missed deadlines, and the what-if that was applied.
/// </summary>
public sealed record TimelineAlignment(
    string? Name,
    string? NameJa,
    string? Notes,
    string Start,
    string Finish,
    string Status,
    IReadOnlyList<AlignedStep> Steps,
    IReadOnlyList<string> CriticalPath,
    IReadOnlyList<AlignedConflict> Conflicts,
    TimelineWhatIfView? WhatIf,
    string PlanHash);

/// <summary>The what-if applied to an alignment.</summary>
public sealed record TimelineWhatIfView(string Step, string NotBefore);

/// <summary>A demo align input: its id (file name), names and the JSON text.</summary>
public sealed record TimelineExample(string Id, string Name, string? NameJa, string? Notes, string Json);

/// <summary>An alignment with what the Gantt needs besides: the engine's problem and schedule, the calendars used.</summary>
public sealed record AlignedPlan(TimelinePlan Plan, TimelineProblem Problem, TimelineSchedule Schedule, TimelineAlignment Alignment, IReadOnlyList<CalendarData> Calendars);
