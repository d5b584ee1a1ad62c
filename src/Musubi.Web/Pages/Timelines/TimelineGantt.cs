using System.Globalization;
using Musubi.Core.Features.Timelines;
using Musubi.Engines.Timelines;

namespace Musubi.Web.Pages.Timelines;

/// <summary>A fiscal year drawn in a calendar's band: its span on the chart and its label.</summary>
public sealed record GanttFiscalYear(double X, double Width, string Label, int Year, bool Alternate, string Start);

/// <summary>An annual budget event drawn as a tick in its calendar's band.</summary>
public sealed record GanttEventTick(double X, string Id, string Name, string Date, bool Typical);

/// <summary>One calendar's band: its fiscal years and budget events.</summary>
public sealed record GanttBand(string Calendar, string Label, double Y, IReadOnlyList<GanttFiscalYear> Years, IReadOnlyList<GanttEventTick> Events);

/// <summary>A step's row: its bar (earliest start to finish), its slack tail (to the latest finish), a deadline mark.</summary>
public sealed record GanttRow(
    AlignedStep Step, double Y, double BarX, double BarWidth, double SlackX, double SlackWidth, bool Milestone, double? DeadlineX, bool Late);

/// <summary>A month or year line of the time axis.</summary>
public sealed record GanttTick(double X, string Label, bool Year);

/// <summary>
/// The server-drawn Gantt of an aligned plan (no script): the U.S. and Japanese fiscal years as two bands side by side
/// above the bars — each year labelled ("US FY2028", "JP FY2027 (令和9年度)") and the budget events as ticks — then one
/// row per step: the bar from earliest start to earliest finish (critical steps highlighted), the slack as a lighter
/// tail to the latest finish, a deadline mark, and a line for today. Coordinates in SVG user units.
/// </summary>
public sealed class TimelineGantt
{
    public const double Width = 1000;
    public const double Left = 250;
    public const double Right = 20;
    public const double BandHeight = 26;
    public const double BandGap = 4;
    public const double RowHeight = 24;
    public const double BarHeight = 14;

    public double PlotWidth => Width - Left - Right;

    public DateOnly From { get; }
    public DateOnly To { get; }
    public IReadOnlyList<GanttBand> Bands { get; }
    public IReadOnlyList<GanttRow> Rows { get; }
    public IReadOnlyList<GanttTick> Ticks { get; }
    public double AxisY { get; }
    public double RowsTop { get; }
    public double Height { get; }
    public double? TodayX { get; }
    public string Today { get; }

    public TimelineGantt(AlignedPlan aligned, DateOnly today, Func<CalendarData, string> bandLabel)
    {
        ArgumentNullException.ThrowIfNull(aligned);
        ArgumentNullException.ThrowIfNull(bandLabel);
        var steps = aligned.Alignment.Steps;
        var first = Date(aligned.Alignment.Start);
        var last = steps.Select(s => Max(Date(s.LatestFinish), Date(s.EarliestFinish))).Append(Date(aligned.Alignment.Finish)).Max();
        foreach (var s in steps)
        {
            if (s.Deadline is { } d && Date(d) > last)
            {
                last = Date(d);
            }
        }
        From = new DateOnly(first.Year, first.Month, 1);
        var end = last.AddMonths(1);
        To = new DateOnly(end.Year, end.Month, 1);
        Today = TimelinesService.DateText(today);
        var bands = new List<GanttBand>();
        var y = 8.0;
        foreach (var c in aligned.Calendars)
        {
            bands.Add(Band(c, y, bandLabel(c)));
            y += BandHeight + BandGap;
        }
        Bands = bands;
        AxisY = y + 14;
        var ticks = new List<GanttTick>();
        var totalMonths = ((To.Year - From.Year) * 12) + To.Month - From.Month;
        var step = totalMonths <= 24 ? 1 : totalMonths <= 48 ? 3 : totalMonths <= 120 ? 6 : 12;
        for (var m = From; m <= To; m = m.AddMonths(1))
        {
            var months = ((m.Year - From.Year) * 12) + m.Month - From.Month;
            if (m.Month == 1 || months % step == 0)
            {
                ticks.Add(new GanttTick(X(m), m.Month == 1 ? m.Year.ToString(CultureInfo.InvariantCulture) : m.ToString("MM", CultureInfo.InvariantCulture), m.Month == 1));
            }
        }
        Ticks = ticks;
        RowsTop = AxisY + 10;
        var rows = new List<GanttRow>();
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var es = Date(s.EarliestStart);
            var ef = Date(s.EarliestFinish);
            var lf = Date(s.LatestFinish);
            var x1 = X(es);
            var x2 = X(ef);
            var slackEnd = X(Max(lf, ef));
            double? deadline = s.Deadline is { } dl ? X(Date(dl)) : null;
            var late = aligned.Alignment.Conflicts.Any(c => c.Step == s.Id);
            rows.Add(new GanttRow(s, RowsTop + (i * RowHeight), x1, Math.Max(x2 - x1, 0), x2, Math.Max(slackEnd - x2, 0), ef == es, deadline, late));
        }
        Rows = rows;
        Height = RowsTop + (steps.Count * RowHeight) + 12;
        TodayX = today >= From && today <= To ? X(today) : null;
    }

    /// <summary>The x of a date (its start).</summary>
    public double X(DateOnly date)
    {
        var span = To.DayNumber - From.DayNumber;
        return Left + (PlotWidth * (date.DayNumber - From.DayNumber) / Math.Max(span, 1));
    }

    private GanttBand Band(CalendarData c, double y, string label)
    {
        var years = new List<GanttFiscalYear>();
        var fy = c.Fiscal.FiscalYearOf(From);
        for (var n = fy; ; n++)
        {
            var start = c.Fiscal.FiscalYearStart(n);
            if (start >= To)
            {
                break;
            }
            var next = c.Fiscal.FiscalYearStart(n + 1);
            var x1 = X(Max(start, From));
            var x2 = X(next < To ? next : To);
            years.Add(new GanttFiscalYear(x1, x2 - x1, c.FiscalYearLabel(n), n, n % 2 == 0, TimelinesService.DateText(start)));
        }
        var events = new List<GanttEventTick>();
        var business = BusinessCalendar.For(c.Country);
        for (var year = From.Year; year <= To.Year; year++)
        {
            foreach (var e in c.Events)
            {
                DateOnly date;
                try
                {
                    date = e.Event.In(year, business);
                }
                catch (TimelineInputException)
                {
                    continue;
                }
                if (date >= From && date < To)
                {
                    events.Add(new GanttEventTick(X(date), e.Event.Id, Pages.Shared.Localized.Japanese ? e.Event.NameJa : e.Event.Name, TimelinesService.DateText(date), e.Typical));
                }
            }
        }
        return new GanttBand(c.Id, label, y, years, events);
    }

    public static string Svg(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
