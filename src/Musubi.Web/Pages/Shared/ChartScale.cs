using System.Globalization;

namespace Musubi.Web.Pages.Shared;

/// <summary>What the server-drawn SVG charts share: numbers written for SVG attributes and "nice" axis steps.</summary>
public static class ChartScale
{
    /// <summary>A number for an SVG attribute (invariant, two decimals at most).</summary>
    public static string Svg(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A tick step of 1, 2, 2.5 or 5 times a power of ten, at least <paramref name="raw"/> (1 when it is not positive).</summary>
    public static double NiceStep(double raw)
    {
        if (raw <= 0 || double.IsNaN(raw) || double.IsInfinity(raw))
        {
            return 1;
        }
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (m * magnitude >= raw)
            {
                return Math.Max(m * magnitude, 0.01);
            }
        }
        return 10 * magnitude;
    }

    /// <summary>The top of a value axis for values up to <paramref name="max"/> with about <paramref name="ticks"/> steps, and its step.</summary>
    public static (double Top, double Step) Axis(double max, int ticks = 4)
    {
        var step = NiceStep(max / Math.Max(1, ticks));
        return (max <= 0 ? step : Math.Ceiling(max / step) * step, step);
    }
}
