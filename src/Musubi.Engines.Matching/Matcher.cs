using System.Buffers;
using System.Globalization;

namespace Musubi.Engines.Matching;

/// <summary>
/// Ranks supplier facilities for a requirement, and open requirements for a supplier, with explanations.
/// docs/engines/matching.md describes the filters, the scores and their default weights.
/// </summary>
public static class Matcher
{
    /// <summary>The most distinct terms per language the reverse query carries (the organization's text can be long).</summary>
    public const int ReverseQueryTerms = 64;

    /// <summary>Ranks the visible supplier facilities for one requirement.</summary>
    /// <param name="suppliers">The supplier index.</param>
    /// <param name="requirement">The requirement (its access is the caller's business: the caller found it visible).</param>
    /// <param name="transfers">Transfer verdicts by (exporting country, receiving country, date).</param>
    /// <param name="options">Date, top, access and weights.</param>
    /// <returns>The ranked eligible facilities, the excluded candidates when asked for, and the counts.</returns>
    /// <exception cref="MatchingInputException"><c>top</c> outside 1–1000, a negative or non-finite weight or all weights zero (<c>weights.…</c>), or a requirement without capability codes (<c>capabilityCodes</c>).</exception>
    public static SupplierRanking RankSuppliers(SupplierIndex suppliers, RequirementDocument requirement, TransferLookup transfers, MatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(suppliers);
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(options);
        var ctx = new Context(suppliers, transfers, options);
        var codes = RequirementCodes(requirement);
        var date = requirement.NeedBy ?? options.AsOf;

        // Per-ordinal scratch arrays come from the shared pool: a fresh 200,000-entry array per ranking would be a
        // large-object allocation and, over many rankings, full collections of a large heap.
        var candidate = ArrayPool<bool>.Shared.Rent(suppliers.Count);
        var raw = ArrayPool<double>.Shared.Rent(suppliers.Count);
        Array.Clear(candidate, 0, suppliers.Count);
        try
        {
            return RankSuppliers(suppliers, requirement, options, ctx, codes, date, candidate, raw);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(candidate);
            ArrayPool<double>.Shared.Return(raw);
        }
    }

