using System.Globalization;
using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace Musubi.Core.Features.Board;

/// <summary>
/// Requirements' milestones and need-by dates as an iCalendar file (RFC 5545, written with Ical.Net, like the timelines'
/// calendar): one all-day VEVENT per milestone and one for the need-by date. The UID is the requirement, the kind and the
/// date, so importing the calendar again updates the events, and a moved milestone makes a new one.
/// </summary>
public static class BoardIcs
{
    public const string ContentType = "text/calendar; charset=utf-8";

    /// <summary>The need-by date's pseudo-kind in UIDs and categories.</summary>
    public const string NeedByKind = "need_by";

    public static string Write(IReadOnlyList<BoardRequirementView> requirements, DateTimeOffset now, string name)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        var calendar = new Ical.Net.Calendar { ProductId = "-//Musubi//Board//EN" };
        calendar.AddProperty("X-WR-CALNAME", name);
        var stamp = new CalDateTime(now.UtcDateTime, "UTC");
        foreach (var r in requirements)
        {
            foreach (var m in r.Milestones)
            {
                calendar.Events.Add(Event(r, m.Kind, m.Date, m.Note, stamp));
            }
            if (r.NeedBy is { } needBy)
            {
                calendar.Events.Add(Event(r, NeedByKind, needBy, null, stamp));
            }
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent Event(BoardRequirementView r, string kind, DateOnly date, string? note, CalDateTime stamp)
    {
        var description = new StringBuilder()
            .Append("Requirement: ").Append(r.Id).Append(" — ").Append(r.Title).Append('\n');
        if (r.TitleJa is { Length: > 0 } ja)
        {
            description.Append("要求: ").Append(ja).Append('\n');
        }
        description.Append("Program: ").Append(r.ProgramName ?? "-").Append('\n')
            .Append("Status: ").Append(r.Status).Append("; contracting path: ").Append(r.ContractingPath).Append("; funding: ").Append(r.FundingStatus);
        if (note is not null)
        {
            description.Append('\n').Append("Note: ").Append(note);
        }
        if (r.Marking != "UNCLASSIFIED")
        {
            description.Append('\n').Append("Marking: ").Append(r.Marking);
        }
        return new CalendarEvent
        {
            Uid = string.Create(CultureInfo.InvariantCulture, $"{r.Id}-{kind}-{date:yyyyMMdd}@musubi-board"),
            Summary = $"{r.Id} {Label(kind)}: {r.Title}",
            Description = description.ToString(),
            DtStart = new CalDateTime(date),
            DtEnd = new CalDateTime(date.AddDays(1)),
            DtStamp = stamp,
            Categories = ["Musubi", kind],
        };
    }

    /// <summary>The English label of a milestone kind (or of the need-by date).</summary>
    public static string Label(string kind) => kind switch
    {
        Registry.MilestoneKinds.SourcesSought => "sources sought",
        Registry.MilestoneKinds.IndustryDay => "industry day",
        Registry.MilestoneKinds.Solicitation => "solicitation",
        Registry.MilestoneKinds.ProposalsDue => "proposals due",
        Registry.MilestoneKinds.Award => "award",
        Registry.MilestoneKinds.FirstDelivery => "first delivery",
        NeedByKind => "need by",
        _ => kind,
    };
}
