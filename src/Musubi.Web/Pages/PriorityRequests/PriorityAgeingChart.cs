using System.Globalization;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.PriorityRequests;

/// <summary>One row of the ageing chart: an open state, its label, and how many requests sit in it per age bucket.</summary>
public sealed record PriorityAgeingRow(string State, string Label, IReadOnlyList<int> Counts)
{
    public int Total => Counts.Sum();
}

/// <summary>One coloured piece of a row: a bucket's requests, where it starts and how wide it is (SVG units).</summary>
public sealed record PriorityAgeingSegment(int Bucket, int Count, double X, double Width);

/// <summary>A labelled tick on the count axis.</summary>
public sealed record PriorityAgeingTick(double Position, string Label);

/// <summary>
/// The open requests of each state as a horizontal stacked bar, one piece per age bucket (business days in the
/// current state: 0–5, 6–10, 11–20, 21+), drawn on the server as SVG. The geometry is computed here so the partial only
/// writes elements; the page renders the same numbers as a table.
/// </summary>
public sealed class PriorityAgeingChart
{
    public const int Width = 1000;
    public const int Left = 200;
    public const int Right = 56;
    public const int Top = 12;
    public const int RowHeight = 34;
    public const int Bar = 22;
    public const int Bottom = 48;

    public PriorityAgeingChart(IReadOnlyList<string> buckets, IReadOnlyList<PriorityAgeingRow> rows)
    {
        Buckets = buckets;
        Rows = rows;
        var max = rows.Count == 0 ? 0 : rows.Max(r => r.Total);
        // Counts of requests: whole-number ticks only.
        var (top, step) = ChartScale.Axis(max);
        Step = Math.Max(1, Math.Ceiling(step));
        AxisTop = Math.Max(Step, Math.Ceiling(top / Step) * Step);
        Ticks = [.. Enumerable.Range(0, (int)Math.Round(AxisTop / Step) + 1)
            .Select(i => i * Step)
            .Select(v => new PriorityAgeingTick(X(v), v.ToString("#,0.##", CultureInfo.CurrentCulture)))];
    }

    public IReadOnlyList<string> Buckets { get; }

    public IReadOnlyList<PriorityAgeingRow> Rows { get; }

    /// <summary>The top of the count axis (a "nice" number at least the largest row).</summary>
    public double AxisTop { get; }

    private double Step { get; }

    public IReadOnlyList<PriorityAgeingTick> Ticks { get; }

    public static double PlotWidth => Width - Left - Right;

    public double Baseline => Top + (Math.Max(1, Rows.Count) * RowHeight);

    public double Height => Baseline + Bottom;

    public int Total => Rows.Sum(r => r.Total);

    public double X(double count) => Left + (PlotWidth * Math.Clamp(count / AxisTop, 0, 1));

    public static double RowY(int index) => Top + (index * RowHeight) + ((RowHeight - Bar) / 2.0);

    /// <summary>The pieces of a row, left to right (empty buckets have none).</summary>
    public IReadOnlyList<PriorityAgeingSegment> Segments(PriorityAgeingRow row)
    {
        var segments = new List<PriorityAgeingSegment>();
        var before = 0;
        for (var b = 0; b < row.Counts.Count; b++)
        {
            var count = row.Counts[b];
            if (count > 0)
            {
                segments.Add(new PriorityAgeingSegment(b, count, X(before), X(before + count) - X(before)));
            }
            before += count;
        }
        return segments;
    }

    /// <summary>The stylesheet has a colour per bucket (young to old); later buckets repeat the oldest.</summary>
    public static string Style(int bucket) => Math.Min(bucket, 3).ToString(CultureInfo.InvariantCulture);

    public static string Svg(double value) => ChartScale.Svg(value);

    public static string Number(int value) => value.ToString("#,0", CultureInfo.CurrentCulture);
}