    private static SupplierRanking RankSuppliers(SupplierIndex suppliers, RequirementDocument requirement, MatchOptions options,
        Context ctx, string[] codes, DateOnly date, bool[] candidate, double[] raw)
    {
        // Candidates through the inverted map: visible facilities with a visible related capability.
        var list = new List<int>();
        foreach (var code in codes)
        {
            foreach (var related in Related(suppliers.Taxonomy, code))
            {
                foreach (var ord in suppliers.WithCode(related))
                {
                    if (candidate[ord])
                    {
                        continue;
                    }

                    var f = suppliers[ord];
                    if (ctx.See(f.AccessKey) && f.Capabilities.Any(c => c.Code == related && ctx.See(c.AccessKey)))
                    {
                        candidate[ord] = true;
                        list.Add(ord);
                    }
                }
            }
        }

        // Text relevance: BM25 of the requirement's text against the visible parts of each candidate's text.
        foreach (var ord in list)
        {
            raw[ord] = 0;
        }

        if (list.Count > 0)
        {
            suppliers.Score(ctx.See, RequirementTerms(suppliers, requirement), list, raw);
        }

        var best = 0.0;
        foreach (var ord in list)
        {
            best = Math.Max(best, raw[ord]);
        }

        // Every candidate's verdict and score; explanations only for the results shown and the excluded asked for.
        var scored = new List<(int Ord, double Score)>(list.Count);
        var excluded = new List<ExcludedSupplier>();
        double Text(int ord) => best > 0 ? raw[ord] / best : 0;
        foreach (var ord in list)
        {
            var f = suppliers[ord];
            var e = Evaluate(ctx, f, requirement, codes, date, Text(ord), raw[ord], explain: false);
            if (e.Eligible)
            {
                scored.Add((ord, e.Score));
            }
            else if (options.ExplainExcluded)
            {
                var x = Evaluate(ctx, f, requirement, codes, date, Text(ord), raw[ord], explain: true);
                excluded.Add(new ExcludedSupplier(f.OrganizationId, f.OrganizationName, f.FacilityId, f.FacilityName, f.Country, [.. x.Filters.Where(r => !r.Passed), .. x.Filters.Where(r => r.Passed)]));
            }
        }

        var eligible = scored.Count;
        scored.Sort((a, b) =>
        {
            var c = b.Score.CompareTo(a.Score);
            c = c != 0 ? c : string.CompareOrdinal(suppliers[a.Ord].OrganizationId, suppliers[b.Ord].OrganizationId);
            return c != 0 ? c : string.CompareOrdinal(suppliers[a.Ord].FacilityId, suppliers[b.Ord].FacilityId);
        });
        var results = new List<SupplierMatch>(Math.Min(options.Top, scored.Count));
        foreach (var (ord, _) in scored.Take(options.Top))
        {
            var f = suppliers[ord];
            var e = Evaluate(ctx, f, requirement, codes, date, Text(ord), raw[ord], explain: true);
            results.Add(new SupplierMatch(f.OrganizationId, f.OrganizationName, f.OrganizationNameJa, f.FacilityId, f.FacilityName, f.Country, e.Score, [.. e.Filters, .. e.Scores]));
        }

        excluded.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.OrganizationId, b.OrganizationId);
            return c != 0 ? c : string.CompareOrdinal(a.FacilityId, b.FacilityId);
        });
        return new SupplierRanking(requirement.Id, results, excluded, list.Count, eligible);
    }

    /// <summary>Ranks the open requirements the reader may see for one organization, each with its best facility.</summary>
    /// <param name="requirements">The requirement index.</param>
    /// <param name="suppliers">The supplier index.</param>
    /// <param name="organizationId">The organization.</param>
    /// <param name="transfers">Transfer verdicts by (exporting country, receiving country, date).</param>
    /// <param name="options">Date, top, access and weights (<see cref="MatchOptions.ExplainExcluded"/> is not used).</param>
    /// <returns>The ranked requirements, each with its best eligible facility and that facility's explanation.</returns>
    /// <exception cref="MatchingInputException"><c>organizationId</c> blank, <c>top</c> outside 1–1000, or bad <c>weights.…</c>.</exception>
    public static RequirementRanking RankRequirements(RequirementIndex requirements, SupplierIndex suppliers, string organizationId, TransferLookup transfers, MatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(suppliers);
        ArgumentNullException.ThrowIfNull(transfers);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(organizationId))
        {
            throw new MatchingInputException("organizationId", "An organization id is required.");
        }

        var ctx = new Context(suppliers, transfers, options);
        var own = suppliers.OfOrganization(organizationId).Where(o => ctx.See(suppliers[o].AccessKey)).ToArray();

        // Candidates: open visible requirements naming a code related to a visible capability of the organization.
        var candidate = ArrayPool<bool>.Shared.Rent(requirements.Count);
        var raw = ArrayPool<double>.Shared.Rent(requirements.Count);
        Array.Clear(candidate, 0, requirements.Count);
        try
        {
            return RankRequirements(requirements, suppliers, organizationId, options, ctx, own, candidate, raw);
        }
        finally
        {
            ArrayPool<bool>.Shared.Return(candidate);
            ArrayPool<double>.Shared.Return(raw);
        }
    }

    private static RequirementRanking RankRequirements(RequirementIndex requirements, SupplierIndex suppliers, string organizationId, MatchOptions options,
        Context ctx, int[] own, bool[] candidate, double[] raw)
    {
        var list = new List<int>();
        var codes = own.SelectMany(o => suppliers[o].Capabilities.Where(c => ctx.See(c.AccessKey)).Select(c => c.Code)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var code in codes)
        {
            foreach (var related in Related(suppliers.Taxonomy, code))
            {
                foreach (var ord in requirements.WithCode(related))
                {
                    var r = requirements[ord];
                    if (!candidate[ord] && r.Status == "open" && ctx.See(r.AccessKey))
                    {
                        candidate[ord] = true;
                        list.Add(ord);
                    }
                }
            }
        }

        // Text relevance: the organization's visible text as one query against the candidates' documents.
        foreach (var ord in list)
        {
            raw[ord] = 0;
        }

        if (list.Count > 0)
        {
            var en = new Dictionary<string, int>(StringComparer.Ordinal);
            var ja = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var o in own)
            {
                foreach (var part in suppliers.PartsOf(o).Where(p => ctx.See(p.Key)))
                {
                    LuceneText.AddTerms(requirements.EnglishAnalyzer, RequirementIndex.DescriptionEn, part.English, en);
                    LuceneText.AddTerms(requirements.JapaneseAnalyzer, RequirementIndex.DescriptionJa, part.Japanese, ja);
                }
            }

            requirements.Score(ctx.See, [.. LuceneText.Weighted(en, RequirementIndex.EnglishFields, ReverseQueryTerms), .. LuceneText.Weighted(ja, RequirementIndex.JapaneseFields, ReverseQueryTerms)], list, raw);
        }

        var best = 0.0;
        foreach (var ord in list)
        {
            best = Math.Max(best, raw[ord]);
        }

        var scored = new List<(int Ord, int Facility, double Score)>();
        foreach (var ord in list)
        {
            var r = requirements[ord];
            var rcodes = RequirementCodes(r);
            var date = r.NeedBy ?? options.AsOf;
            var text = best > 0 ? raw[ord] / best : 0;
            var top = -1;
            var topScore = 0.0;
            foreach (var o in own)
            {
                var e = Evaluate(ctx, suppliers[o], r, rcodes, date, text, raw[ord], explain: false);
                if (e.Eligible && (top < 0 || e.Score > topScore || (e.Score == topScore && string.CompareOrdinal(suppliers[o].FacilityId, suppliers[top].FacilityId) < 0)))
                {
                    (top, topScore) = (o, e.Score);
                }
            }

            if (top >= 0)
            {
                scored.Add((ord, top, topScore));
            }
        }

        var eligible = scored.Count;
        scored.Sort((a, b) =>
        {
            var c = b.Score.CompareTo(a.Score);
            return c != 0 ? c : string.CompareOrdinal(requirements[a.Ord].Id, requirements[b.Ord].Id);
        });
        var results = new List<RequirementMatch>(Math.Min(options.Top, scored.Count));
        foreach (var (ord, o, _) in scored.Take(options.Top))
        {
            var r = requirements[ord];
            var e = Evaluate(ctx, suppliers[o], r, RequirementCodes(r), r.NeedBy ?? options.AsOf, best > 0 ? raw[ord] / best : 0, raw[ord], explain: true);
            results.Add(new RequirementMatch(r.Id, r.Title, r.TitleJa, r.ProgramId, r.NeedBy, suppliers[o].FacilityId, e.Score, [.. e.Filters, .. e.Scores]));
        }

        return new RequirementRanking(organizationId, results, list.Count, eligible);
    }

    /// <summary>The requirement's distinct codes; at least one is needed.</summary>
    private static string[] RequirementCodes(RequirementDocument r)
    {
        var codes = (r.CapabilityCodes ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal).ToArray();
        if (codes.Length == 0)
        {
            throw new MatchingInputException("capabilityCodes", $"Requirement '{r.Id}' names no capability code to match on.");
        }

        return codes;
    }

    /// <summary>Codes related to <paramref name="code"/>: itself, its ancestors and its descendants.</summary>
    private static IEnumerable<string> Related(CapabilityTaxonomy taxonomy, string code)
        => taxonomy.SelfAndBroader(code).Concat(taxonomy.SelfAndNarrower(code).Skip(1));

    private static List<(string Field, string Term, float Boost)> RequirementTerms(SupplierIndex suppliers, RequirementDocument r)
    {
        var en = new Dictionary<string, int>(StringComparer.Ordinal);
        var ja = new Dictionary<string, int>(StringComparer.Ordinal);
        LuceneText.AddTerms(suppliers.EnglishAnalyzer, SupplierIndex.FieldEn, r.Title, en);
        LuceneText.AddTerms(suppliers.EnglishAnalyzer, SupplierIndex.FieldEn, r.Description, en);
        LuceneText.AddTerms(suppliers.JapaneseAnalyzer, SupplierIndex.FieldJa, r.TitleJa, ja);
        LuceneText.AddTerms(suppliers.JapaneseAnalyzer, SupplierIndex.FieldJa, r.DescriptionJa, ja);
        return [.. LuceneText.Weighted(en, [(SupplierIndex.FieldEn, 1f)], LuceneText.MaxTerms), .. LuceneText.Weighted(ja, [(SupplierIndex.FieldJa, 1f)], LuceneText.MaxTerms)];
    }

    private static double RelationValue(CapabilityRelation relation) => relation switch
    {
        CapabilityRelation.Exact => 1.0,
        CapabilityRelation.Narrower => 0.75,
        CapabilityRelation.Broader => 0.5,
        _ => 0.0,
    };

    private static string RelationName(CapabilityRelation relation) => relation switch
    {
        CapabilityRelation.Exact => "exact",
        CapabilityRelation.Narrower => "narrower",
        CapabilityRelation.Broader => "broader",
        _ => "none",
    };

    private static bool ValidOn(DateOnly? from, DateOnly? to, DateOnly date) => (from is null || from <= date) && (to is null || date <= to);

    private static string D(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string D(DateOnly? date) => date is { } d ? D(d) : "open";

    private static string N(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string N(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>
    /// Applies the hard filters and, when they pass, the soft scores. With <paramref name="explain"/> false only the
    /// verdict and the numbers are computed (every candidate); with it true the same numbers come with their English
    /// sentences (the results shown and the excluded candidates asked for).
    /// </summary>
    private static Evaluation Evaluate(Context ctx, SupplierFacility f, RequirementDocument r, string[] codes, DateOnly date, double textValue, double rawText, bool explain)
    {
        var taxonomy = ctx.Suppliers.Taxonomy;
        var filters = explain ? new List<MatchReason>(6) : null;
        var eligible = true;

        // 1. Capability present and valid on the date.
        var valid = new List<(SupplierCapability Cap, double Value, string ReqCode, CapabilityRelation Relation)>(f.Capabilities.Count);
        List<SupplierCapability>? invalid = null;
        foreach (var c in f.Capabilities)
        {
            if (!ctx.See(c.AccessKey))
            {
                continue;
            }

            var bestValue = 0.0;
            string? bestCode = null;
            var bestRelation = CapabilityRelation.None;
            foreach (var code in codes)
            {
                var rel = taxonomy.Relate(c.Code, code);
                if (RelationValue(rel) > bestValue)
                {
                    (bestValue, bestCode, bestRelation) = (RelationValue(rel), code, rel);
                }
            }

            if (bestCode is null)
            {
                continue;
            }

            if (ValidOn(c.ValidFrom, c.ValidTo, date))
            {
                valid.Add((c, bestValue, bestCode, bestRelation));
            }
            else
            {
                (invalid ??= []).Add(c);
            }
        }

        if (valid.Count == 0)
        {
            eligible = false;
            if (explain)
            {
                var held = string.Join(", ", (invalid ?? []).Select(c => $"{c.Code} {D(c.ValidFrom)}–{D(c.ValidTo)}"));
                filters!.Add(Filter("capability", false, $"No related capability is valid on {D(date)} (held: {held}).", ("date", D(date)), ("codes", string.Join(";", codes)), ("held", string.Join(";", (invalid ?? []).Select(c => c.Code)))));
            }
        }
        else if (explain)
        {
            var described = string.Join(", ", valid.Select(x => x.Relation == CapabilityRelation.Exact ? x.Cap.Code : $"{x.Cap.Code} ({RelationName(x.Relation)} than {x.ReqCode})").Distinct(StringComparer.Ordinal));
            filters!.Add(Filter("capability", true, $"Holds {described}, valid on {D(date)}.", ("date", D(date)), ("codes", string.Join(";", codes)), ("held", string.Join(";", valid.Select(x => x.Cap.Code).Distinct(StringComparer.Ordinal)))));
        }

        // 2. Every required certification held and valid on the date.
        var required = ctx.Required(r);
        if (required.Length == 0)
        {
            filters?.Add(Filter("certification", true, "No certification required.", ("required", string.Empty)));
        }
        else
        {
            List<string>? missing = explain ? [] : null;
            List<string>? satisfied = explain ? [] : null;
            var allHeld = true;
            foreach (var (kind, normalized) in required)
            {
                SupplierCertification? validHold = null;
                var anyHold = false;
                foreach (var c in f.Certifications)
                {
                    if (Certifications.SatisfiesNormalized(ctx.Normalized(c.Kind), normalized))
                    {
                        anyHold = true;
                        if (ValidOn(c.ValidFrom, c.ValidTo, date))
                        {
                            validHold = c;
                            break;
                        }
                    }
                }

                if (validHold is null)
                {
                    allHeld = false;
                }

                if (!explain)
                {
                    continue;
                }

                if (validHold is not null)
                {
                    satisfied!.Add(ctx.Normalized(validHold.Kind) == normalized ? $"{validHold.Kind} (valid to {D(validHold.ValidTo)})" : $"{validHold.Kind} for {kind} (valid to {D(validHold.ValidTo)})");
                }
                else
                {
                    var holds = f.Certifications.Where(c => Certifications.SatisfiesNormalized(ctx.Normalized(c.Kind), normalized)).ToList();
                    missing!.Add(!anyHold ? $"{kind} (not held)" : $"{kind} (held {string.Join(", ", holds.Select(h => $"{h.Kind} {D(h.ValidFrom)}–{D(h.ValidTo)}"))}, not valid on {D(date)})");
                }
            }

            if (!allHeld)
            {
                eligible = false;
                filters?.Add(Filter("certification", false, $"Missing on {D(date)}: {string.Join("; ", missing!)}.", ("required", string.Join(";", required.Select(q => q.Kind))), ("missing", string.Join(";", missing!)), ("date", D(date))));
            }
            else
            {
                filters?.Add(Filter("certification", true, $"Holds {string.Join("; ", satisfied!)} on {D(date)}.", ("required", string.Join(";", required.Select(q => q.Kind))), ("held", string.Join(";", satisfied!)), ("date", D(date))));
            }
        }

        // 3. Not a screening hit.
        if (f.ScreeningHit)
        {
            eligible = false;
            filters?.Add(Filter("screening", false, $"Denied-party screening hit not cleared by review: {f.ScreeningDetail ?? "no detail recorded"}.", ("detail", f.ScreeningDetail ?? string.Empty)));
        }
        else
        {
            filters?.Add(Filter("screening", true, "No uncleared denied-party screening hit.", ("detail", string.Empty)));
        }

        // 4. Transfer to each receiving nation permitted on the date.
        var nations = ctx.Nations(r);
        if (nations.Length == 0)
        {
            filters?.Add(Filter("transfer", true, "No receiving nation: the requirement has no program nations, so no transfer is checked.", ("from", f.Country), ("to", string.Empty), ("verdict", "none")));
        }
        else
        {
            var abroad = 0;
            foreach (var to in nations)
            {
                if (string.Equals(to, f.Country, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                abroad++;
                var fact = ctx.Transfer(f.Country, to, date);
                if (fact.Verdict == TransferFactVerdict.Prohibited)
                {
                    eligible = false;
                }

                if (!explain)
                {
                    continue;
                }

                (string, string)[] args = [("from", f.Country), ("to", to), ("date", D(date)), ("verdict", fact.Verdict.ToString()), ("citation", fact.Citation ?? string.Empty), ("approvals", string.Join(";", fact.Approvals))];
                filters!.Add(fact.Verdict switch
                {
                    TransferFactVerdict.Prohibited => Filter("transfer", false, $"Transfer {f.Country}→{to} is prohibited on {D(date)}: {fact.Summary}", args),
                    TransferFactVerdict.PermittedWithApproval => Filter("transfer", true, $"Transfer {f.Country}→{to} is permitted with approvals ({string.Join("; ", fact.Approvals)}): {fact.Summary}", args),
                    TransferFactVerdict.Unknown => Filter("transfer", true, $"Transfer {f.Country}→{to} could not be checked (no rule set answered); passed, verify before committing: {fact.Summary}", args),
                    _ => Filter("transfer", true, $"Transfer {f.Country}→{to} is permitted: {fact.Summary}", args),
                });
            }

            if (abroad == 0)
            {
                filters?.Add(Filter("transfer", true, $"The facility is in the receiving nation ({f.Country}): no transfer.", ("from", f.Country), ("to", f.Country), ("verdict", "domestic")));
            }
        }

        if (!eligible)
        {
            return new Evaluation(false, filters ?? [], [], 0);
        }

        // Scores: the five values first, then (when explaining) their sentences.
        var w = ctx.Weights;

        var fitSum = 0.0;
        foreach (var code in codes)
        {
            var best = 0.0;
            foreach (var x in valid)
            {
                best = Math.Max(best, RelationValue(taxonomy.Relate(x.Cap.Code, code)));
            }

            fitSum += best;
        }

        var fit = fitSum / codes.Length;

        // Capacity of the primary capability: the best-related valid one, then the larger spare, then the code.
        var primary = valid[0];
        for (var i = 1; i < valid.Count; i++)
        {
            var x = valid[i];
            var c = x.Value.CompareTo(primary.Value);
            c = c != 0 ? c : (Spare(x.Cap) ?? -1m).CompareTo(Spare(primary.Cap) ?? -1m);
            c = c != 0 ? c : -string.CompareOrdinal(x.Cap.Code, primary.Cap.Code);
            if (c > 0)
            {
                primary = x;
            }
        }

        var spare = Spare(primary.Cap);
        var months = Math.Max(1, WholeMonths(ctx.Options.AsOf, date));
        double capacity = spare is null ? 0.5
            : r.Quantity is not { } q || q <= 0 ? (spare > 0 ? 1 : 0)
            : Math.Min(1.0, (double)spare.Value * months / q);

        var share = ctx.Concentration(primary.ReqCode);
        var added = (double)(spare ?? 0);
        var hhiAfter = share.Total <= 0 ? 0 : share.HhiAfter(f.Country, added);
        var diversification = share.Total <= 0 ? 1 : Math.Clamp((share.Hhi - hhiAfter) / share.Hhi, 0, 1);

        var programs = ctx.Programs(f);
        var past = 1 - Math.Pow(0.5, programs.Count);
        var same = r.ProgramId is not null && programs.Contains(r.ProgramId, StringComparer.Ordinal);
        if (same)
        {
            past = Math.Min(1, past + 0.25);
        }

        var total = (textValue * w.Text) + (fit * w.Capability) + (capacity * w.Capacity) + (diversification * w.Diversification) + (past * w.PastPerformance);
        if (!explain)
        {
            return new Evaluation(true, [], [], total);
        }

        var fits = codes.Select(code =>
        {
            var best = CapabilityRelation.None;
            foreach (var x in valid)
            {
                var rel = taxonomy.Relate(x.Cap.Code, code);
                if (RelationValue(rel) > RelationValue(best))
                {
                    best = rel;
                }
            }

            return $"{code}={RelationName(best)}";
        }).ToList();
        var capacityText = spare is null ? $"Capacity not recorded for {primary.Cap.Code}: neutral 0.5."
            : r.Quantity is not { } qq || qq <= 0 ? $"No quantity stated; spare {N(spare.Value)}/month on {primary.Cap.Code}."
            : $"Spare {N(spare.Value)}/month × {months} months = {N(spare.Value * months)} against {qq} wanted on {primary.Cap.Code}.";
        var diversificationText = share.Total <= 0
            ? $"Nobody visible records current capacity for {primary.ReqCode} yet: any supplier diversifies."
            : $"Adding {N(added)}/month in {f.Country} moves the country HHI of {primary.ReqCode} from {N(share.Hhi)} to {N(hhiAfter)}.";
        List<MatchReason> scores =
        [
            Score("text", textValue, w.Text, rawText > 0 ? $"Text relevance {N(textValue)} (BM25 {N(rawText)}, normalized by the best candidate's)." : "No term of the text matches.", ("bm25", N(rawText))),
            Score("capability", fit, w.Capability, $"Capability fit {N(fit)} ({string.Join(", ", fits)}; exact 1, narrower 0.75, broader 0.5).", ("fits", string.Join(";", fits))),
            Score("capacity", capacity, w.Capacity, capacityText, ("code", primary.Cap.Code), ("spare", spare is { } s ? N(s) : string.Empty), ("months", months.ToString(CultureInfo.InvariantCulture)), ("quantity", r.Quantity?.ToString(CultureInfo.InvariantCulture) ?? string.Empty)),
            Score("diversification", diversification, w.Diversification, diversificationText, ("code", primary.ReqCode), ("country", f.Country), ("hhiBefore", N(share.Hhi)), ("hhiAfter", N(hhiAfter))),
            Score("pastPerformance", past, w.PastPerformance, programs.Count == 0
                ? "No recorded work on allied programs."
                : $"Recorded work on {programs.Count} program(s) ({string.Join(", ", programs)}){(same ? ", including this requirement's program" : string.Empty)}.", ("programs", string.Join(";", programs)), ("sameProgram", same ? "true" : "false")),
        ];
        return new Evaluation(true, filters!, scores, total);
    }

    private static MatchReason Score(string code, double value, double weight, string text, params (string, string)[] args)
        => new(ReasonKind.Score, code, true, value, weight, value * weight, text, args.ToDictionary(a => a.Item1, a => a.Item2, StringComparer.Ordinal));

    private static decimal? Spare(SupplierCapability c) => c.MaxPerMonth switch
    {
        null => null,
        { } max when c.ActualPerMonth is { } actual => Math.Max(0, max - actual),
        { } max => Math.Max(0, max),
    };

    private static int WholeMonths(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        return to.Day < from.Day ? months - 1 : months;
    }

    private static MatchReason Filter(string code, bool passed, string text, params (string, string)[] args)
        => new(ReasonKind.Filter, code, passed, null, null, null, text, args.ToDictionary(a => a.Item1, a => a.Item2, StringComparer.Ordinal));

    private sealed record Evaluation(bool Eligible, List<MatchReason> Filters, List<MatchReason> Scores, double Score);

    /// <summary>
    /// Current capacity by country of the visible holders of one code, for the HHI. Capacities are summed as decimals
    /// and the shares taken in country order, so the figures do not depend on the order of the facilities.
    /// </summary>
    private sealed class Concentration
    {
        private readonly string[] countries;
        private readonly double[] capacities;

        public Concentration(Dictionary<string, decimal> byCountry)
        {
            countries = [.. byCountry.Keys.Order(StringComparer.Ordinal)];
            capacities = [.. countries.Select(c => (double)byCountry[c])];
            Total = (double)byCountry.Values.Sum();
            Hhi = Total <= 0 ? 0 : capacities.Sum(v => (v / Total) * (v / Total));
        }

        public double Total { get; }

        public double Hhi { get; }

        public double HhiAfter(string country, double added)
        {
            var newTotal = Total + added;
            if (newTotal <= 0)
            {
                return 0;
            }

            var sum = 0.0;
            var found = false;
            for (var i = 0; i < countries.Length; i++)
            {
                var value = capacities[i];
                if (string.Equals(countries[i], country, StringComparison.OrdinalIgnoreCase))
                {
                    value += added;
                    found = true;
                }

                sum += (value / newTotal) * (value / newTotal);
            }

            if (!found)
            {
                sum += (added / newTotal) * (added / newTotal);
            }

            return sum;
        }
    }

    /// <summary>One ranking's access verdicts, transfer answers and concentrations, each computed once.</summary>
    private sealed class Context
    {
        private readonly Func<int, bool>? canSee;
        private readonly TransferLookup transfers;
        private readonly Dictionary<int, bool> seen = [];
        private readonly Dictionary<(string, string, DateOnly), TransferFact> facts = [];
        private readonly Dictionary<string, Concentration> concentrations = new(StringComparer.Ordinal);

        public Context(SupplierIndex suppliers, TransferLookup transfers, MatchOptions options)
        {
            if (options.Top is < 1 or > 1000)
            {
                throw new MatchingInputException("top", "Top must be between 1 and 1000.");
            }

            var w = options.Weights ?? MatchWeights.Default;
            (string Name, double Value)[] all = [("text", w.Text), ("capability", w.Capability), ("capacity", w.Capacity), ("diversification", w.Diversification), ("pastPerformance", w.PastPerformance)];
            foreach (var (name, value) in all)
            {
                if (!double.IsFinite(value) || value < 0)
                {
                    throw new MatchingInputException($"weights.{name}", $"Weight '{name}' must be a finite number of 0 or more.");
                }
            }

            var sum = all.Sum(a => a.Value);
            if (sum <= 0)
            {
                throw new MatchingInputException("weights", "At least one weight must be above 0.");
            }

            Weights = new MatchWeights(w.Text / sum, w.Capability / sum, w.Capacity / sum, w.Diversification / sum, w.PastPerformance / sum);
            Suppliers = suppliers;
            Options = options;
            this.transfers = transfers;
            canSee = options.CanSee;
        }

        private readonly Dictionary<string, string> normalized = new(StringComparer.Ordinal);
        private RequirementDocument? requiredFor;
        private (string Kind, string Normalized)[] required = [];
        private RequirementDocument? nationsFor;
        private string[] nations = [];

        public SupplierIndex Suppliers { get; }

        /// <summary>A certification kind's comparison form, computed once per ranking.</summary>
        public string Normalized(string kind)
        {
            if (!normalized.TryGetValue(kind, out var n))
            {
                normalized[kind] = n = Certifications.Normalize(kind);
            }

            return n;
        }

        /// <summary>The requirement's distinct required kinds with their comparison forms.</summary>
        public (string Kind, string Normalized)[] Required(RequirementDocument r)
        {
            if (!ReferenceEquals(requiredFor, r))
            {
                required = [.. (r.RequiredCertifications ?? []).Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => (k, Normalized(k))).DistinctBy(k => k.Item2, StringComparer.Ordinal)];
                requiredFor = r;
            }

            return required;
        }

        /// <summary>The requirement's distinct receiving nations.</summary>
        public string[] Nations(RequirementDocument r)
        {
            if (!ReferenceEquals(nationsFor, r))
            {
                nations = [.. (r.ProgramNations ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase)];
                nationsFor = r;
            }

            return nations;
        }

        /// <summary>The distinct programs of the facility's visible engagements, in id order.</summary>
        public List<string> Programs(SupplierFacility f)
        {
            var list = new List<string>(f.Engagements.Count);
            foreach (var e in f.Engagements)
            {
                if (See(e.AccessKey) && !list.Contains(e.ProgramId, StringComparer.Ordinal))
                {
                    list.Add(e.ProgramId);
                }
            }

            list.Sort(StringComparer.Ordinal);
            return list;
        }

        public MatchOptions Options { get; }

        /// <summary>The weights divided by their sum.</summary>
        public MatchWeights Weights { get; }

        public bool See(int key)
        {
            if (canSee is null)
            {
                return true;
            }

            if (!seen.TryGetValue(key, out var visible))
            {
                seen[key] = visible = canSee(key);
            }

            return visible;
        }

        public TransferFact Transfer(string from, string to, DateOnly date)
        {
            var key = (from.ToUpperInvariant(), to.ToUpperInvariant(), date);
            if (!facts.TryGetValue(key, out var fact))
            {
                facts[key] = fact = transfers(key.Item1, key.Item2, date) ?? new TransferFact(TransferFactVerdict.Unknown, "No answer.", null, []);
            }

            return fact;
        }

        public Concentration Concentration(string code)
        {
            if (!concentrations.TryGetValue(code, out var c))
            {
                var byCountry = new Dictionary<string, decimal>(StringComparer.Ordinal);
                foreach (var ord in Suppliers.WithCode(code))
                {
                    var f = Suppliers[ord];
                    if (!See(f.AccessKey))
                    {
                        continue;
                    }

                    foreach (var cap in f.Capabilities)
                    {
                        if (cap.Code == code && See(cap.AccessKey) && ValidOn(cap.ValidFrom, cap.ValidTo, Options.AsOf) && cap.ActualPerMonth is > 0 and { } actual)
                        {
                            var country = f.Country.ToUpperInvariant();
                            byCountry[country] = byCountry.GetValueOrDefault(country) + actual;
                        }
                    }
                }

                concentrations[code] = c = new Concentration(byCountry);
            }

            return c;
        }
    }
}
