using System.Globalization;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Musubi.Core.Features.Timelines;

/// <summary>
/// An aligned plan's milestones as an iCalendar file (RFC 5545, written with Ical.Net): one all-day VEVENT per step on
/// its earliest finish, summary the step's name (in Japanese when asked and known), the calendar, dates, slack and
/// whether it is critical in the description. The UID is the step id with the plan's hash, so importing the same plan
/// again updates the events instead of duplicating them, and a changed plan makes new ones.
/// </summary>
public static class TimelinesIcs
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Write(AlignedPlan aligned, DateTimeOffset now, bool japanese = false)
    {
        ArgumentNullException.ThrowIfNull(aligned);
        var calendar = new Ical.Net.Calendar { ProductId = "-//Musubi//Timelines//EN" };
        calendar.AddProperty("X-WR-CALNAME", aligned.Alignment.Name ?? "Musubi timeline");
        var stamp = new CalDateTime(now.UtcDateTime, "UTC");
        foreach (var s in aligned.Alignment.Steps)
        {
            var finish = DateOnly.ParseExact(s.EarliestFinish, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var description = new StringBuilder()
                .Append("Calendar: ").Append(s.Calendar ?? "-")
                .Append(s.FiscalYearLabel is { } fy ? " (" + fy + ")" : "").Append('\n')
                .Append("Earliest start: ").Append(s.EarliestStart).Append("; earliest finish: ").Append(s.EarliestFinish).Append('\n')
                .Append("Latest finish: ").Append(s.LatestFinish).Append("; slack: ")
                .Append(s.SlackDays.ToString(CultureInfo.InvariantCulture)).Append(" days\n")
                .Append(s.Critical ? "Critical: yes (on the critical path)" : "Critical: no").Append('\n')
                .Append("Why it starts then: ").Append(s.Reason);
            if (s.Source is { Length: > 0 } source)
            {
                description.Append('\n').Append("Duration source: ").Append(source).Append(s.Illustrative ? " (illustrative)" : "");
            }
            var ev = new CalendarEvent
            {
                Uid = $"{s.Id}-{aligned.Alignment.PlanHash}@musubi",
                Summary = (japanese && s.NameJa is { Length: > 0 } ja ? ja : s.Name) + (s.Critical ? " ★" : ""),
                Description = description.ToString(),
                DtStart = new CalDateTime(finish),
                DtEnd = new CalDateTime(finish.AddDays(1)),
                DtStamp = stamp,
                Categories = s.Critical ? ["Musubi", "Critical"] : ["Musubi"],
            };
            calendar.Events.Add(ev);
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
