namespace Musubi.Web.Pages.Shared;

/// <param name="SubLabel">A second line under a column's label (the year under "Q1").</param>
/// <param name="FullLabel">The label in the data table and the text alternative, when the chart's is abbreviated.</param>
public sealed record ChartBar(string Label, int Value, string? Lang = null, string? Href = null, string? SubLabel = null, string? FullLabel = null)
{
    public string TableLabel => FullLabel ?? Label;
}

/// <summary>
/// A bar or column chart drawn as inline SVG on the server. <see cref="Summary"/> is the chart's text alternative;
/// the partials also render the data as a table.
/// </summary>
public sealed record BarChart(string Id, string Title, string Summary, string CategoryHeader, string ValueHeader, IReadOnlyList<ChartBar> Bars)
{
    public int Max => Bars.Count == 0 ? 1 : Math.Max(1, Bars.Max(b => b.Value));
}
