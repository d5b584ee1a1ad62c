using System.Globalization;
using System.Text.Json;
using Musubi.Engines.Timelines;

namespace Musubi.Core.Features.Timelines;

/// <summary>
/// Reads an align input (docs/formats.md §7) with System.Text.Json: every problem is collected — a wrong type, a
/// missing or unknown field, a bad date, unit or kind — each naming its field path with the line and column it was
/// written at, and thrown together as <see cref="TimelinesInputException"/> (all or nothing). What the values mean
/// (templates and calendars that exist, unique ids, no cycle…) is checked by <see cref="TimelinesService.Align"/> and
/// the engine, whose errors are placed the same way.
/// </summary>
public static class TimelinePlanReader
{
    internal static readonly string[] Kinds = ["finishToStart", "startToStart"];
    internal static readonly string[] ConstraintKinds = ["sameFiscalYear", "beforeFiscalYearOf"];

    /// <summary>The root fields of an align input; the API adds <c>whatIf</c>.</summary>
    private static readonly string[] RootFields = ["name", "nameJa", "notes", "start", "calendars", "steps", "dependencies", "constraints", "whatIf"];

    /// <summary>Reads <paramref name="text"/>; <paramref name="source"/> names it in errors (<c>input</c>, a file name).</summary>
    public static TimelinePlan Read(string text, string source = "input")
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new TimelinesInputException("body", "the input is empty: give an align input (a JSON object, docs/formats.md §7)", source);
        }
        var json = TimelinesJsonFields.Parse(text, source);
        var f = new TimelinesJsonFields(json, source);
        var root = json.Root;
        if (root.ValueKind != JsonValueKind.Object)
        {
            f.Add("", "must be a JSON object");
            f.ThrowIfAny();
        }
        f.Only(root, "", RootFields);
        var name = f.Str(root, "", "name");
        var nameJa = f.Str(root, "", "nameJa");
        var notes = f.Str(root, "", "notes", max: 4000);
        var start = f.Date(root, "", "start", required: true);
        var calendars = f.Strings(root, "", "calendars", required: true) ?? [];
        var steps = f.Array(root, "", "steps", required: true, TimelineAligner.MaxSteps, (e, p) => Step(f, e, p));
        if (f.Has(root, "steps") && steps.Count == 0 && root.GetProperty("steps").ValueKind == JsonValueKind.Array)
        {
            f.Add("steps", "must hold at least one step");
        }
        var dependencies = f.Array(root, "", "dependencies", required: false, 20_000, (e, p) =>
        {
            f.Only(e, p, ["from", "to", "kind", "lagDays"]);
            return new PlanDependencyInput(f.Str(e, p, "from", required: true) ?? "", f.Str(e, p, "to", required: true) ?? "",
                (DependencyKind)(f.Enum(e, p, "kind", Kinds) ?? 0), f.Int(e, p, "lagDays", min: 0, max: TimelineCalendars.MaxDays) ?? 0);
        });
        var constraints = f.Array(root, "", "constraints", required: false, 1000, (e, p) =>
        {
            f.Only(e, p, ["kind", "steps", "calendar"]);
            return new PlanConstraintInput((FiscalConstraintKind)(f.Enum(e, p, "kind", ConstraintKinds, required: true) ?? 0),
                f.Strings(e, p, "steps", required: true) ?? [], f.Str(e, p, "calendar"));
        });
        TimelineWhatIf? whatIf = null;
        if (f.Has(root, "whatIf"))
        {
            var w = root.GetProperty("whatIf");
            if (w.ValueKind != JsonValueKind.Object)
            {
                f.Add("whatIf", "must be an object { \"step\", \"notBefore\" }");
            }
            else
            {
                f.Only(w, "whatIf", ["step", "notBefore"]);
                var step = f.Str(w, "whatIf", "step", required: true);
                var when = f.Str(w, "whatIf", "notBefore", required: true);
                DateOnly? date = null;
                if (when is not null)
                {
                    if (TimelinesService.TryMonthOrDate(when, out var d, out var problem))
                    {
                        date = d;
                    }
                    else
                    {
                        f.Add("whatIf.notBefore", problem);
                    }
                }
                if (step is not null && date is { } nb)
                {
                    whatIf = new TimelineWhatIf(step, nb);
                }
            }
        }
        f.ThrowIfAny();
        return new TimelinePlan(name, nameJa, notes, start!.Value, calendars, steps, dependencies, constraints, whatIf, json);
    }

    private static PlanStepInput Step(TimelinesJsonFields f, JsonElement e, string p)
    {
        f.Only(e, p, ["id", "name", "nameJa", "calendar", "duration", "unit", "event", "notBefore", "deadline", "template"]);
        var id = f.Str(e, p, "id", required: true) ?? "";
        var unit = f.Enum(e, p, "unit", TimelineCalendars.Units);
        var max = unit is { } u ? TimelineCalendars.MaxFor((DurationUnit)u) : TimelineCalendars.MaxDays;
        return new PlanStepInput(id, f.Str(e, p, "name"), f.Str(e, p, "nameJa"), f.Str(e, p, "calendar"),
            f.Int(e, p, "duration", min: 0, max: max), unit is null ? null : (DurationUnit)unit.Value, f.Str(e, p, "event"),
            f.Date(e, p, "notBefore"), f.Date(e, p, "deadline"), f.Str(e, p, "template"));
    }

    internal static string StepPath(int index, string field) => string.Create(CultureInfo.InvariantCulture, $"steps[{index}].{field}");
}
