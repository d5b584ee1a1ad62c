using System.Globalization;
using System.Text.RegularExpressions;
using Musubi.Core.Data;
using Musubi.Engines.Timelines;

namespace Musubi.Core.Features.Timelines;

/// <summary>
/// The governments' acquisition calendars, loaded from <c>data/calendars/*.json</c> (docs/formats.md §7): fiscal years,
/// budget events and approval-step templates with their sources. Loaded and validated once (at the web host's start, by
/// the CLI when it aligns, and by a test); any problem stops the load with every problem named by file, line, column and
/// field. Immutable.
/// </summary>
public sealed partial class TimelineCalendars
{
    /// <summary>The durations the engine accepts, per unit (days, business days, months).</summary>
    public const int MaxDays = 3650;
    public const int MaxBusinessDays = 2500;
    public const int MaxMonths = 120;

    /// <summary>The one source a template's duration may be read from instead of stated: the AECA §36(b) review period.</summary>
    public const string Aeca36b = "aeca-36b";

    internal static readonly string[] Units = ["days", "businessDays", "months"];
    private static readonly string[] Rules = ["fixedDay", "lastDayOfMonth", "nthWeekday"];
    private static readonly string[] Weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
    private static readonly string[] Namings = ["start", "end"];

    private static readonly Lazy<TimelineCalendars> Shipped = new(() => Load(DefaultDirectory));

    private TimelineCalendars(IReadOnlyList<CalendarData> calendars) => All = calendars;

    /// <summary>The calendars, by id.</summary>
    public IReadOnlyList<CalendarData> All { get; }

    /// <summary>The directory of the shipped calendars.</summary>
    public static string DefaultDirectory => Path.Combine(DatabaseSetup.DataDirectory, "calendars");

    /// <summary>The shipped calendars (loaded once; a problem throws <see cref="TimelinesInputException"/> every time it is asked).</summary>
    public static TimelineCalendars Default => Shipped.Value;

    public CalendarData? Find(string? id) =>
        id is null ? null : All.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>A template by id (ids are unique across calendars).</summary>
    public StepTemplate? Template(string? id) =>
        id is null ? null : All.SelectMany(c => c.Templates).FirstOrDefault(t => string.Equals(t.Id, id, StringComparison.Ordinal));

