using System.Globalization;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Surge;

/// <summary>One scenario's line: its position (for the colour and dash), label, and deliveries in months 1…T.</summary>
public sealed record SurgeSeries(int Index, string Name, string Label, IReadOnlyList<double> Values)
{
    public double Total => Values.Sum();

    public double Peak => Values.Count == 0 ? 0 : Values.Max();
}

/// <summary>A labelled tick on an axis: where it is (SVG units) and what it says.</summary>
public sealed record SurgeTick(double Position, string Label);

/// <summary>
/// The monthly deliveries of every scenario as one server-drawn SVG line chart (months across, end items delivered
/// up), with the geometry computed here so the partial only writes elements. The page also renders the same numbers
/// as a table.
/// </summary>
public sealed class SurgeChart
{
    public const int Width = 1000;
    public const int Height = 340;
    public const int Left = 72;
    public const int Right = 16;
    public const int Top = 16;
    public const int Bottom = 56;

    /// <summary>How many distinct line styles the stylesheet has; further series repeat them.</summary>
    public const int Styles = 6;

    public SurgeChart(int months, IReadOnlyList<SurgeSeries> series)
    {
        Months = Math.Max(1, months);
        Series = series;
        var max = series.Count == 0 ? 0 : series.Max(s => s.Peak);
        var step = NiceStep(max / 4);
        YMax = max <= 0 ? 1 : Math.Ceiling(max / step) * step;
        YTicks = [.. Enumerable.Range(0, (int)Math.Round(YMax / step) + 1).Select(i => i * step).Select(v => new SurgeTick(Y(v), Number(v)))];
        var every = Months <= 12 ? 1 : Months <= 36 ? 3 : Months <= 72 ? 6 : 12;
        XTicks = [.. Enumerable.Range(1, Months).Where(m => m == 1 || m % every == 0).Select(m => new SurgeTick(X(m), m.ToString(CultureInfo.CurrentCulture)))];
    }

    public int Months { get; }

    public IReadOnlyList<SurgeSeries> Series { get; }

    /// <summary>The top of the value axis: the highest monthly delivery rounded up to a tick.</summary>
    public double YMax { get; }

    public IReadOnlyList<SurgeTick> YTicks { get; }

    public IReadOnlyList<SurgeTick> XTicks { get; }

    /// <summary>Markers on each month's point are drawn when there are few enough months to tell them apart.</summary>
    public bool Markers => Months <= 36;

    public static double PlotWidth => Width - Left - Right;

    public static double PlotHeight => Height - Top - Bottom;

    public static double Baseline => Top + PlotHeight;

    /// <summary>The horizontal position of month <paramref name="month"/> (1-based); one month sits in the middle.</summary>
    public double X(int month) => Months == 1 ? Left + (PlotWidth / 2) : Left + (PlotWidth * (month - 1) / (Months - 1));

    public double Y(double value) => Top + PlotHeight - (PlotHeight * Math.Clamp(value / YMax, 0, 1));

    /// <summary>The series' polyline points in SVG units.</summary>
    public string Points(SurgeSeries series) =>
        string.Join(' ', series.Values.Select((v, i) => Svg(X(i + 1)) + "," + Svg(Y(v))));

    public static string Style(SurgeSeries series) => (series.Index % Styles).ToString(CultureInfo.InvariantCulture);

    /// <summary>A number for an SVG attribute (invariant, two decimals at most).</summary>
    public static string Svg(double value) => ChartScale.Svg(value);

    /// <summary>A count of end items as the reader writes numbers (up to two decimals: an LP may deliver fractions).</summary>
    public static string Number(double value) => value.ToString("#,0.##", CultureInfo.CurrentCulture);

    /// <summary>A tick step of 1, 2, 2.5 or 5 times a power of ten, at least <paramref name="raw"/>.</summary>
    private static double NiceStep(double raw) => ChartScale.NiceStep(raw);
}
