using System.Globalization;
using Musubi.Engines.Optimization.Workshare;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Workshare;

/// <summary>A labelled tick on an axis: where it is (SVG units) and what it says.</summary>
public sealed record WorkshareTick(double Position, string Label);

/// <summary>A nation on a chart: its position among the program's nations (for its colour), code and name in the reader's language.</summary>
public sealed record WorkshareNationKey(int Index, string Code, string Label)
{
    /// <summary>How many nation colours the stylesheet has; further nations repeat them.</summary>
    public const int Styles = 6;

    public string Style => (Index % Styles).ToString(CultureInfo.InvariantCulture);
}

/// <summary>One nation's piece of a 100 % stacked bar: where it starts, how wide it is, and the share it stands for.</summary>
public sealed record WorkshareSegment(WorkshareNationKey Nation, double X, double Width, double Share);

/// <summary>One nation's row: its work share against its target and the allowed band, in SVG units and as numbers.</summary>
public sealed record WorkshareNationRow(WorkshareNationKey Nation, WorkshareShare Share, double Y, double BandX, double BandWidth, double BarWidth, double TargetX)
{
    /// <summary>The share lies within its band (a millionth of slack for rounding).</summary>
    public bool Within => Share.Actual >= Share.Lower - 1e-6 && Share.Actual <= Share.Upper + 1e-6;
}

/// <summary>
/// Each nation's share of the allocated work against its target (its funding share) as one server-drawn SVG: two
/// 100 % stacked bars (the work as allocated, the cost shares) and a row per nation with its share as a bar, the
/// allowed band (target ± tolerance) shaded behind it and the target as a tick. The geometry is computed here so the
/// partial only writes elements; the page renders the same numbers as a table.
/// </summary>
public sealed class WorkshareShareChart
{
    public const int Width = 1000;
    public const int Left = 190;
    public const int Right = 24;
    public const int Top = 10;
    public const int StackHeight = 26;
    public const int StackGap = 10;
    public const int RowHeight = 34;
    public const int Bar = 12;
    public const int Band = 26;
    public const int AxisSpace = 50;

    public WorkshareShareChart(IReadOnlyList<WorkshareShare> shares, Func<string, string> nationLabel)
    {
        Nations = [.. shares.Select((s, i) => new WorkshareNationKey(i, s.Nation, nationLabel(s.Nation)))];
        WorkSegments = Stack(shares.Select(s => s.Actual));
        CostSegments = Stack(shares.Select(s => s.Target));
        Rows = [.. shares.Select((s, i) =>
        {
            var lower = Math.Clamp(s.Lower, 0, 1);
            var upper = Math.Clamp(s.Upper, 0, 1);
            return new WorkshareNationRow(Nations[i], s, RowsTop + (i * RowHeight), X(lower), Math.Max(0, X(upper) - X(lower)), X(Math.Clamp(s.Actual, 0, 1)) - Left, X(Math.Clamp(s.Target, 0, 1)));
        })];
        Ticks = [.. Enumerable.Range(0, 5).Select(i => new WorkshareTick(X(i / 4.0), (i / 4.0).ToString("P0", CultureInfo.CurrentCulture)))];
    }

    public IReadOnlyList<WorkshareNationKey> Nations { get; }

    /// <summary>The work as allocated, as one bar split by nation.</summary>
    public IReadOnlyList<WorkshareSegment> WorkSegments { get; }

    /// <summary>The funding (cost) shares, the targets, as one bar split by nation.</summary>
    public IReadOnlyList<WorkshareSegment> CostSegments { get; }

    public IReadOnlyList<WorkshareNationRow> Rows { get; }

    public IReadOnlyList<WorkshareTick> Ticks { get; }

    public static double PlotWidth => Width - Left - Right;

    public static double WorkY => Top;

    public static double CostY => Top + StackHeight + StackGap;

    public static double RowsTop => CostY + StackHeight + (2 * StackGap);

    public double Baseline => RowsTop + (Rows.Count * RowHeight) + 4;

    public double Height => Baseline + AxisSpace;

    /// <summary>The horizontal position of a share (0…1).</summary>
    public static double X(double share) => Left + (PlotWidth * share);

    /// <summary>A share as the reader writes percentages, one decimal.</summary>
    public static string Percent(double share) => share.ToString("P1", CultureInfo.CurrentCulture);

    public static string Svg(double value) => ChartScale.Svg(value);

    private IReadOnlyList<WorkshareSegment> Stack(IEnumerable<double> values)
    {
        var list = values.Select(v => Math.Max(0, double.IsFinite(v) ? v : 0)).ToList();
        var total = list.Sum();
        var scale = total > 1 ? 1 / total : 1;
        var segments = new List<WorkshareSegment>();
        var at = 0.0;
        for (var i = 0; i < list.Count; i++)
        {
            var share = list[i] * scale;
            segments.Add(new WorkshareSegment(Nations[i], X(at), PlotWidth * share, list[i]));
            at += share;
        }
        return segments;
    }
}

