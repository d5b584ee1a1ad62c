namespace Musubi.Core.Features.Timelines;

/// <summary>An annual event as the API shows it, with its next occurrences.</summary>
public sealed record CalendarEventView(
    string Id, string Name, string NameJa, string Rule, int Month, int? Day, string? Weekday, int? Nth, bool BusinessDayOnOrBefore, bool Typical, string Source);

/// <summary>A step template as the API shows it.</summary>
public sealed record StepTemplateView(
    string Id, string Calendar, string Name, string NameJa, int? Duration, string? DurationFrom, string Unit, string? Event, bool Illustrative, string? Unconfirmed, string Source);

/// <summary>A calendar as the API shows it.</summary>
public sealed record CalendarView(
    string Id, string Country, string Name, string NameJa, int FiscalYearStartMonth, string FiscalYearNamedBy, string FiscalYearSource,
    IReadOnlyList<CalendarEventView> Events, IReadOnlyList<StepTemplateView> Templates);

public static class TimelinesViews
{
    public static CalendarView View(CalendarData c) => new(
        c.Id, c.Country, c.Name, c.NameJa, c.Fiscal.FiscalYearStartMonth, c.Fiscal.FiscalYearNamedByEnd ? "end" : "start", c.FiscalYearSource,
        [.. c.Events.Select(e => new CalendarEventView(e.Event.Id, e.Event.Name, e.Event.NameJa,
            System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Event.Rule.ToString()), e.Event.Month,
            e.Event.Rule == Engines.Timelines.AnnualDateRule.FixedDay ? e.Event.Day : null,
            e.Event.Rule == Engines.Timelines.AnnualDateRule.NthWeekday ? e.Event.Weekday.ToString().ToLowerInvariant() : null,
            e.Event.Rule == Engines.Timelines.AnnualDateRule.NthWeekday ? e.Event.Nth : null,
            e.Event.BusinessDayOnOrBefore, e.Typical, e.Source))],
        [.. c.Templates.Select(t => new StepTemplateView(t.Id, t.Calendar, t.Name, t.NameJa, t.Duration, t.DurationFrom,
            TimelineCalendars.Units[(int)t.Unit], t.Event, t.Illustrative, t.Unconfirmed, t.Source))]);
}
