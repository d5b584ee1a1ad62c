using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Localization;
using Musubi.Engines.Optimization.Workshare;
using Musubi.Web.Pages.Registry;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Workshare;

/// <summary>The interface map with what its table needs: every interface, each package's name and nation.</summary>
public sealed record WorkshareMapView(WorkshareInterfaceMap Map, IReadOnlyList<WorkshareInterface> Interfaces, IReadOnlyDictionary<string, string> Names, IReadOnlyDictionary<string, string> Nations)
{
    public string Name(string id) => Names.GetValueOrDefault(id) ?? id;

    public string? NationOf(string id) => Nations.GetValueOrDefault(id);
}

/// <summary>A program's ledger chart with the words around it (<paramref name="Key"/> keeps its element ids unique on the page).</summary>
public sealed record WorkshareLedgerChartView(string Key, string Title, WorkshareLedgerChart Chart);

/// <summary>
/// What the workshare pages share: the modes, where a service error belongs on the form, conflicts in the reader's
/// language, money and shares as the reader writes them, and the allocation as CSV or JSON.
/// </summary>
public static class WorksharePages
{
    public static readonly IReadOnlyList<WorkshareMode> Modes = [WorkshareMode.Compartmentalized, WorkshareMode.Integrated, WorkshareMode.Blend];

    /// <summary>A mode as the CLI, API and form write it (<c>compartmentalized</c>).</summary>
    public static string ModeName(WorkshareMode mode) => mode.ToString().ToLowerInvariant();

