using System.Globalization;
using System.Text.Json;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Core.Features.Workshare;

/// <summary>The solve options a JSON text or the caller states (null: not stated).</summary>
public sealed record WorkshareOptionValues(WorkshareMode? Mode = null, double? Lambda = null, double? Mu = null, double? Kappa = null, double? TimeLimitSeconds = null)
{
    /// <summary>These values, each overridden by <paramref name="over"/>'s when it has one.</summary>
    public WorkshareOptionValues Over(WorkshareOptionValues? over) => over is null ? this : new(
        over.Mode ?? Mode, over.Lambda ?? Lambda, over.Mu ?? Mu, over.Kappa ?? Kappa, over.TimeLimitSeconds ?? TimeLimitSeconds);
}

/// <summary>A planning file's entry for one of the program's work packages: what the registry does not hold.</summary>
public sealed record WorksharePlanPackage(string Id, string? Subsystem, IReadOnlyList<string>? ReleasableTo, string? FixedCompany, int Index)
{
    /// <summary>The package's <c>transfer</c> case (issue #3) its release limit is derived from, or null.</summary>
    public JsonElement? Transfer { get; init; }
}

/// <summary>A planning file's entry for one organization: capacity, cost factor, past performance and capabilities its team brings beyond its facilities'.</summary>
public sealed record WorksharePlanCompany(string Id, double? Capacity, double? CostFactor, double? PastPerformance, IReadOnlyList<string> Capabilities, int Index);

/// <summary>
/// A planning file (docs/formats.md, "Workshare planning file"): for a registry program, what the registry does not hold —
/// tolerance, policy, subsystems, releasability and fixed companies per work package, capacities, cost factors and past
/// performance per organization, interfaces, history, and solve options.
/// </summary>
public sealed record WorksharePlan(
    string? Program,
    double? Tolerance,
    WorksharePolicy? Policy,
    IReadOnlyList<WorksharePlanPackage> WorkPackages,
    IReadOnlyList<WorksharePlanCompany> Companies,
    IReadOnlyList<WorkshareInterface> Interfaces,
    IReadOnlyList<WorkshareHistory>? History,
    WorkshareOptionValues Options)
{
    public static WorksharePlan Empty { get; } = new(null, null, null, [], [], [], null, new());
}

/// <summary>
/// Reads the JSON input and the planning file (docs/engines/workshare.md, "Input"; docs/formats.md) with
/// System.Text.Json: every problem is collected — a wrong type, a missing field, an unknown field, an unknown mode or
/// policy — each naming its field path with the line and column it was written at, and thrown together as
/// <see cref="WorkshareInputException"/> (all or nothing). What the values mean (shares summing to 1, known capability
/// codes…) is the engine's <see cref="WorkshareAllocator.Validate"/>, whose errors the service places the same way.
/// </summary>
public static class WorkshareInputReader
{
    private static readonly string[] ModeNames = ["compartmentalized", "integrated", "blend"];
    private static readonly string[] PolicyNames = ["program", "global"];
    private static readonly string[] OptionFields = ["mode", "lambda", "mu", "kappa", "timeLimitSeconds"];

