using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Musubi.Core.Features.Surge;
using Musubi.Engines.Optimization.Surge;
using Musubi.Web.Pages.Registry;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Surge;

/// <summary>
/// What the surge page shares: the names it gives its scenarios (<c>baseline</c>, <c>lose:CN</c>, <c>qualify:JP</c>,
/// <c>expansions</c>, <c>demand:1.5</c>) and their labels, where a service error belongs on the form, links to registry
/// records, and the planning data of a saved run written back as CSV.
/// </summary>
public static class SurgePages
{
    public const string Baseline = "baseline";
    public const string ExpansionsName = "expansions";

    public static string LoseName(string country) => "lose:" + country;

    public static string QualifyName(string country) => "qualify:" + country;

    public static string DemandName(double factor) => "demand:" + factor.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The part of a scenario name before the colon (<c>lose</c> of <c>lose:CN</c>).</summary>
    public static string KindOf(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? name : name[..colon];
    }

    public static string ArgumentOf(string name)
    {
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? "" : name[(colon + 1)..];
    }

    /// <summary>A scenario's label in the reader's language; a name the page did not give is shown as it is.</summary>
    public static string ScenarioLabel(IStringLocalizer<UiText> l, string name)
    {
        var argument = ArgumentOf(name);
        return KindOf(name) switch
        {
            Baseline when argument.Length == 0 => l["Surge.Scenario.baseline"],
            ExpansionsName when argument.Length == 0 => l["Surge.Scenario.expansions"],
            "lose" when argument.Length > 0 => l["Surge.Scenario.lose", l.Country(argument)],
            "qualify" when argument.Length > 0 => l["Surge.Scenario.qualify", l.Country(argument)],
            "demand" when double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) =>
                l["Surge.Scenario.demand", f.ToString("0.###", CultureInfo.CurrentCulture)],
            _ => name,
        };
    }

    /// <summary>
    /// The form field a service error belongs to: <c>items</c> → Items, <c>scenarios[1].remove</c> → LoseCountry,
    /// <c>expansions[0].offerId</c> → ExpansionsFile, …; a field the form does not have keeps its name.
    /// </summary>
    public static string FormField(string field)
    {
        var f = field.ToLowerInvariant();
        if (f.StartsWith("scenarios", StringComparison.Ordinal))
        {
            return f.EndsWith(".remove", StringComparison.Ordinal) || f.Contains(".remove[", StringComparison.Ordinal) ? "LoseCountry"
                : f.EndsWith(".qualify", StringComparison.Ordinal) || f.Contains(".qualify[", StringComparison.Ordinal) ? "QualifyCountry"
                : f.EndsWith(".demandfactor", StringComparison.Ordinal) ? "DemandFactor"
                : f.EndsWith(".withexpansions", StringComparison.Ordinal) ? "WithExpansions"
                : field;
        }
        return Head(f) switch
        {
            "items" or "item" => "Items",
            "months" => "Months",
            "objective" => "Objective",
            "target" => "Target",
            "by" => "By",
            "expansions" or "expansions.csv" => "ExpansionsFile",
            "stocks" or "stocks.csv" => "StocksFile",
            "demand" or "demand.csv" => "DemandFile",
            "name" => "Name",
            _ => field,
        };
    }

    /// <summary>The file field of a planning-data problem <c>expansions.csv:3:cost_usd: …</c>.</summary>
    public static string FileField(string problem) =>
        problem.StartsWith(SurgePlanDataReader.ExpansionsFile, StringComparison.Ordinal) ? "ExpansionsFile"
        : problem.StartsWith(SurgePlanDataReader.StocksFile, StringComparison.Ordinal) ? "StocksFile"
        : problem.StartsWith(SurgePlanDataReader.DemandFile, StringComparison.Ordinal) ? "DemandFile"
        : "ExpansionsFile";

    private static string Head(string field)
    {
        var end = field.IndexOfAny(['[', ':']);
        var head = end < 0 ? field : field[..end];
        return head.EndsWith(".csv", StringComparison.Ordinal) ? head : head.Split('.')[0];
    }

    /// <summary>The registry page of the part an offer makes (offers are listed on their part).</summary>
    public static string PartPath(string part) => RegistryKinds.Parts.DetailPath(part);

    public static string FacilityPath(string facility) => RegistryKinds.Facilities.DetailPath(facility);

    public static string CountryPath(string country) => RegistryKinds.Facilities.ListPath + "?country=" + Uri.EscapeDataString(country);

    public static string Usd(double amount) => "US$" + amount.ToString("#,0", CultureInfo.CurrentCulture);

    public static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.CurrentCulture);

    /// <summary>The first delivery of a plan's items (the earliest of them), or null when none can be delivered.</summary>
    public static int? FirstDelivery(SurgePlan plan) =>
        plan.Schedule.Where(d => d.Delivered > 1e-9).Select(d => (int?)d.Month).Min();

    public static string? ExpansionsCsv(IReadOnlyList<SurgeExpansion>? rows) =>
        Csv("id,offer_id,extra_per_month,cost_usd,months_until_available", rows, e => [e.Id, e.OfferId, N(e.ExtraPerMonth), N(e.CostUsd), N(e.MonthsUntilAvailable)]);

    public static string? StocksCsv(IReadOnlyList<SurgeStock>? rows) =>
        Csv("part_id,facility_id,quantity", rows, s => [s.PartId, s.FacilityId, N(s.Quantity)]);

    public static string? DemandCsv(IReadOnlyList<SurgeDemand>? rows) =>
        Csv("part_id,month,quantity,priority", rows, d => [d.PartId, N(d.Month), N(d.Quantity), N(d.Priority)]);

    private static string N(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string? Csv<T>(string header, IReadOnlyList<T>? rows, Func<T, string[]> cells)
    {
        if (rows is null || rows.Count == 0)
        {
            return null;
        }
        var text = new StringBuilder(header).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin(',', cells(row).Select(Quote)).Append('\n');
        }
        return text.ToString();
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