    /// <summary>Loads every <c>*.json</c> of <paramref name="directory"/>, sorted by file name.</summary>
    /// <exception cref="TimelinesInputException">every problem, with <c>Source</c> the file name.</exception>
    public static TimelineCalendars Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new TimelinesInputException("calendars", $"no calendar directory {directory}", directory);
        }
        var files = Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToList();
        return Load(files);
    }

    /// <summary>Loads calendars from (file name, JSON text) pairs.</summary>
    public static TimelineCalendars Load(IReadOnlyList<(string File, string Text)> files)
    {
        var errors = new List<TimelinesInputError>();
        var calendars = new List<CalendarData>();
        foreach (var (file, text) in files)
        {
            try
            {
                var json = TimelinesJsonFields.Parse(text, file);
                var f = new TimelinesJsonFields(json, file);
                var calendar = Read(f, json.Root);
                errors.AddRange(f.Errors);
                if (f.Errors.Count == 0 && calendar is not null)
                {
                    calendars.Add(calendar);
                }
            }
            catch (TimelinesInputException ex)
            {
                errors.AddRange(ex.Errors);
            }
        }
        foreach (var dup in calendars.GroupBy(c => c.Id, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add(new TimelinesInputError("id", $"calendar '{dup.Key}' is defined more than once", "calendars"));
        }
        foreach (var dup in calendars.SelectMany(c => c.Templates).GroupBy(t => t.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new TimelinesInputError("templates", $"template '{dup.Key}' is defined in more than one calendar ({string.Join(", ", dup.Select(t => t.Calendar))})", "calendars"));
        }
        if (calendars.Count == 0 && errors.Count == 0)
        {
            errors.Add(new TimelinesInputError("calendars", "no calendar file (*.json) found", "calendars"));
        }
        if (errors.Count > 0)
        {
            throw new TimelinesInputException(errors);
        }
        return new TimelineCalendars([.. calendars.OrderBy(c => c.Id, StringComparer.Ordinal)]);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    internal static partial Regex IdPattern();

    private static CalendarData? Read(TimelinesJsonFields f, System.Text.Json.JsonElement root)
    {
        if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            f.Add("", "must be a JSON object");
            return null;
        }
        f.Only(root, "", ["id", "country", "name", "nameJa", "fiscalYear", "events", "templates"]);
        var id = Id(f, root, "", "id");
        var country = f.Str(root, "", "country", required: true);
        if (country is not null && !Holidays.Countries.Contains(country, StringComparer.Ordinal))
        {
            f.Add("country", $"no holiday rules for '{TimelinesJsonFields.Shorten(country)}' (expected one of: {string.Join(", ", Holidays.Countries)})");
        }
        var name = f.Str(root, "", "name", required: true);
        var nameJa = f.Str(root, "", "nameJa", required: true);
        int? startMonth = null;
        bool? byEnd = null;
        string? fySource = null;
        if (f.Has(root, "fiscalYear") && root.GetProperty("fiscalYear") is { ValueKind: System.Text.Json.JsonValueKind.Object } fy)
        {
            f.Only(fy, "fiscalYear", ["startMonth", "namedBy", "source"]);
            startMonth = f.Int(fy, "fiscalYear", "startMonth", required: true, min: 1, max: 12);
            byEnd = f.Enum(fy, "fiscalYear", "namedBy", Namings, required: true) is { } n ? n == 1 : null;
            fySource = f.Str(fy, "fiscalYear", "source", required: true, max: 1000);
        }
        else
        {
            f.Add("fiscalYear", "is required: { \"startMonth\", \"namedBy\": \"start|end\", \"source\" }");
        }
        var events = f.Array(root, "", "events", required: true, 50, (e, p) => Event(f, e, p));
        var eventIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is { } ev && !eventIds.Add(ev.Event.Id))
            {
                f.Add(string.Create(CultureInfo.InvariantCulture, $"events[{i}].id"), $"event '{ev.Event.Id}' is defined more than once");
            }
        }
        var templates = f.Array(root, "", "templates", required: false, 200, (e, p) => Template(f, e, p, id ?? "", eventIds));
        if (f.Errors.Count > 0 || id is null || country is null || name is null || nameJa is null || startMonth is null || byEnd is null || fySource is null)
        {
            return null;
        }
        var evs = events.OfType<CalendarEventData>().ToList();
        var fiscal = new FiscalCalendar(id, country, startMonth.Value, byEnd.Value, [.. evs.Select(e => e.Event)]);
        return new CalendarData(id, country, name, nameJa, fiscal, fySource, evs, [.. templates.OfType<StepTemplate>()]);
    }

    private static string? Id(TimelinesJsonFields f, System.Text.Json.JsonElement e, string parent, string name)
    {
        var id = f.Str(e, parent, name, required: true);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            f.Add(TimelinesJsonFields.Path(parent, name), "must be 1–64 letters, digits, '-' or '_'");
            return null;
        }
        return id;
    }

    private static CalendarEventData? Event(TimelinesJsonFields f, System.Text.Json.JsonElement e, string p)
    {
        f.Only(e, p, ["id", "name", "nameJa", "rule", "month", "day", "weekday", "nth", "businessDayOnOrBefore", "typical", "source"]);
        var id = Id(f, e, p, "id");
        var name = f.Str(e, p, "name", required: true);
        var nameJa = f.Str(e, p, "nameJa", required: true);
        var rule = f.Enum(e, p, "rule", Rules, required: true);
        var month = f.Int(e, p, "month", required: true, min: 1, max: 12);
        var day = f.Int(e, p, "day", min: 1, max: 31);
        var weekday = f.Enum(e, p, "weekday", Weekdays);
        var nth = f.Int(e, p, "nth", min: -1, max: 5);
        var before = f.Bool(e, p, "businessDayOnOrBefore") ?? false;
        var typical = f.Bool(e, p, "typical") ?? false;
        var source = f.Str(e, p, "source", required: true, max: 1000);
        if (rule == 0 && day is null)
        {
            f.Add(TimelinesJsonFields.Path(p, "day"), "is required for rule fixedDay");
        }
        if (rule == 0 && day is { } d && month is { } m && d > DateTime.DaysInMonth(2001, m))
        {
            f.Add(TimelinesJsonFields.Path(p, "day"), string.Create(CultureInfo.InvariantCulture, $"month {m} has no day {d} every year"));
        }
        if (rule == 2 && (weekday is null || nth is null || nth == 0))
        {
            f.Add(TimelinesJsonFields.Path(p, rule == 2 && weekday is null ? "weekday" : "nth"), "rule nthWeekday needs a weekday and nth (1–5, or -1 for the last)");
        }
        if (id is null || name is null || nameJa is null || rule is null || month is null || source is null)
        {
            return null;
        }
        var ev = new AnnualEvent(id, name, nameJa, (AnnualDateRule)rule.Value, month.Value, day ?? 1, (DayOfWeek)(weekday ?? 1), nth ?? 1, before);
        return new CalendarEventData(ev, typical, source);
    }

    private static StepTemplate? Template(TimelinesJsonFields f, System.Text.Json.JsonElement e, string p, string calendar, HashSet<string> events)
    {
        f.Only(e, p, ["id", "name", "nameJa", "duration", "durationFrom", "unit", "event", "illustrative", "unconfirmed", "source"]);
        var id = Id(f, e, p, "id");
        var name = f.Str(e, p, "name", required: true);
        var nameJa = f.Str(e, p, "nameJa", required: true);
        var unit = f.Enum(e, p, "unit", Units, required: true);
        var duration = f.Int(e, p, "duration", min: 0, max: unit is { } u ? MaxFor((DurationUnit)u) : MaxDays);
        var from = f.Str(e, p, "durationFrom");
        if (from is not null && from != Aeca36b)
        {
            f.Add(TimelinesJsonFields.Path(p, "durationFrom"), $"unknown source '{TimelinesJsonFields.Shorten(from)}' (expected: {Aeca36b})");
        }
        if (f.Has(e, "duration") == f.Has(e, "durationFrom"))
        {
            f.Add(TimelinesJsonFields.Path(p, "duration"), "give a duration or durationFrom, one of them");
        }
        if (from == Aeca36b && unit is not null && unit != 0)
        {
            f.Add(TimelinesJsonFields.Path(p, "unit"), "the congressional review period is in calendar days: unit must be days");
        }
        var ev = f.Str(e, p, "event");
        if (ev is not null && !events.Contains(ev))
        {
            f.Add(TimelinesJsonFields.Path(p, "event"), $"no event '{TimelinesJsonFields.Shorten(ev)}' in this calendar");
        }
        var illustrative = f.Bool(e, p, "illustrative");
        if (illustrative is null)
        {
            f.Add(TimelinesJsonFields.Path(p, "illustrative"), "is required: say whether the duration is illustrative (true) or sourced (false)");
        }
        var unconfirmed = f.Str(e, p, "unconfirmed", max: 1000);
        var source = f.Str(e, p, "source", required: true, max: 1000);
        if (id is null || name is null || nameJa is null || unit is null || source is null || illustrative is null)
        {
            return null;
        }
        return new StepTemplate(id, calendar, name, nameJa, duration, (DurationUnit)unit.Value, ev, from, illustrative.Value, unconfirmed, source);
    }

    internal static int MaxFor(DurationUnit unit) => unit switch
    {
        DurationUnit.BusinessDays => MaxBusinessDays,
        DurationUnit.Months => MaxMonths,
        _ => MaxDays,
    };
}