/// <summary>A work package on the interface map: its box's top-left corner and what it says.</summary>
public sealed record WorkshareMapNode(string Id, string Label, string FullLabel, WorkshareNationKey Nation, string? Subsystem, double X, double Y)
{
    public double CenterY => Y + (WorkshareInterfaceMap.NodeHeight / 2.0);
}

/// <summary>An interface on the map: its two packages, weight, whether it crosses a border, its SVG path and where its weight is written.</summary>
public sealed record WorkshareMapEdge(string A, string B, double Weight, bool CrossBorder, string Path, double LabelX, double LabelY);

/// <summary>
/// The interface map: the work packages as boxes in one column per nation (in the program's order, packages by
/// subsystem then name), each interface as a line labelled with its weight; an interface whose two packages sit in
/// different nations is drawn as a cross-border line (highlighted), one inside a nation as a curve beside its column.
/// Packages not allocated (an infeasible program) are left off; the page lists every interface in a table too.
/// </summary>
public sealed class WorkshareInterfaceMap
{
    public const int Width = 1000;
    public const int Pad = 16;
    public const int Header = 40;
    public const int NodeHeight = 36;
    public const int RowGap = 22;
    public const int Bottom = 16;

    /// <summary>Where along a cross-border line its weight is written, in turn.</summary>
    private static readonly double[] Stagger = [0.5, 0.3, 0.7, 0.4, 0.6];

    public WorkshareInterfaceMap(
        IReadOnlyList<WorkshareNationKey> nations,
        IReadOnlyList<(string Id, string Name, string Nation, string? Subsystem)> packages,
        IReadOnlyList<WorkshareInterface> interfaces)
    {
        Nations = nations;
        ColumnWidth = (Width - (2.0 * Pad)) / Math.Max(1, nations.Count);
        NodeWidth = Math.Min(230, ColumnWidth - 56);
        var chars = Math.Max(6, (int)(NodeWidth / 7.4));
        var nodes = new Dictionary<string, WorkshareMapNode>(StringComparer.Ordinal);
        var rows = 0;
        for (var c = 0; c < nations.Count; c++)
        {
            var column = packages
                .Where(p => string.Equals(p.Nation, nations[c].Code, StringComparison.Ordinal))
                .OrderBy(p => p.Subsystem ?? "\uffff" + p.Id, StringComparer.Ordinal)
                .ThenBy(p => p.Name, StringComparer.Ordinal)
                .ThenBy(p => p.Id, StringComparer.Ordinal)
                .ToList();
            rows = Math.Max(rows, column.Count);
            for (var r = 0; r < column.Count; r++)
            {
                var p = column[r];
                var label = p.Name.Length <= chars ? p.Name : p.Name[..(chars - 1)].TrimEnd() + "…";
                nodes[p.Id] = new WorkshareMapNode(p.Id, label, p.Name, nations[c], p.Subsystem, ColumnX(c) + ((ColumnWidth - NodeWidth) / 2) - 12, Header + (r * (NodeHeight + RowGap)));
            }
        }
        Nodes = [.. nodes.Values];
        Height = Header + (Math.Max(1, rows) * (NodeHeight + RowGap)) - RowGap + Bottom;
        var edges = new List<WorkshareMapEdge>();
        var crossing = 0;
        foreach (var i in interfaces)
        {
            if (!nodes.TryGetValue(i.A, out var a) || !nodes.TryGetValue(i.B, out var b))
            {
                continue;
            }
            if (!string.Equals(a.Nation.Code, b.Nation.Code, StringComparison.Ordinal))
            {
                // Between columns: from the facing sides of the two boxes.
                var (left, right) = a.X <= b.X ? (a, b) : (b, a);
                var x1 = left.X + NodeWidth;
                var x2 = right.X;
                var path = "M" + Svg(x1) + " " + Svg(left.CenterY) + " L" + Svg(x2) + " " + Svg(right.CenterY);
                // Weights along the line at staggered points, so labels of lines crossing mid-way do not sit on each other.
                var t = Stagger[crossing++ % Stagger.Length];
                edges.Add(new WorkshareMapEdge(i.A, i.B, i.Weight, true, path, x1 + ((x2 - x1) * t), left.CenterY + ((right.CenterY - left.CenterY) * t) - 5));
            }
            else
            {
                // Within a column: a curve bulging to the column's right, wider for packages further apart.
                var (upper, lower) = a.Y <= b.Y ? (a, b) : (b, a);
                var x = a.X + NodeWidth;
                var bulge = 18 + Math.Min(34, (lower.Y - upper.Y) / 8);
                var path = "M" + Svg(x) + " " + Svg(upper.CenterY) + " C" + Svg(x + bulge) + " " + Svg(upper.CenterY) + " " + Svg(x + bulge) + " " + Svg(lower.CenterY) + " " + Svg(x) + " " + Svg(lower.CenterY);
                edges.Add(new WorkshareMapEdge(i.A, i.B, i.Weight, false, path, x + (bulge * 0.75) + 4, ((upper.CenterY + lower.CenterY) / 2) + 4));
            }
        }
        // Cross-border lines last, so they are drawn over the others.
        Edges = [.. edges.OrderBy(e => e.CrossBorder)];
    }