    public static WorkshareMode? ParseMode(string? text) =>
        Modes.Cast<WorkshareMode?>().FirstOrDefault(m => string.Equals(ModeName(m!.Value), text?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Usd(double amount) => "US$" + amount.ToString("#,0", CultureInfo.CurrentCulture);

    public static string Usd(double? amount) => amount is { } a ? Usd(a) : "—";

    public static string Percent(double share) => share.ToString("P1", CultureInfo.CurrentCulture);

    /// <summary>A signed difference of shares in percentage points (+3.2 pt).</summary>
    public static string Points(double difference) =>
        (difference * 100).ToString("+0.0;−0.0;0.0", CultureInfo.CurrentCulture) + " pt";

    public static string Number(double? value) => value?.ToString("#,0.##", CultureInfo.CurrentCulture) ?? "—";

    public static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.CurrentCulture);

    public static string ProgramPath(string program) => RegistryKinds.Programs.DetailPath(program);

    public static string OrganizationPath(string organization) => RegistryKinds.Organizations.DetailPath(organization);

    /// <summary>The largest share deviation from target of a result (0 when it has no shares).</summary>
    public static double MaxDeviation(WorkshareResult result) =>
        result.Shares.Count == 0 ? 0 : result.Shares.Max(s => Math.Abs(s.Actual - s.Target));

    /// <summary>
    /// The form field a service problem belongs to: by its source (<c>input</c> → the uploaded input, <c>plan</c> → the
    /// planning file, <c>registry</c> → the program) or, for an option, by its name (<c>lambda</c> → Lambda, …).
    /// </summary>
    public static string FormField(string field, string source)
    {
        var head = field.Split('.', '[')[0].ToLowerInvariant();
        return source switch
        {
            "plan" => "PlanFile",
            "registry" => "Program",
            "input" => "InputFile",
            _ => head switch
            {
                "mode" => "Mode",
                "lambda" => "Lambda",
                "mu" => "Mu",
                "kappa" => "Kappa",
                "timelimitseconds" or "timelimit" or "time-limit" => "TimeLimit",
                "programid" or "program" => "Program",
                "plan" or "planjson" => "PlanFile",
                "input" or "inputjson" => "InputFile",
                "name" => "Name",
                _ => field,
            },
        };
    }

    /// <summary>How many packages a conflict names before "and N more".</summary>
    public const int ListedPackages = 5;

    /// <summary>
    /// A conflict in the reader's language, written from its kind and values (docs/engines/workshare.md,
    /// "Explanations"); null when a value the words need is missing, and the page then shows the engine's English words.
    /// </summary>
    public static string? ConflictText(IStringLocalizer<UiText> l, WorkshareConflict conflict, Func<string, string> packageName)
    {
        var v = conflict.Values;
        string? Get(string key) => v.TryGetValue(key, out var value) ? value : null;
        double? Num(string key) =>
            double.TryParse(Get(key), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null;
        var separator = Localized.Japanese ? "、" : ", ";
        static IEnumerable<string> Items(string? list, char by = ',') =>
            (list ?? "").Split(by, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string Nations(string? list) => Items(list).Any() ? string.Join(separator, Items(list).Select(n => l.Country(n))) : l["Workshare.NoNation"];
        string Quote(string name) => l["Workshare.Quoted", name];
        string Packages(string? list)
        {
            var ids = Items(list).ToList();
            var text = string.Join(separator, ids.Take(ListedPackages).Select(id => Quote(packageName(id))));
            return ids.Count > ListedPackages ? l["Workshare.AndMore", text, ids.Count - ListedPackages] : text;
        }
        string F(string key, params object[] args) => l["Workshare.Conflict." + key, args];
        string? Package() =>
            Get("workPackage") is { } id && Num("cost") is { } cost ? l["Workshare.PackageWithCost", Get("name") is { Length: > 0 } n ? n : packageName(id), Usd(cost)].Value : null;

        switch (conflict.Kind)
        {
            case "no_candidate" when Package() is { } package:
                return Get("reason") switch
                {
                    "capability" when Get("missing") is { Length: > 0 } missing => F("no_candidate.capability", package, string.Join(separator, Items(Get("capabilities"))), string.Join(separator, Items(missing))),
                    "capability" => F("no_candidate.combination", package, string.Join(separator, Items(Get("capabilities")))),
                    "fixed" when Get("companyName") is { } company && Get("missing") is { Length: > 0 } missing => F("no_candidate.fixed_capability", package, company, l.Country(Get("nation")), string.Join(separator, Items(missing))),
                    "fixed" when Get("companyName") is { } company && Get("nations") is { } nations => F("no_candidate.fixed_release", package, company, l.Country(Get("nation")), Nations(nations)),
                    "release" when Get("nations") is { } nations && Get("capableNations") is { } capable => F("no_candidate.release", package, Nations(nations), Nations(capable), string.Join(separator, Items(Get("companies")))),
                    _ => null,
                };
            case "release" when Package() is { } package && Get("nations") is { } nations:
                return F("release", package, Nations(nations), Items(Get("excluded")).Any() ? string.Join(separator, Items(Get("excluded"))) : l["Workshare.AnyOther"]);
            case "fixed" when Package() is { } package && Get("companyName") is { } company:
                return F("fixed", package, company, l.Country(Get("nation")));
            case "capacity" when Get("companyName") is { } company && Num("capacity") is { } capacity:
                {
                    var text = F("capacity", company, l.Country(Get("nation")), Usd(capacity));
                    return Num("forcedUsd") is { } forced && forced > capacity ? text + F("capacity.over", Usd(forced), Packages(Get("packages"))) : text;
                }
            case "share_ceiling" when Get("nation") is { } nation && Num("ceilingPercent") is { } percent && Num("ceilingUsd") is { } usd:
                {
                    var global = Get("policy") == "global";
                    var text = F(global ? "share_ceiling.global" : "share_ceiling", l.Country(nation), Pct(percent), Usd(usd));
                    return Num("forcedUsd") is { } forced && forced > usd ? text + F("share_ceiling.over", l.Country(nation), Usd(forced), Packages(Get("packages"))) : text;
                }
            case "share_floor" when Get("nation") is { } nation && Num("floorPercent") is { } percent && Num("floorUsd") is { } usd:
                {
                    var global = Get("policy") == "global";
                    var text = F(global ? "share_floor.global" : "share_floor", l.Country(nation), Pct(percent), Usd(usd));
                    if (Num("availableUsd") is { } available && available < usd)
                    {
                        text += Items(Get("packages")).Any()
                            ? F("share_floor.under", l.Country(nation), Usd(available), Packages(Get("packages")))
                            : F("share_floor.none", l.Country(nation));
                    }
                    return text;
                }
            case "compartment" when Get("subsystem") is { } subsystem && Get("packages") is { } members:
                {
                    var where = Items(members, ';').Select(m => m.Split('=', 2)).Where(p => p.Length == 2).ToList();
                    var detail = string.Join(separator, where.Take(ListedPackages).Select(p => l["Workshare.Conflict.compartment.package", Quote(packageName(p[0])), Nations(p[1])].Value));
                    if (where.Count > ListedPackages)
                    {
                        detail = l["Workshare.AndMore", detail, where.Count - ListedPackages];
                    }
                    return F("compartment", subsystem, detail);
                }
            default:
                return null;
        }
    }

    /// <summary>A percentage given in percent units (55 → 55%).</summary>
    private static string Pct(double percent) => (percent / 100).ToString("0.##%", CultureInfo.CurrentCulture);

    /// <summary>The allocation of a result as CSV (one row per work package, invariant numbers).</summary>
    public static string AllocationCsv(WorkshareProblem problem, WorkshareResult result)
    {
        var packages = problem.WorkPackages.ToDictionary(w => w.Id, StringComparer.Ordinal);
        var companies = problem.Companies.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var text = new StringBuilder("work_package,work_package_name,subsystem,company,company_name,nation,value_usd,cost_usd\n");
        foreach (var a in result.Allocation)
        {
            var w = packages.GetValueOrDefault(a.WorkPackage);
            var c = companies.GetValueOrDefault(a.Company);
            text.AppendJoin(',', new[]
            {
                a.WorkPackage, w?.Name ?? "", w?.Subsystem ?? "", a.Company, c?.Name ?? "", a.Nation,
                a.Value.ToString("R", CultureInfo.InvariantCulture), a.Cost.ToString("R", CultureInfo.InvariantCulture),
            }.Select(Quote)).Append('\n');
        }
        return text.ToString();
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>A result (or the modes side by side) as the API answers it.</summary>
    public static string ResultJson(IReadOnlyList<WorkshareResult> results) =>
        results.Count == 1 ? JsonSerializer.Serialize(results[0], Json) : JsonSerializer.Serialize(results, Json);

    /// <summary>A file name from a program name (letters, digits, '-' and '_').</summary>
    public static string FileName(string program, string extension) =>
        "workshare-" + string.Concat(program.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')) + "." + extension;

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
