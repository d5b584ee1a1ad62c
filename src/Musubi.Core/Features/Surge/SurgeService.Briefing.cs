using System.Globalization;
using System.Text;
using Musubi.Engines.Optimization.Surge;

namespace Musubi.Core.Features.Surge;

public sealed partial class SurgeService
{
    /// <summary>Bottlenecks listed per scenario in a briefing.</summary>
    public const int BriefingTop = 10;

    /// <summary>
    /// A Markdown briefing on a run for decision makers: the question, each scenario's headline (status, deliveries,
    /// rates, cost), monthly deliveries side by side, the binding capacities with their value, the expansions and
    /// qualifications chosen, and why a plan delivers nothing or misses its target.
    /// </summary>
    internal static string Briefing(SurgeRunView run, DateTimeOffset now)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var q = run.Question;
        var items = q.Items ?? [];
        md.Append(inv, $"# Surge-production briefing: {Cell(run.Run.Name)}").AppendLine().AppendLine();
        md.Append(inv, $"Generated {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        if (run.Run.Id.Length > 0)
        {
            md.Append(inv, $" from run `{Cell(run.Run.Id)}`, saved {run.Run.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC by `{Cell(run.Run.CreatedBy)}`");
        }
        md.Append(", over the registry as the requester may see it.");
        if (run.HiddenOffers > 0)
        {
            md.Append(inv, $" {run.HiddenOffers} offer(s) the requester may see were left out because their part, facility or an input is not visible to them; the plans cover only the rest.");
        }
        md.AppendLine().AppendLine();

        md.AppendLine("## Question").AppendLine();
        md.Append(inv, $"- **End items:** {string.Join(", ", items.Select(i => $"`{Cell(i)}`"))}").AppendLine();
        md.Append(inv, $"- **Horizon:** {q.Months ?? SurgeQuestions.DefaultMonths} months").AppendLine();
        md.Append(inv, $"- **Objective:** {ObjectiveText(q)}").AppendLine();
        md.Append(inv, $"- **Pipeline:** {(q.EmptyPipeline ? "empty at the start (a new item: nothing in flight)" : "full at the start (the base is making the items at its steady-state rate)")}").AppendLine();
        md.Append(inv, $"- **Scenarios:** {string.Join("; ", (q.Scenarios ?? []).Select(s => Cell(s.Name ?? "baseline")))}").AppendLine();
        md.Append(inv, $"- **Planning data:** {q.Expansions?.Count ?? 0} expansion option(s), {q.Stocks?.Count ?? 0} initial stock(s), {q.Demand?.Count ?? 0} demand row(s)").AppendLine();
        md.AppendLine();

        md.AppendLine("## Results").AppendLine();
        md.AppendLine("| scenario | status | delivered | max monthly rate | peak month | cost (USD) | first delivery |").AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var p in run.Plans)
        {
            var first = string.Join(", ", p.FirstDeliveries.Select(f => $"{Cell(f.Item)}: {(f.FirstMonth is { } m ? "month " + m.ToString(inv) : "never")}"));
            md.Append(inv, $"| {Cell(p.Scenario)} | {Cell(p.Status)} | {N(p.Delivered)} | {N(p.MaxMonthlyRate)} | {N(p.PeakMonthlyDeliveries)} | {(p.CostUsd is { } c ? N(c) : "—")} | {first} |").AppendLine();
        }
        md.AppendLine();
        foreach (var p in run.Plans.Where(p => p.Explanation is not null))
        {
            md.Append(inv, $"- **{Cell(p.Scenario)}:** {Cell(p.Explanation!.Text)}").AppendLine();
        }
        foreach (var p in run.Plans)
        {
            foreach (var note in p.Notes)
            {
                md.Append(inv, $"- *{Cell(p.Scenario)}:* {Cell(note)}").AppendLine();
            }
        }
        if (run.Plans.Any(p => p.Explanation is not null || p.Notes.Count > 0))
        {
            md.AppendLine();
        }