    public IReadOnlyList<WorkshareNationKey> Nations { get; }

    public IReadOnlyList<WorkshareMapNode> Nodes { get; }

    public IReadOnlyList<WorkshareMapEdge> Edges { get; }

    public double ColumnWidth { get; }

    public double NodeWidth { get; }

    public double Height { get; }

    /// <summary>The left edge of nation <paramref name="column"/>'s column.</summary>
    public double ColumnX(int column) => Pad + (column * ColumnWidth);

    public double ColumnCenter(int column) => ColumnX(column) + (ColumnWidth / 2);

    public static string Svg(double value) => ChartScale.Svg(value);

    /// <summary>An interface weight as the reader writes numbers (up to two decimals).</summary>
    public static string Weight(double weight) => weight.ToString("#,0.##", CultureInfo.CurrentCulture);
}

/// <summary>One nation's line on the ledger chart: its cumulative contract value (USD) at the end of each year.</summary>
public sealed record WorkshareYearSeries(WorkshareNationKey Nation, IReadOnlyList<double> Cumulative);

/// <summary>
/// A program's contracts over time: each nation's cumulative contract value at the end of each year as a line (years
/// across, US$ millions up). The page lists the contracts and the same numbers in tables.
/// </summary>
public sealed class WorkshareLedgerChart
{
    public const int Width = 1000;
    public const int Height = 300;
    public const int Left = 84;
    public const int Right = 24;
    public const int Top = 16;
    public const int Bottom = 56;

    public WorkshareLedgerChart(IReadOnlyList<WorkshareNationKey> nations, IReadOnlyList<(string Nation, int Year, double Value)> contracts)
    {
        Years = contracts.Count == 0 ? [] : [.. Enumerable.Range(contracts.Min(c => c.Year), contracts.Max(c => c.Year) - contracts.Min(c => c.Year) + 1)];
        Series = [.. nations.Select(n => new WorkshareYearSeries(n, [.. Years.Select(y => contracts.Where(c => c.Year <= y && string.Equals(c.Nation, n.Code, StringComparison.Ordinal)).Sum(c => c.Value))]))];
        var max = Series.SelectMany(s => s.Cumulative).DefaultIfEmpty(0).Max() / 1e6;
        (YMax, var step) = ChartScale.Axis(max);
        YTicks = [.. Enumerable.Range(0, (int)Math.Round(YMax / step) + 1).Select(i => i * step).Select(v => new WorkshareTick(Y(v * 1e6), v.ToString("#,0.##", CultureInfo.CurrentCulture)))];
        var every = Years.Count <= 12 ? 1 : Years.Count <= 30 ? 5 : 10;
        XTicks = [.. Years.Select((y, i) => (y, i)).Where(t => t.i == 0 || t.y % every == 0).Select(t => new WorkshareTick(X(t.i), t.y.ToString(CultureInfo.InvariantCulture)))];
    }

    public IReadOnlyList<int> Years { get; }

    public IReadOnlyList<WorkshareYearSeries> Series { get; }

    /// <summary>The top of the value axis, US$ millions.</summary>
    public double YMax { get; }

    public IReadOnlyList<WorkshareTick> YTicks { get; }

    public IReadOnlyList<WorkshareTick> XTicks { get; }

    public static double PlotWidth => Width - Left - Right;

    public static double PlotHeight => Height - Top - Bottom;

    public static double Baseline => Top + PlotHeight;

    /// <summary>The horizontal position of the <paramref name="index"/>-th year; a single year sits in the middle.</summary>
    public double X(int index) => Years.Count <= 1 ? Left + (PlotWidth / 2) : Left + (PlotWidth * index / (Years.Count - 1));

    /// <summary>The vertical position of a value in USD.</summary>
    public double Y(double usd) => Top + PlotHeight - (PlotHeight * Math.Clamp(usd / 1e6 / YMax, 0, 1));

    public string Points(WorkshareYearSeries series) =>
        string.Join(' ', series.Cumulative.Select((v, i) => Svg(X(i)) + "," + Svg(Y(v))));

    public static string Svg(double value) => ChartScale.Svg(value);
}