    /// <summary>
    /// Reads the JSON: the problem (no taxonomy; the service adds it), the solve options it states, and each work
    /// package's <c>transfer</c> case (its release limit derived from issue #3's rules; <see cref="WorkshareReleases"/>).
    /// <paramref name="extraFields"/>: root fields the caller reads itself (the API's <c>save</c> and <c>name</c>).
    /// </summary>
    public static (WorkshareProblem Problem, WorkshareOptionValues Options, IReadOnlyList<WorkshareTransferTemplate> Transfers) ReadInput(WorkshareJson json, IReadOnlyCollection<string>? extraFields = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var f = new Fields(json);
        var root = json.Root;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WorkshareInputException([json.Error("$", "must be a JSON object")]);
        }
        f.Only(root, "", ["program", "nations", "tolerance", "policy", "workPackages", "companies", "interfaces", "history", .. OptionFields, .. extraFields ?? []]);
        var program = f.Str(root, "", "program", required: true) ?? "";
        var nations = f.Array(root, "", "nations", required: true, (e, p) =>
        {
            f.Only(e, p, ["code", "share"]);
            return new WorkshareNation(f.Str(e, p, "code", required: true) ?? "", f.Num(e, p, "share", required: true) ?? 0);
        });
        var tolerance = f.Num(root, "", "tolerance", required: true) ?? 0;
        var policy = f.Enum(root, "", "policy", PolicyNames);
        var transfers = new List<WorkshareTransferTemplate>();
        var packageIndex = 0;
        var packages = f.Array(root, "", "workPackages", required: true, (e, p) =>
        {
            f.Only(e, p, ["id", "name", "cost", "capabilities", "subsystem", "releasableTo", "fixedCompany", "transfer"]);
            if (f.Has(e, "transfer"))
            {
                transfers.Add(new WorkshareTransferTemplate(packageIndex, p + ".transfer", e.GetProperty("transfer").Clone()));
            }
            packageIndex++;
            var id = f.Str(e, p, "id", required: true) ?? "";
            return new WorkshareWorkPackage(id, f.Str(e, p, "name") ?? id, f.Num(e, p, "cost", required: true) ?? 0,
                f.Strings(e, p, "capabilities") ?? [], f.Str(e, p, "subsystem"), f.Strings(e, p, "releasableTo"), f.Str(e, p, "fixedCompany"));
        });
        var companies = f.Array(root, "", "companies", required: true, (e, p) =>
        {
            f.Only(e, p, ["id", "name", "nation", "capabilities", "capacity", "costFactor", "pastPerformance"]);
            var id = f.Str(e, p, "id", required: true) ?? "";
            return new WorkshareCompany(id, f.Str(e, p, "name") ?? id, f.Str(e, p, "nation", required: true) ?? "",
                f.Strings(e, p, "capabilities") ?? [], f.Num(e, p, "capacity"), f.Num(e, p, "costFactor") ?? 1, f.Num(e, p, "pastPerformance"));
        });
        var interfaces = f.Array(root, "", "interfaces", required: false, (e, p) => Interface(f, e, p));
        var history = f.Has(root, "history") ? f.Array(root, "", "history", required: false, (e, p) => History(f, e, p)) : null;
        var options = Options(f, root);
        f.ThrowIfAny();
        return (new WorkshareProblem(program, nations, tolerance, packages, companies, interfaces,
            policy is null ? WorksharePolicy.Program : (WorksharePolicy)policy.Value, history), options, transfers);
    }

    /// <summary>Reads a planning file (its references to the registry are checked by the service, against what the reader may see).</summary>
    public static WorksharePlan ReadPlan(WorkshareJson json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var f = new Fields(json);
        var root = json.Root;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WorkshareInputException([json.Error("$", "must be a JSON object")]);
        }
        f.Only(root, "", ["program", "tolerance", "policy", "workPackages", "companies", "interfaces", "history", "notes", .. OptionFields]);
        var program = f.Str(root, "", "program");
        var tolerance = f.Num(root, "", "tolerance");
        var policy = f.Enum(root, "", "policy", PolicyNames);
        var index = 0;
        var packages = f.Array(root, "", "workPackages", required: false, (e, p) =>
        {
            f.Only(e, p, ["id", "subsystem", "releasableTo", "fixedCompany", "transfer", "notes"]);
            return new WorksharePlanPackage(f.Str(e, p, "id", required: true) ?? "", f.Str(e, p, "subsystem"), f.Strings(e, p, "releasableTo"), f.Str(e, p, "fixedCompany"), index++)
            {
                Transfer = f.Has(e, "transfer") ? e.GetProperty("transfer").Clone() : null,
            };
        });
        index = 0;
        var companies = f.Array(root, "", "companies", required: false, (e, p) =>
        {
            f.Only(e, p, ["id", "capacity", "costFactor", "pastPerformance", "capabilities", "notes"]);
            return new WorksharePlanCompany(f.Str(e, p, "id", required: true) ?? "", f.Num(e, p, "capacity"), f.Num(e, p, "costFactor"),
                f.Num(e, p, "pastPerformance"), f.Strings(e, p, "capabilities") ?? [], index++);
        });
        var interfaces = f.Array(root, "", "interfaces", required: false, (e, p) => Interface(f, e, p));
        var history = f.Has(root, "history") ? f.Array(root, "", "history", required: false, (e, p) => History(f, e, p)) : null;
        var options = Options(f, root);
        f.ThrowIfAny();
        return new WorksharePlan(program, tolerance, policy is null ? null : (WorksharePolicy)policy.Value, packages, companies, interfaces, history, options);
    }

    /// <summary>Parses a mode name (<c>compartmentalized</c>, <c>integrated</c>, <c>blend</c>; case-insensitive).</summary>
    public static bool TryMode(string? value, out WorkshareMode mode)
    {
        var i = Array.FindIndex(ModeNames, n => string.Equals(n, value?.Trim(), StringComparison.OrdinalIgnoreCase));
        mode = i < 0 ? WorkshareMode.Integrated : (WorkshareMode)i;
        return i >= 0;
    }

    /// <summary>The name of a mode as the JSON writes it.</summary>
    public static string ModeName(WorkshareMode mode) => ModeNames[(int)mode];

    /// <summary>The name of a policy as the JSON writes it.</summary>
    public static string PolicyName(WorksharePolicy policy) => PolicyNames[(int)policy];

    private static WorkshareInterface Interface(Fields f, JsonElement e, string p)
    {
        f.Only(e, p, ["a", "b", "weight"]);
        return new WorkshareInterface(f.Str(e, p, "a", required: true) ?? "", f.Str(e, p, "b", required: true) ?? "", f.Num(e, p, "weight") ?? 1);
    }

    private static WorkshareHistory History(Fields f, JsonElement e, string p)
    {
        f.Only(e, p, ["nation", "work", "funding", "program", "year"]);
        var year = f.Num(e, p, "year");
        if (year is { } y && (y != Math.Floor(y) || y < 1900 || y > 2200))
        {
            f.Add(p + ".year", "must be a whole year between 1900 and 2200");
        }
        return new WorkshareHistory(f.Str(e, p, "nation", required: true) ?? "", f.Num(e, p, "work", required: true) ?? 0,
            f.Num(e, p, "funding", required: true) ?? 0, f.Str(e, p, "program"), year is { } yy && yy == Math.Floor(yy) && Math.Abs(yy) < 1e6 ? (int)yy : null);
    }

    private static WorkshareOptionValues Options(Fields f, JsonElement root)
    {
        var mode = f.Enum(root, "", "mode", ModeNames);
        return new WorkshareOptionValues(mode is null ? null : (WorkshareMode)mode.Value, f.Num(root, "", "lambda"), f.Num(root, "", "mu"), f.Num(root, "", "kappa"), f.Num(root, "", "timeLimitSeconds"));
    }

    /// <summary>Reads fields of objects, collecting every problem with its position.</summary>
    private sealed class Fields(WorkshareJson json)
    {
        private readonly List<WorkshareInputError> _errors = [];

        public void Add(string path, string message) => _errors.Add(json.Error(path, message));

        public void ThrowIfAny()
        {
            if (_errors.Count > 0)
            {
                throw new WorkshareInputException(_errors);
            }
        }

        private static string Path(string parent, string name) => parent.Length == 0 ? name : parent + "." + name;

        public bool Has(JsonElement obj, string name) =>
            obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

        /// <summary>Unknown fields are errors (a misspelt optional field would otherwise be silently ignored).</summary>
        public void Only(JsonElement obj, string parent, IReadOnlyCollection<string> known)
        {
            if (obj.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            foreach (var p in obj.EnumerateObject())
            {
                if (!known.Contains(p.Name))
                {
                    Add(Path(parent, p.Name), "unknown field (expected one of: " + string.Join(", ", known) + ")");
                }
            }
        }

        private bool Get(JsonElement obj, string parent, string name, bool required, out JsonElement value)
        {
            value = default;
            if (obj.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            if (!obj.TryGetProperty(name, out value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Add(Path(parent, name), "is required");
                }
                return false;
            }
            return true;
        }

        public string? Str(JsonElement obj, string parent, string name, bool required = false)
        {
            if (!Get(obj, parent, name, required, out var v))
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.String)
            {
                Add(Path(parent, name), "must be a string");
                return null;
            }
            var s = v.GetString()!.Trim();
            if (required && s.Length == 0)
            {
                Add(Path(parent, name), "must not be empty");
            }
            if (s.Length > 300 || s.Any(char.IsControl))
            {
                Add(Path(parent, name), "must be one line of at most 300 characters");
            }
            return s;
        }

        public double? Num(JsonElement obj, string parent, string name, bool required = false)
        {
            if (!Get(obj, parent, name, required, out var v))
            {
                return null;
            }
            if (v.ValueKind != JsonValueKind.Number)
            {
                Add(Path(parent, name), "must be a number");
                return null;
            }
            if (!v.TryGetDouble(out var d) || !double.IsFinite(d))
            {
                Add(Path(parent, name), "must be a finite number");
                return null;
            }
            return d;
        }

        public int? Enum(JsonElement obj, string parent, string name, string[] names)
        {
            if (!Get(obj, parent, name, required: false, out var v))
            {
                return null;
            }
            var s = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var i = System.Array.FindIndex(names, n => string.Equals(n, s?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (i < 0)
            {
                Add(Path(parent, name), (s is null ? "must be a string" : $"unknown value '{Shorten(s)}'") + " (expected one of: " + string.Join(", ", names) + ")");
                return null;
            }
            return i;
        }

        public List<string>? Strings(JsonElement obj, string parent, string name)
        {
            if (!Get(obj, parent, name, required: false, out var v))
            {
                return null;
            }
            var path = Path(parent, name);
            if (v.ValueKind != JsonValueKind.Array)
            {
                Add(path, "must be an array of strings");
                return null;
            }
            var list = new List<string>();
            var i = 0;
            foreach (var item in v.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString()!.Trim().Length == 0)
                {
                    Add(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), "must be a non-empty string");
                }
                else
                {
                    list.Add(item.GetString()!.Trim());
                }
                i++;
            }
            return list;
        }

        public List<T> Array<T>(JsonElement obj, string parent, string name, bool required, Func<JsonElement, string, T> read)
        {
            if (!Get(obj, parent, name, required, out var v))
            {
                return [];
            }
            var path = Path(parent, name);
            if (v.ValueKind != JsonValueKind.Array)
            {
                Add(path, "must be an array");
                return [];
            }
            var list = new List<T>();
            var i = 0;
            foreach (var item in v.EnumerateArray())
            {
                var p = string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]");
                if (item.ValueKind != JsonValueKind.Object)
                {
                    Add(p, "must be an object");
                    continue;
                }
                list.Add(read(item, p));
            }
            return list;
        }

        private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;
    }
}
