using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Musubi.Core.Data;
using Musubi.Engines.Timelines;
using Musubi.Engines.Transfers;
using EngineHolidays = Musubi.Engines.Timelines.Holidays;

namespace Musubi.Core.Features.Timelines;

/// <summary>
/// The timelines feature (issue #10; docs/engines/timelines.md): public holidays and business days of Japan and the
/// United States by rule, the governments' acquisition calendars (data/calendars), and the alignment of a joint plan over
/// both calendars — an align input read with positions, its templates resolved (durations and sources from the calendar
/// data; the congressional review period from the transfer rule set on the plan's start date), the engine's earliest
/// schedule with slack, critical path and missed deadlines, shown with names, fiscal-year labels and sources — and
/// its milestones as an iCalendar file. Nothing is stored: an alignment is computed on request. API, UI and CLI use it.
/// </summary>
public sealed class TimelinesService(TimeProvider clock, TimelineCalendars? calendars = null, RuleSet? rules = null)
{
    /// <summary>JSON of the contract: camelCase, enums as camelCase strings, Japanese as characters.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The same, indented (the CLI's output).</summary>
    public static readonly JsonSerializerOptions Indented = new(Json) { WriteIndented = true };

    private readonly Lazy<TimelineCalendars> _calendars = new(() => calendars ?? TimelineCalendars.Default);

    /// <summary>The calendars this service aligns over.</summary>
    public TimelineCalendars Calendars => _calendars.Value;

    /// <summary>The transfer rule set the congressional review period is read from.</summary>
    public RuleSet Rules { get; } = rules ?? RuleSet.LoadDefault();

    /// <summary>Today (UTC) by the service's clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The earliest plan start: business days are computed from <see cref="EngineHolidays.MinYear"/>.</summary>
    public static DateOnly EarliestStart { get; } = new(EngineHolidays.MinYear, 1, 1);

    /// <summary>The latest plan start: a plan may run <see cref="TimelineAligner.HorizonYears"/> years and holidays stop at <see cref="EngineHolidays.MaxYear"/>.</summary>
    public static DateOnly LatestStart { get; } = new(EngineHolidays.MaxYear - TimelineAligner.HorizonYears, 12, 31);

    // ---- Holidays and business days -------------------------------------------------------------------------------

    /// <summary>The country code in upper case when there are holiday rules for it, else an error on <paramref name="field"/>.</summary>
    public static string Country(string? country, string field = "country")
    {
        var c = country?.Trim().ToUpperInvariant() ?? "";
        if (!EngineHolidays.Countries.Contains(c, StringComparer.Ordinal))
        {
            throw new TimelinesInputException(field, c.Length == 0
                ? $"is required: one of {string.Join(", ", EngineHolidays.Countries)}"
                : $"no holiday rules for '{TimelinesJsonFields.Shorten(country!.Trim())}' (expected one of: {string.Join(", ", EngineHolidays.Countries)})", "query");
        }
        return c;
    }

    /// <summary>Checks a year is one whose holidays are computed.</summary>
    public static int Year(int? year, string field = "year")
    {
        if (year is not { } y)
        {
            throw new TimelinesInputException(field, "is required: a year (YYYY)", "query");
        }
        if (y < EngineHolidays.MinYear || y > EngineHolidays.MaxYear)
        {
            throw new TimelinesInputException(field, string.Create(CultureInfo.InvariantCulture, $"must be between {EngineHolidays.MinYear} and {EngineHolidays.MaxYear}"), "query");
        }
        return y;
    }

    /// <summary>Every public holiday of <paramref name="country"/> taken in <paramref name="year"/>, in date order.</summary>
    public IReadOnlyList<HolidayView> Holidays(string? country, int? year)
    {
        var c = Country(country);
        var y = Year(year);
        return Engine(() => EngineHolidays.For(c, y)
            .Select(h => new HolidayView(DateText(h.Date), h.Name, h.NameJa, KindName(h.Kind))).ToList(), "query");
    }

