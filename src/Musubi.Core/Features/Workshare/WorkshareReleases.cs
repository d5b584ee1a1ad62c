using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Musubi.Engines.Optimization.Workshare;
using Musubi.Engines.Transfers;

namespace Musubi.Core.Features.Workshare;

/// <summary>
/// A work package's <c>transfer</c> as written: a transfer case of issue #3 without <c>to</c> (every partner nation is a
/// destination), at field path <paramref name="Path"/> of its source (<c>workPackages[2].transfer</c>).
/// </summary>
public sealed record WorkshareTransferTemplate(int Index, string Path, JsonElement Element);

/// <summary>
/// One partner nation's answer for a work package's technical data: <paramref name="Verdict"/> <c>origin</c> (the
/// exporting nation itself), <c>permitted</c>, <c>permitted_with_approval</c>, <c>prohibited</c> (issue #3's verdicts), or
/// <c>unknown</c> (no modelled jurisdiction reaches the transfer: Musubi has no rules for it, so it does not limit the
/// allocation, as the matcher's transfer filter does); <paramref name="Releasable"/> whether the transfer rules let the
/// nation receive it; the approvals the transfer needs, the rules that decided (ids), what the engine is unsure of, and
/// its English explanation.
/// </summary>
public sealed record WorkshareReleaseNation(
    string Nation,
    string Verdict,
    bool Releasable,
    IReadOnlyList<string> Approvals,
    IReadOnlyList<string> Rules,
    IReadOnlyList<string> Uncertain,
    string Explanation);

/// <summary>
/// A work package's release limit derived from issue #3's transfer rules (docs/engines/workshare.md, "Release limits"):
/// the case's exporting nation and date, the limit set by hand beside it (<c>releasableTo</c>; null when none), the
/// nations the allocation may use (<paramref name="ReleasableTo"/>: those the rules let receive the data, within the
/// hand-set limit), each partner nation's answer, and the hash of the rule set that gave them.
/// </summary>
public sealed record WorkshareRelease(
    string WorkPackage,
    string From,
    DateOnly Date,
    IReadOnlyList<string>? ByHand,
    IReadOnlyList<string> ReleasableTo,
    IReadOnlyList<WorkshareReleaseNation> Nations,
    string RuleSetHash);

