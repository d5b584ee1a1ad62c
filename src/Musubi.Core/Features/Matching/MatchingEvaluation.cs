using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Registry;
using Musubi.Engines.Matching;

namespace Musubi.Core.Features.Matching;

/// <summary>One labelled case: the requirement, how many facilities are relevant, and how the ranking did.</summary>
/// <param name="RequirementId">The requirement.</param>
/// <param name="Relevant">Relevant facilities (grade ≥ 1).</param>
/// <param name="RecallAt5">Relevant facilities in the first five results over all relevant ones.</param>
/// <param name="NdcgAt10">Normalized discounted cumulative gain of the first ten results (gain 2^grade − 1, discount log2(rank + 1)).</param>
/// <param name="Top5">The first five results (facility ids).</param>
/// <param name="Missed">Relevant facilities not in the first ten.</param>
public sealed record EvaluationCase(string RequirementId, int Relevant, double RecallAt5, double NdcgAt10, IReadOnlyList<string> Top5, IReadOnlyList<string> Missed);

/// <summary>One labelled set with its macro-averaged metrics.</summary>
public sealed record EvaluationSet(string Name, string Rule, int Cases, double RecallAt5, double NdcgAt10, IReadOnlyList<EvaluationCase> Items);

/// <summary>Both sets, evaluated as of a date with the default weights.</summary>
public sealed record MatchingEvaluationReport(DateOnly AsOf, EvaluationSet RuleLabelled, EvaluationSet HandLabelled);

/// <summary>A hand-labelled relevant facility (data/demo/matching/labels.json).</summary>
public sealed record LabelledFacility(string FacilityId, int Grade, string Reason);

/// <summary>A hand-labelled case.</summary>
public sealed record LabelledCase(string RequirementId, IReadOnlyList<LabelledFacility> Relevant);

/// <summary>The labels file.</summary>
public sealed record LabelsFile(string? About, IReadOnlyList<LabelledCase> Cases);

/// <summary>
/// Evaluates the matcher on the registry with two labelled sets (docs/engines/matching.md, "Evaluation"):
/// <para><b>Rule-labelled</b>: for every requirement with a need date, the relevant facilities are those of a
/// supplier or prime that hold one of the requirement's capability codes exactly, valid on the need date, in a partner
/// nation of the requirement's program. The rule shares the capability filter's notion of fit (exact codes), so it is
/// partly circular: it measures how well the soft scores order the exact holders against the broader/narrower ones and
/// non-partner holders, not whether the taxonomy is right.</para>
/// <para><b>Hand-labelled</b>: the cases of <c>data/demo/matching/labels.json</c>, graded 2 or 1 with a reason each.</para>
/// Both are ranked by <see cref="MatchingService"/> as the reader of <paramref name="db"/> (the CLI reads as the local
/// operator, who sees everything) with the default weights; recall@5 and nDCG@10 are averaged over the cases with at
/// least one relevant facility.
/// </summary>
public sealed class MatchingEvaluation(AppDbContext db, MatchingService matching)
{
    public const string RuleText =
        "relevant = facilities of a supplier or prime holding one of the requirement's capability codes exactly, valid on the need date, in a partner nation of its program";

    private const int Depth = 50;

    private static readonly JsonSerializerOptions LabelsJson = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The labels file at <paramref name="path"/>; a problem throws <see cref="MatchingQuestionException"/> on <c>labels</c>.</summary>
    public static LabelsFile ReadLabels(string path)
    {
        LabelsFile? file;
        try
        {
            file = JsonSerializer.Deserialize<LabelsFile>(File.ReadAllText(path), LabelsJson);
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new MatchingQuestionException("labels", $"{path}: {ex.Message}");
        }
        if (file?.Cases is not { Count: > 0 })
        {
            throw new MatchingQuestionException("labels", $"{path}: no cases");
        }
        for (var i = 0; i < file.Cases.Count; i++)
        {
            var c = file.Cases[i];
            if (string.IsNullOrWhiteSpace(c.RequirementId) || c.Relevant is not { Count: > 0 })
            {
                throw new MatchingQuestionException("labels", $"{path}: cases[{i}] needs a requirementId and at least one relevant facility");
            }
            for (var j = 0; j < c.Relevant.Count; j++)
            {
                var r = c.Relevant[j];
                if (string.IsNullOrWhiteSpace(r.FacilityId) || r.Grade is < 1 or > 2 || string.IsNullOrWhiteSpace(r.Reason))
                {
                    throw new MatchingQuestionException("labels", $"{path}: cases[{i}].relevant[{j}] needs a facilityId, a grade of 1 or 2 and a reason");
                }
            }
        }
        return file;
    }