        md.AppendLine("## Deliveries per month").AppendLine();
        md.AppendLine("End items delivered in each month (all items together), scenario by scenario.").AppendLine();
        md.Append("| month |");
        foreach (var p in run.Plans)
        {
            md.Append(inv, $" {Cell(p.Scenario)} |");
        }
        md.AppendLine().Append("|---:|").Append(string.Concat(run.Plans.Select(_ => "---:|"))).AppendLine();
        var months = q.Months ?? SurgeQuestions.DefaultMonths;
        var totals = run.Plans.Select(p => p.Schedule.GroupBy(d => d.Month).ToDictionary(g => g.Key, g => g.Sum(d => d.Delivered))).ToList();
        for (var m = 1; m <= months; m++)
        {
            md.Append(inv, $"| {m} |");
            foreach (var t in totals)
            {
                md.Append(inv, $" {N(t.GetValueOrDefault(m))} |");
            }
            md.AppendLine();
        }
        md.AppendLine();
        if (items.Count > 1)
        {
            foreach (var p in run.Plans)
            {
                md.Append(inv, $"### {Cell(p.Scenario)}: per item").AppendLine().AppendLine();
                md.Append("| month |").Append(string.Concat(items.Select(i => $" {Cell(i)} |"))).AppendLine();
                md.Append("|---:|").Append(string.Concat(items.Select(_ => "---:|"))).AppendLine();
                var byMonthItem = p.Schedule.ToLookup(d => (d.Month, d.Item));
                for (var m = 1; m <= months; m++)
                {
                    md.Append(inv, $"| {m} |");
                    foreach (var i in items)
                    {
                        md.Append(inv, $" {N(byMonthItem[(m, i)].Sum(d => d.Delivered))} |");
                    }
                    md.AppendLine();
                }
                md.AppendLine();
            }
        }

        md.AppendLine("## Bottlenecks").AppendLine();
        md.AppendLine("Capacities that bind, with the value of one more unit a month of each in every month it binds (from the LP's reduced costs; another equally good plan may bind elsewhere).").AppendLine();
        foreach (var p in run.Plans)
        {
            md.Append(inv, $"### {Cell(p.Scenario)}").AppendLine().AppendLine();
            if (p.BottleneckSummary.Count == 0)
            {
                md.AppendLine("None binds with a positive value.").AppendLine();
                continue;
            }
            md.AppendLine("| offer | part | facility | country | months binding | first–last | value per unit per month |").AppendLine("|---|---|---|---|---:|---|---:|");
            foreach (var b in p.BottleneckSummary.Take(BriefingTop))
            {
                md.Append(inv, $"| `{Cell(b.OfferId)}` | {Cell(b.PartName)} (`{Cell(b.Part)}`) | {Cell(b.FacilityName)} | {Cell(b.Country)} | {b.Months} | {b.FirstMonth}–{b.LastMonth} | {N(b.MarginalValuePerUnitPerMonth)} |").AppendLine();
            }
            if (p.BottleneckSummary.Count > BriefingTop)
            {
                md.Append(inv, $"\n… and {p.BottleneckSummary.Count - BriefingTop} more.").AppendLine();
            }
            md.AppendLine();
        }

        var chosen = run.Plans.Where(p => p.Expansions.Count > 0).ToList();
        md.AppendLine("## Expansions and qualifications").AppendLine();
        if (chosen.Count == 0)
        {
            md.AppendLine("None taken in any scenario.").AppendLine();
        }
        foreach (var p in chosen)
        {
            md.Append(inv, $"### {Cell(p.Scenario)}").AppendLine().AppendLine();
            md.AppendLine("| kind | id | offer | part | facility | country | extra/month | cost (USD) | from month |").AppendLine("|---|---|---|---|---|---|---:|---:|---:|");
            foreach (var c in p.Expansions)
            {
                md.Append(inv, $"| {Cell(c.Kind)} | `{Cell(c.Id)}` | `{Cell(c.OfferId)}` | `{Cell(c.Part)}` | `{Cell(c.Facility)}` | {Cell(c.Country)} | {N(c.ExtraPerMonth)} | {N(c.CostUsd)} | {c.AvailableFromMonth} |").AppendLine();
            }
            md.Append(inv, $"\nTotal: {N(p.Expansions.Sum(c => c.CostUsd))} USD.").AppendLine().AppendLine();
        }

        md.AppendLine("---").AppendLine();
        md.AppendLine("Computed by Musubi's surge planner, a time-phased linear program over the supply network solved with Google OR-Tools; see docs/engines/surge.md for the model and what the values mean. Planning data (expansions, stocks, demand) are the requester's assumptions, not registry facts.");
        return md.ToString();
    }

    private static string ObjectiveText(SurgeQuestion q) => (q.Objective ?? "max") switch
    {
        "shortfall" => "minimize the priority-weighted shortfall against the demand schedule",
        "cost" => string.Create(CultureInfo.InvariantCulture, $"minimize the cost of expansions and qualifications to deliver {N(q.Target ?? 0)} a month from month {q.By} on"),
        _ => "maximize cumulative deliveries by the horizon",
    };

    private static string N(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>Text as one Markdown table cell: no line breaks, pipes and backticks escaped.</summary>
    private static string Cell(string? text) =>
        (text ?? "").Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
}