/// <summary>
/// Derives each work package's <see cref="WorkshareWorkPackage.ReleasableTo"/> from its <c>transfer</c> case (issue #7:
/// "the nations that may receive its technical data — derived from #3 for the package's classification"): the case is
/// evaluated by <see cref="TransferEngine"/> once per partner nation other than its <c>from</c>, on its <c>date</c> (default:
/// today). A nation may receive the data when the verdict is not <c>prohibited</c>; the exporting nation always may. A
/// hand-set <c>releasableTo</c> beside it narrows the result further (a program's security instruction can be stricter
/// than the law). Errors in the case are the transfer reader's, placed under the package's <c>transfer</c> path.
/// </summary>
public static class WorkshareReleases
{
    /// <summary>
    /// The problem with each templated package's releasable nations derived, and the derivations; every problem in a
    /// template is thrown together as <see cref="WorkshareInputException"/> through <paramref name="error"/>.
    /// </summary>
    public static (WorkshareProblem Problem, IReadOnlyList<WorkshareRelease> Releases) Apply(
        WorkshareProblem problem, IReadOnlyList<WorkshareTransferTemplate> templates, RuleSet rules, DateOnly today,
        Func<string, string, WorkshareInputError> error)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(templates);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(error);
        if (templates.Count == 0)
        {
            return (problem, []);
        }
        var engine = Transfers.TransferService.EngineFor(rules);
        var latest = today.AddYears(Transfers.TransferService.MaxYearsAhead);
        var nations = problem.Nations.Select(n => n.Code).Distinct(StringComparer.Ordinal).ToList();
        var packages = problem.WorkPackages.ToList();
        var releases = new List<WorkshareRelease>();
        var errors = new List<WorkshareInputError>();
        foreach (var template in templates.OrderBy(t => t.Index))
        {
            if (template.Index < 0 || template.Index >= packages.Count)
            {
                continue;
            }
            var package = packages[template.Index];
            var cases = Cases(template, nations, rules, today, latest, out var from, out var date, errors, error);
            if (cases is null)
            {
                continue;
            }
            var answers = new List<WorkshareReleaseNation>();
            foreach (var nation in nations)
            {
                if (string.Equals(nation, from, StringComparison.Ordinal))
                {
                    answers.Add(new WorkshareReleaseNation(nation, "origin", true, [], [], [],
                        $"{nation} is the exporting nation: its own industry holds the data."));
                    continue;
                }
                answers.Add(Answer(nation, engine.Evaluate(cases[nation])));
            }
            var derived = answers.Where(a => a.Releasable).Select(a => a.Nation).ToList();
            var releasable = package.ReleasableTo is { } hand ? derived.Where(n => hand.Contains(n, StringComparer.Ordinal)).ToList() : derived;
            packages[template.Index] = package with { ReleasableTo = releasable };
            releases.Add(new WorkshareRelease(package.Id, from, date, package.ReleasableTo, releasable, answers, rules.Hash));
        }
        if (errors.Count > 0)
        {
            throw new WorkshareInputException(errors);
        }
        return (problem with { WorkPackages = packages }, releases);
    }

    /// <summary>The package's case to each partner nation other than its exporter, or null (with errors) when the template does not read.</summary>
    private static Dictionary<string, TransferCase>? Cases(
        WorkshareTransferTemplate template, IReadOnlyList<string> nations, RuleSet rules, DateOnly today, DateOnly latest,
        out string from, out DateOnly date, List<WorkshareInputError> errors, Func<string, string, WorkshareInputError> error)
    {
        from = "";
        date = today;
        var path = template.Path;
        if (template.Element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(error(path, "must be an object: a transfer case of issue #3 without \"to\" ({ \"from\", \"date\", \"channel\", \"recipient\", \"purpose\", \"item\": { … } })"));
            return null;
        }
        var node = JsonNode.Parse(template.Element.GetRawText())!.AsObject();
        var failed = false;
        if (node.Remove("to"))
        {
            // The rest of the case is still read, so every problem in it is reported at once.
            errors.Add(error(path + ".to", "leave it out: every partner nation is a destination of the package's data"));
            failed = true;
        }
        if (!node.ContainsKey("date"))
        {
            node["date"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        var fromNode = node["from"];
        var exporter = fromNode?.GetValueKind() == JsonValueKind.String ? fromNode.GetValue<string>() : null;
        var destinations = nations.Where(n => !string.Equals(n, exporter, StringComparison.Ordinal)).ToList();
        var cases = new Dictionary<string, TransferCase>(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        // Read once per destination: a case can contradict itself for one destination only (return_to_licensor). When
        // the exporter is the only partner there is no destination; the case is still read (to itself) for its other
        // fields, and the reader's "a transfer crosses a border" is not a problem of the user's.
        foreach (var destination in destinations.Count > 0 ? destinations : [.. nations.Take(1)])
        {
            node["to"] = destination;
            using var document = JsonDocument.Parse(node.ToJsonString());
            var problems = new List<CaseProblem>();
            var read = TransferCaseReader.ReadCase(document.RootElement, path + ".", rules, latest, problems);
            if (destinations.Count == 0)
            {
                problems.RemoveAll(p => p.Field == path + ".to");
                if (problems.Count == 0)
                {
                    from = destination;
                    date = DateOnly.TryParse(node["date"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : today;
                    continue;
                }
            }
            foreach (var p in problems)
            {
                var field = p.Field == path + ".to" ? path : p.Field;
                var message = p.Field == path + ".to" ? $"for {destination}: {p.Message}" : p.Message;
                if (seen.Add((field, message)))
                {
                    errors.Add(error(field, message));
                }
            }
            if (read is null)
            {
                failed = true;
                continue;
            }
            from = read.From;
            date = read.Date;
            if (destinations.Count > 0)
            {
                cases[destination] = read;
            }
        }
        return failed ? null : cases;
    }

    private static WorkshareReleaseNation Answer(string nation, TransferResult result)
    {
        var approvals = result.Approvals.ToList();
        var rules = result.Gates.SelectMany(g => g.Rules).Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList();
        var uncertain = result.Uncertain.ToList();
        if (result.Gates.Count == 0)
        {
            return new WorkshareReleaseNation(nation, "unknown", true, approvals, rules, uncertain,
                $"No modelled jurisdiction reaches this transfer, so Musubi has no rules to limit it; {nation} is not excluded. {result.Explanation}");
        }
        return new WorkshareReleaseNation(nation, Transfers.TransferService.VerdictText(result.Verdict), result.Verdict != TransferVerdict.Prohibited,
            approvals, rules, uncertain, result.Explanation);
    }
}