    /// <summary>Both sets; the hand labels from <paramref name="labels"/>.</summary>
    public async Task<MatchingEvaluationReport> RunAsync(LabelsFile labels, CancellationToken ct = default)
    {
        var ruleLabels = await RuleLabelsAsync(ct);
        var rule = await EvaluateAsync("rule-labelled", RuleText, ruleLabels, ct);
        var hand = await EvaluateAsync("hand-labelled", "data/demo/matching/labels.json: graded 2 (near the top) or 1 (credible), each with its reason",
            labels.Cases.Select(c => (c.RequirementId, (IReadOnlyDictionary<string, int>)c.Relevant.ToDictionary(r => r.FacilityId, r => r.Grade, StringComparer.Ordinal))).ToList(), ct);
        return new MatchingEvaluationReport(matching.Today, rule, hand);
    }

    /// <summary>The rule's relevant facilities per requirement the reader may see (binary grades).</summary>
    internal async Task<List<(string RequirementId, IReadOnlyDictionary<string, int> Relevant)>> RuleLabelsAsync(CancellationToken ct)
    {
        var requirements = await db.Requirements.AsNoTracking().Where(r => r.NeedBy != null).OrderBy(r => r.Id).ToListAsync(ct);
        var programs = (await db.Programs.AsNoTracking().ToListAsync(ct)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        var kinds = new[] { OrganizationKind.Supplier, OrganizationKind.Prime };
        var organizations = (await db.Organizations.AsNoTracking().Where(o => kinds.Contains(o.Kind)).Select(o => o.Id).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        var facilities = (await db.Facilities.AsNoTracking().ToListAsync(ct))
            .Where(f => organizations.Contains(f.OrganizationId))
            .ToDictionary(f => f.Id, StringComparer.Ordinal);
        var capabilities = (await db.FacilityCapabilities.AsNoTracking().ToListAsync(ct))
            .Where(c => facilities.ContainsKey(c.FacilityId))
            .ToList();
        var labelled = new List<(string, IReadOnlyDictionary<string, int>)>();
        foreach (var r in requirements)
        {
            if (r.ProgramId is null || !programs.TryGetValue(r.ProgramId, out var program))
            {
                continue;
            }
            var partners = program.Partners.Select(p => p.Country).ToHashSet(StringComparer.Ordinal);
            var needBy = r.NeedBy!.Value;
            var relevant = capabilities
                .Where(c => r.CapabilityCodes.Contains(c.CapabilityCode, StringComparer.Ordinal)
                    && (c.ValidFrom is null || c.ValidFrom <= needBy) && (c.ValidTo is null || needBy <= c.ValidTo)
                    && partners.Contains(facilities[c.FacilityId].Country))
                .Select(c => c.FacilityId)
                .Distinct(StringComparer.Ordinal)
                .ToDictionary(id => id, _ => 1, StringComparer.Ordinal);
            if (relevant.Count > 0)
            {
                labelled.Add((r.Id, relevant));
            }
        }
        return labelled;
    }

    private async Task<EvaluationSet> EvaluateAsync(string name, string rule, List<(string RequirementId, IReadOnlyDictionary<string, int> Relevant)> labels, CancellationToken ct)
    {
        var items = new List<EvaluationCase>();
        foreach (var (requirementId, relevant) in labels)
        {
            var result = await matching.MatchRequirementAsync(requirementId, Depth, false, null, ct);
            if (result is null)
            {
                // Not visible to this reader: not a case for them.
                continue;
            }
            var ranked = result.Ranking.Results.Select(m => m.FacilityId).ToList();
            items.Add(Score(requirementId, ranked, relevant));
        }
        return new EvaluationSet(name, rule, items.Count,
            items.Count == 0 ? 0 : Math.Round(items.Average(i => i.RecallAt5), 3),
            items.Count == 0 ? 0 : Math.Round(items.Average(i => i.NdcgAt10), 3),
            items);
    }

    /// <summary>recall@5 and nDCG@10 of one ranking (facility ids, best first) against graded labels.</summary>
    public static EvaluationCase Score(string requirementId, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevant)
    {
        var top5 = ranked.Take(5).ToList();
        var recall = relevant.Count == 0 ? 0 : (double)top5.Count(relevant.ContainsKey) / relevant.Count;
        double dcg = 0;
        for (var i = 0; i < Math.Min(10, ranked.Count); i++)
        {
            if (relevant.TryGetValue(ranked[i], out var grade))
            {
                dcg += (Math.Pow(2, grade) - 1) / Math.Log2(i + 2);
            }
        }
        double ideal = 0;
        var grades = relevant.Values.OrderByDescending(g => g).Take(10).ToList();
        for (var i = 0; i < grades.Count; i++)
        {
            ideal += (Math.Pow(2, grades[i]) - 1) / Math.Log2(i + 2);
        }
        var top10 = ranked.Take(10).ToHashSet(StringComparer.Ordinal);
        var missed = relevant.Keys.Where(id => !top10.Contains(id)).Order(StringComparer.Ordinal).ToList();
        return new EvaluationCase(requirementId, relevant.Count, Math.Round(recall, 3), ideal == 0 ? 0 : Math.Round(dcg / ideal, 3), top5, missed);
    }
}
