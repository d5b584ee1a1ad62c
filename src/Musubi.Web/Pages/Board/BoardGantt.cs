using System.Globalization;
using Musubi.Core.Features.Board;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Board;

/// <summary>A milestone drawn as a diamond on its requirement's row.</summary>
public sealed record BoardGanttMilestone(double X, string Kind, DateOnly Date, string? Note);

/// <summary>A requirement's row: the bar from its start (published, else first milestone) to its need-by date, and its milestones.</summary>
public sealed record BoardGanttRow(BoardRequirementView Requirement, DateOnly? Start, DateOnly? End, double Y, double? BarX, double BarWidth, double? EndX, IReadOnlyList<BoardGanttMilestone> Milestones);

/// <summary>A month or year line of the time axis.</summary>
public sealed record BoardGanttTick(double X, string Label, bool Year);

/// <summary>
/// The server-drawn Gantt of the board's requirements (no script), in the style of the timelines page: one row per
/// requirement with a bar from its start (<see cref="BoardTimelineRow.Start"/>: published, else first milestone) to its
/// need-by date (<see cref="BoardTimelineRow.End"/>), its milestones as diamonds, a need-by mark, year and month lines and
/// a line for today. A requirement without any date has no row here (the table lists it). Coordinates in SVG user units.
/// </summary>
public sealed class BoardGantt
{
    public const double Width = 1000;
    public const double Left = 280;
    public const double Right = 20;
    public const double RowHeight = 24;
    public const double BarHeight = 12;
    public const double Top = 26;

    /// <summary>At most this many rows are drawn; the table below the chart lists every row.</summary>
    public const int MaxRows = 200;

    public double PlotWidth => Width - Left - Right;
    public DateOnly From { get; }
    public DateOnly To { get; }
    public IReadOnlyList<BoardGanttRow> Rows { get; }
    public IReadOnlyList<BoardGanttTick> Ticks { get; }
    public double AxisY => Top;
    public double Height { get; }
    public double? TodayX { get; }
    public DateOnly Today { get; }

    /// <summary>Requirements with a date that the chart leaves out beyond <see cref="MaxRows"/>.</summary>
    public int Omitted { get; }

    public BoardGantt(IReadOnlyList<BoardTimelineRow> rows, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(rows);
        Today = today;
        var dated = rows.Where(r => Dates(r).Any()).ToList();
        Omitted = Math.Max(0, dated.Count - MaxRows);
        dated = [.. dated.Take(MaxRows)];
        var all = dated.SelectMany(Dates).Append(today).ToList();
        var first = all.Min();
        var last = all.Max();
        From = new DateOnly(first.Year, first.Month, 1);
        var end = last.AddMonths(1);
        To = new DateOnly(end.Year, end.Month, 1);
        var ticks = new List<BoardGanttTick>();
        var totalMonths = ((To.Year - From.Year) * 12) + To.Month - From.Month;
        var step = totalMonths <= 24 ? 3 : totalMonths <= 60 ? 6 : 12;
        for (var m = From; m <= To; m = m.AddMonths(1))
        {
            var months = ((m.Year - From.Year) * 12) + m.Month - From.Month;
            if (m.Month == 1 || months % step == 0)
            {
                ticks.Add(new BoardGanttTick(X(m), m.Month == 1 ? m.Year.ToString(CultureInfo.InvariantCulture) : m.ToString("MM", CultureInfo.InvariantCulture), m.Month == 1));
            }
        }
        Ticks = ticks;
        var drawn = new List<BoardGanttRow>();
        for (var i = 0; i < dated.Count; i++)
        {
            var r = dated[i];
            double? barX = null;
            var barWidth = 0.0;
            if (r.Start is { } s && r.End is { } e && e >= s)
            {
                barX = X(s);
                barWidth = X(e) - barX.Value;
            }
            var milestones = r.Requirement.Milestones.Select(m => new BoardGanttMilestone(X(m.Date), m.Kind, m.Date, m.Note)).ToList();
            drawn.Add(new BoardGanttRow(r.Requirement, r.Start, r.End, Top + 8 + (i * RowHeight), barX, barWidth, r.End is { } end2 ? X(end2) : null, milestones));
        }
        Rows = drawn;
        Height = Top + 8 + (drawn.Count * RowHeight) + 20;
        TodayX = X(today);
    }

    /// <summary>The x of a date (its start).</summary>
    public double X(DateOnly date)
    {
        var span = To.DayNumber - From.DayNumber;
        return Left + (PlotWidth * (date.DayNumber - From.DayNumber) / Math.Max(span, 1));
    }

    public static string Svg(double v) => ChartScale.Svg(v);

    private static IEnumerable<DateOnly> Dates(BoardTimelineRow r) =>
        new[] { r.Start, r.End }.OfType<DateOnly>().Concat(r.Requirement.Milestones.Select(m => m.Date));
}