    /// <summary>Business days of <paramref name="country"/> from <paramref name="from"/> to <paramref name="to"/>, both ends included.</summary>
    public BusinessDaysView BusinessDays(string? country, string? from, string? to)
    {
        var c = Country(country);
        var errors = new List<TimelinesInputError>();
        DateOnly? a = QueryDate(from, "from", errors);
        DateOnly? b = QueryDate(to, "to", errors);
        if (a is { } x && b is { } y && y < x)
        {
            errors.Add(new TimelinesInputError("to", $"{DateText(y)} is before from ({DateText(x)})", "query"));
        }
        if (errors.Count > 0)
        {
            throw new TimelinesInputException(errors);
        }
        var count = Engine(() => BusinessCalendar.For(c).Count(a!.Value, b!.Value), "query");
        return new BusinessDaysView(c, DateText(a!.Value), DateText(b!.Value), count);
    }

    private static DateOnly? QueryDate(string? text, string field, List<TimelinesInputError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new TimelinesInputError(field, "is required: a date (YYYY-MM-DD)", "query"));
            return null;
        }
        if (!TryDate(text.Trim(), out var d, out var problem))
        {
            errors.Add(new TimelinesInputError(field, problem, "query"));
            return null;
        }
        if (d.Year < EngineHolidays.MinYear || d.Year > EngineHolidays.MaxYear)
        {
            errors.Add(new TimelinesInputError(field, string.Create(CultureInfo.InvariantCulture,
                $"must be in the years {EngineHolidays.MinYear}–{EngineHolidays.MaxYear} (holidays are computed for those)"), "query"));
            return null;
        }
        return d;
    }

    public static string KindName(HolidayKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    public static string DateText(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>YYYY-MM-DD</c>.</summary>
    public static bool TryDate(string text, out DateOnly date, out string problem)
    {
        problem = "";
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }
        problem = $"'{TimelinesJsonFields.Shorten(text)}' is not a date (YYYY-MM-DD)";
        return false;
    }

    /// <summary>Parses <c>YYYY-MM</c> (the month's first day) or <c>YYYY-MM-DD</c>: a what-if's date.</summary>
    public static bool TryMonthOrDate(string text, out DateOnly date, out string problem)
    {
        problem = "";
        if (DateOnly.TryParseExact(text, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }
        problem = $"'{TimelinesJsonFields.Shorten(text)}' is not a month (YYYY-MM) or a date (YYYY-MM-DD)";
        return false;
    }

    // ---- Fiscal years -------------------------------------------------------------------------------------------------

    /// <summary>"US FY2028"; for Japan with the era year: "JP FY2027 (令和9年度)".</summary>
    public static string FiscalYearLabel(string calendarId, string country, int fiscalYear)
    {
        var label = string.Create(CultureInfo.InvariantCulture, $"{calendarId} FY{fiscalYear}");
        return country == "JP" && Wareki(fiscalYear) is { } era ? $"{label} ({era}年度)" : label;
    }

    /// <summary>The Japanese era name and year of fiscal year <paramref name="fiscalYear"/> (named by its April): 令和9, 平成元, 昭和63; null before 1926.</summary>
    public static string? Wareki(int fiscalYear)
    {
        var (era, first) = fiscalYear >= 2019 ? ("令和", 2019) : fiscalYear >= 1989 ? ("平成", 1989) : fiscalYear >= 1926 ? ("昭和", 1926) : ("", 0);
        if (first == 0)
        {
            return null;
        }
        var n = fiscalYear - first + 1;
        return era + (n == 1 ? "元" : n.ToString(CultureInfo.InvariantCulture));
    }

    // ---- Congressional review ------------------------------------------------------------------------------------------

    /// <summary>The AECA §36(b) review period in days for an FMS sale of major defense equipment above every threshold to
    /// <paramref name="partner"/> on <paramref name="date"/>, read from the transfer rule set, with the rule it comes from;
    /// null when the rule set requires no §36(b) review then.</summary>
    public (int Days, string Rule, string Citation)? CongressionalReviewDays(string partner, DateOnly date)
    {
        var engine = new TransferEngine(Rules);
        var result = engine.Evaluate(new TransferCase
        {
            Id = "timeline-congressional-review",
            Date = date,
            From = "US",
            To = partner,
            Channel = "fms",
            Recipient = "government",
            ValueUsd = 1_000_000_000m,
            Item = new TransferItem { Name = "FMS case (timeline template)", Kind = "finished_equipment", Mde = true, Weapon = true },
        });
        var n = result.Notifications.FirstOrDefault(x => x.Section == "36(b)" && x.ReviewDays is not null);
        if (n is null)
        {
            return null;
        }
        var rule = Rules.Rules.FirstOrDefault(r => r.Id == n.Rule);
        return (n.ReviewDays!.Value, n.Rule, rule?.Citation ?? "");
    }

    // ---- Examples ------------------------------------------------------------------------------------------------------

    /// <summary>The demo align inputs of <c>data/demo/timelines</c>, by id (file name without <c>.json</c>).</summary>
    public static IReadOnlyList<TimelineExample> Examples(string? directory = null)
    {
        var dir = directory ?? Path.Combine(DatabaseSetup.DataDirectory, "demo", "timelines");
        if (!Directory.Exists(dir))
        {
            return [];
        }
        var list = new List<TimelineExample>();
        foreach (var file in Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            var plan = TimelinePlanReader.Read(text, Path.GetFileName(file));
            var id = Path.GetFileNameWithoutExtension(file);
            list.Add(new TimelineExample(id, plan.Name ?? id, plan.NameJa, plan.Notes, text));
        }
        return list;
    }

    public static TimelineExample? Example(string? id) =>
        id is null ? null : Examples().FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.Ordinal));

    // ---- Alignment -----------------------------------------------------------------------------------------------------

    /// <summary>Reads an align input (see <see cref="TimelinePlanReader"/>).</summary>
    public static TimelinePlan Read(string text, string source = "input") => TimelinePlanReader.Read(text, source);

    /// <summary>Reads and aligns.</summary>
    public AlignedPlan Align(string text, TimelineWhatIf? whatIf = null, string source = "input") => Align(Read(text, source), whatIf);

    /// <summary>
    /// Resolves the plan's templates and calendars into the engine's problem, aligns it (with <paramref name="whatIf"/>,
    /// else the input's own <c>whatIf</c>), and shapes the answer. Problems name their field with its position.
    /// </summary>
    public AlignedPlan Align(TimelinePlan plan, TimelineWhatIf? whatIf = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        whatIf ??= plan.WhatIf;
        var problem = Resolve(plan, out var used, out var sources);
        if (whatIf is not null && !problem.Steps.Any(s => s.Id == whatIf.Step))
        {
            throw Positioned(plan, [new TimelinesInputError("whatIf.step", $"no step '{TimelinesJsonFields.Shorten(whatIf.Step)}' in the plan")]);
        }
        if (whatIf is not null && (whatIf.NotBefore < EarliestStart || whatIf.NotBefore > LatestStart.AddYears(TimelineAligner.HorizonYears - 1)))
        {
            throw Positioned(plan, [new TimelinesInputError("whatIf.notBefore", string.Create(CultureInfo.InvariantCulture,
                $"must be between {DateText(EarliestStart)} and {DateText(LatestStart.AddYears(TimelineAligner.HorizonYears - 1))}"))]);
        }
        TimelineSchedule schedule;
        try
        {
            schedule = whatIf is null ? TimelineAligner.Align(problem) : TimelineAligner.WhatIf(problem, whatIf.Step, whatIf.NotBefore);
        }
        catch (TimelineInputException ex)
        {
            throw Positioned(plan, [.. ex.Problems.Select(p => new TimelinesInputError(p.Field, p.Message))]);
        }
        var hash = PlanHash(problem, whatIf);
        var byId = problem.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var steps = new List<AlignedStep>(schedule.Steps.Count);
        foreach (var s in schedule.Steps)
        {
            var step = byId[s.Id];
            var index = IndexOf(problem.Steps, step);
            var input = plan.Steps[index];
            var calendar = used.FirstOrDefault(c => c.Id == step.Calendar);
            var template = Calendars.Template(input.Template);
            steps.Add(new AlignedStep(
                s.Id, step.Name, step.NameJa, step.Calendar, step.Duration, UnitName(step.Unit), step.Event, input.Template,
                DateText(s.EarliestStart), DateText(s.EarliestFinish), DateText(s.LatestStart), DateText(s.LatestFinish),
                s.SlackDays, s.Critical, s.FiscalYear,
                s.FiscalYear is { } fy && calendar is not null ? calendar.FiscalYearLabel(fy) : null,
                s.Reason.Message, s.Reason.Kind, s.Reason.Step, s.Reason.Event,
                step.Deadline is { } dl ? DateText(dl) : null,
                (whatIf is not null && whatIf.Step == s.Id ? whatIf.NotBefore : step.NotBefore) is { } nb ? DateText(nb) : null,
                sources[index],
                template is not null && input.Duration is null && template.Illustrative,
                template is not null && input.Duration is null ? template.Unconfirmed : null));
        }
        var alignment = new TimelineAlignment(plan.Name, plan.NameJa, plan.Notes, DateText(schedule.Start), DateText(schedule.Finish), schedule.Status,
            steps, schedule.CriticalPath,
            [.. schedule.Conflicts.Select(c => new AlignedConflict(c.Step, DateText(c.Deadline), DateText(c.EarliestFinish), c.DaysLate, c.Message))],
            whatIf is null ? null : new TimelineWhatIfView(whatIf.Step, DateText(whatIf.NotBefore)), hash);
        return new AlignedPlan(plan, problem, schedule, alignment, used);
    }

    private static int IndexOf(IReadOnlyList<TimelineStep> steps, TimelineStep step)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (ReferenceEquals(steps[i], step))
            {
                return i;
            }
        }
        return -1;
    }

    private static string UnitName(DurationUnit unit) => TimelineCalendars.Units[(int)unit];

    /// <summary>The engine's problem for <paramref name="plan"/>: templates applied, calendars looked up, every problem collected.</summary>
    private TimelineProblem Resolve(TimelinePlan plan, out List<CalendarData> used, out List<string?> sources)
    {
        var errors = new List<TimelinesInputError>();
        used = [];
        for (var i = 0; i < plan.Calendars.Count; i++)
        {
            var c = Calendars.Find(plan.Calendars[i]);
            if (c is null)
            {
                errors.Add(new TimelinesInputError(string.Create(CultureInfo.InvariantCulture, $"calendars[{i}]"),
                    $"no calendar '{TimelinesJsonFields.Shorten(plan.Calendars[i])}' (expected one of: {string.Join(", ", Calendars.All.Select(x => x.Id))})"));
            }
            else if (used.Contains(c))
            {
                errors.Add(new TimelinesInputError(string.Create(CultureInfo.InvariantCulture, $"calendars[{i}]"), $"calendar '{c.Id}' is listed twice"));
            }
            else
            {
                used.Add(c);
            }
        }
        if (plan.Start < EarliestStart || plan.Start > LatestStart)
        {
            errors.Add(new TimelinesInputError("start", string.Create(CultureInfo.InvariantCulture,
                $"must be between {DateText(EarliestStart)} and {DateText(LatestStart)} (holidays are computed for {EngineHolidays.MinYear}–{EngineHolidays.MaxYear} and a plan may run {TimelineAligner.HorizonYears} years)")));
        }
        var partner = used.FirstOrDefault(c => c.Country != "US");
        (int Days, string Rule, string Citation)? review = null;
        var steps = new List<TimelineStep>(plan.Steps.Count);
        sources = new List<string?>(plan.Steps.Count);
        for (var i = 0; i < plan.Steps.Count; i++)
        {
            var s = plan.Steps[i];
            string Path(string field) => TimelinePlanReader.StepPath(i, field);
            StepTemplate? template = null;
            if (s.Template is not null)
            {
                template = Calendars.Template(s.Template);
                if (template is null)
                {
                    errors.Add(new TimelinesInputError(Path("template"), $"no template '{TimelinesJsonFields.Shorten(s.Template)}' in the calendars (see GET /api/timelines/calendars)"));
                }
            }
            var calendarId = s.Calendar ?? template?.Calendar;
            CalendarData? calendar = null;
            if (calendarId is not null)
            {
                calendar = used.FirstOrDefault(c => string.Equals(c.Id, calendarId, StringComparison.OrdinalIgnoreCase));
                if (calendar is null && used.Count == plan.Calendars.Count)
                {
                    errors.Add(new TimelinesInputError(Path(s.Calendar is null ? "template" : "calendar"),
                        $"calendar '{TimelinesJsonFields.Shorten(calendarId)}' is not one of the plan's calendars ({string.Join(", ", plan.Calendars)})"));
                }
            }
            var name = s.Name ?? template?.Name;
            var nameJa = s.NameJa ?? (s.Name is null ? template?.NameJa : null);
            if (name is null)
            {
                errors.Add(new TimelinesInputError(Path("name"), "is required (or a template that names the step)"));
            }
            var unit = s.Unit ?? (s.Duration is null ? template?.Unit : null);
            var duration = s.Duration ?? template?.Duration;
            string? source = s.Duration is null ? template?.Source : null;
            if (s.Duration is null && template?.DurationFrom == TimelineCalendars.Aeca36b)
            {
                if (partner is null)
                {
                    errors.Add(new TimelinesInputError(Path("template"), "the congressional review period depends on the partner: list a partner's calendar (e.g. JP) in calendars"));
                }
                else if (review is null && (review = CongressionalReviewDays(partner.Country, plan.Start)) is null)
                {
                    errors.Add(new TimelinesInputError(Path("template"), $"the transfer rules in force on {DateText(plan.Start)} require no AECA §36(b) review for {partner.Country}: give the duration"));
                }
                if (review is { } r)
                {
                    duration = r.Days;
                    unit = DurationUnit.Days;
                    source = string.Create(CultureInfo.InvariantCulture, $"{r.Days} days for {partner!.Country} on {DateText(plan.Start)}: rule {r.Rule} of the transfer rule set ({r.Citation})");
                }
            }
            if (duration is null)
            {
                errors.Add(new TimelinesInputError(Path("duration"), "is required (or a template that gives it)"));
            }
            if (unit is null)
            {
                errors.Add(new TimelinesInputError(Path("unit"), "is required with a duration: days, businessDays or months"));
            }
            else if (duration is { } d && d > TimelineCalendars.MaxFor(unit.Value))
            {
                errors.Add(new TimelinesInputError(Path("duration"), string.Create(CultureInfo.InvariantCulture, $"must be at most {TimelineCalendars.MaxFor(unit.Value)} {UnitName(unit.Value)}")));
            }
            var ev = s.Event ?? template?.Event;
            if (ev is not null && calendar is not null && !calendar.Events.Any(e => e.Event.Id == ev))
            {
                errors.Add(new TimelinesInputError(Path(s.Event is null ? "template" : "event"),
                    $"calendar {calendar.Id} has no event '{TimelinesJsonFields.Shorten(ev)}' (expected one of: {string.Join(", ", calendar.Events.Select(e => e.Event.Id))})"));
            }
            if (ev is not null && source is null && calendar?.Events.FirstOrDefault(e => e.Event.Id == ev) is { } evData)
            {
                source = evData.Source;
            }
            foreach (var (field, date) in new[] { ("notBefore", s.NotBefore), ("deadline", s.Deadline) })
            {
                if (date is { } x && (x < EarliestStart || x > LatestStart.AddYears(TimelineAligner.HorizonYears - 1)))
                {
                    errors.Add(new TimelinesInputError(Path(field), string.Create(CultureInfo.InvariantCulture,
                        $"must be between {DateText(EarliestStart)} and {DateText(LatestStart.AddYears(TimelineAligner.HorizonYears - 1))}")));
                }
            }
            sources.Add(source);
            steps.Add(new TimelineStep(s.Id, name ?? s.Id, nameJa, calendar?.Id ?? calendarId, duration ?? 0, unit ?? DurationUnit.Days, ev, s.NotBefore, s.Deadline, source));
        }
        for (var i = 0; i < plan.Constraints.Count; i++)
        {
            if (plan.Constraints[i].Calendar is { } cal && !used.Any(c => string.Equals(c.Id, cal, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add(new TimelinesInputError(string.Create(CultureInfo.InvariantCulture, $"constraints[{i}].calendar"),
                    $"calendar '{TimelinesJsonFields.Shorten(cal)}' is not one of the plan's calendars ({string.Join(", ", plan.Calendars)})"));
            }
        }
        if (errors.Count > 0)
        {
            throw Positioned(plan, errors);
        }
        var calendarsUsed = used;
        return new TimelineProblem(plan.Start, [.. used.Select(c => c.Fiscal)], steps,
            [.. plan.Dependencies.Select(d => new TimelineDependency(d.From, d.To, d.Kind, d.LagDays))],
            [.. plan.Constraints.Select(c => new FiscalConstraint(c.Kind, c.Steps,
                c.Calendar is null ? null : calendarsUsed.First(u => string.Equals(u.Id, c.Calendar, StringComparison.OrdinalIgnoreCase)).Id))]);
    }

    private static TimelinesInputException Positioned(TimelinePlan plan, IEnumerable<TimelinesInputError> errors) =>
        new([.. errors.Select(e =>
        {
            if (plan.Json is null || e.Line > 0)
            {
                return e;
            }
            var (line, column) = plan.Json.At(e.Field is "" or "body" ? "$" : e.Field);
            return e with { Source = plan.Json.Source, Line = line, Column = column };
        })]);

    /// <summary>A stable hash of the resolved problem (and what-if): the same plan gives the same ICS UIDs.</summary>
    public static string PlanHash(TimelineProblem problem, TimelineWhatIf? whatIf)
    {
        var canonical = JsonSerializer.Serialize(new
        {
            start = DateText(problem.Start),
            calendars = problem.Calendars.Select(c => c.Id),
            steps = problem.Steps.Select(s => new { s.Id, s.Name, s.NameJa, s.Calendar, s.Duration, unit = (int)s.Unit, s.Event, s.NotBefore, s.Deadline }),
            dependencies = problem.Dependencies.Select(d => new { d.From, d.To, kind = (int)d.Kind, d.LagDays }),
            constraints = problem.Constraints.Select(c => new { kind = (int)c.Kind, c.Steps, c.Calendar }),
            whatIf = whatIf is null ? null : new { whatIf.Step, notBefore = DateText(whatIf.NotBefore) },
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..16];
    }

    /// <summary>Runs an engine call, turning its input errors into this feature's (fields as the engine names them).</summary>
    private static T Engine<T>(Func<T> call, string source)
    {
        try
        {
            return call();
        }
        catch (TimelineInputException ex)
        {
            throw new TimelinesInputException([.. ex.Problems.Select(p => new TimelinesInputError(p.Field, p.Message, source))]);
        }
    }
}
