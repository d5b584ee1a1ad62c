using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Musubi.Engines.Screening;

/// <summary>A query analyzed once and looked up in an index: its forms with key ids and weights, and memoized token similarities.</summary>
internal sealed class PreparedQuery
{
    public required ScreeningQuery Query { get; init; }
    public required AnalyzedName Name { get; init; }
    public required QueryForm[] Forms { get; init; }


    /// <summary>Entities reached by weak alias or identifier: always scored.</summary>
    public required HashSet<int> StrongCandidates { get; init; }

    public required HashSet<int> WeakAliasHits { get; init; }

    /// <summary>Query tokens that are two index keys written together, as key pairs (selective where each half is common).</summary>
    public required List<(int First, int Second, int Form)> SplitPairs { get; init; }

    /// <summary>
    /// Query tokens written as one word from several syllables that the index holds apart ("xianggang" for an entry
    /// romanized xiang·gang): the syllables' key ids, and the token (form, position) whose weight they carry.
    /// </summary>
    public required List<(int[] Keys, int Form, int Token)> SyllableChains { get; init; }

    /// <summary>Index keys reached by joining adjacent query tokens: the key, the form, and the tokens joined (start, count).</summary>
    public required List<(int Key, int Form, int Start, int Count)> JoinedKeys { get; init; }

    public static PreparedQuery Prepare(ScreeningQuery query, ScreeningIndex index)
    {
        var countries = query.Country is { Length: > 0 } c ? new[] { c.ToUpperInvariant() } : [];
        var name = index.Analyzer.Analyze(query.Name, NameKind.Name, countries, forQuery: true);
        var forms = name.Forms.Select(f => new QueryForm(f, index)).ToArray();
        var fuzzyCache = new Dictionary<string, List<(int Key, double Sim, int Edits)>>(StringComparer.Ordinal);
        var splitPairs = new List<(int, int, int)>();
        var chains = new List<(int[], int, int)>();
        var joinedKeys = new List<(int, int, int, int)>();
        var formIndex = -1;
        foreach (var f in forms)
        {
            formIndex++;
            for (var i = 0; i < f.Ids.Length; i++)
            {
                if (NameAnalyzer.IsCjkKey(f.Form.Keys[i]))
                {
                    continue;
                }
                var key = f.Form.Keys[i];
                if (Syllables.Segment(key) is { } syllables)
                {
                    var ids = Array.ConvertAll(syllables, index.KeyId);
                    if (Array.TrueForAll(ids, id => id >= 0))
                    {
                        chains.Add((ids, formIndex, i));
                    }
                }
                // A token the index knows exactly reaches its entities directly; only unknown tokens are looked up by
                // typo and by splitting (the scorer still compares every candidate's tokens with edit distance).
                if (f.Ids[i] >= 0)
                {
                    continue;
                }
                if (!fuzzyCache.TryGetValue(key, out var near))
                {
                    fuzzyCache[key] = near = index.Fuzzy(key);
                }
                foreach (var (k, sim, d) in near)
                {
                    f.Memo[i][k] = (sim, d);
                }
                // A query token that is two index keys written together ("uralvagonzavod" ~ "uralvagon zavod").
                for (var cut = 2; cut <= key.Length - 2 && key.Length >= 6; cut++)
                {
                    var left = index.KeyId(key.AsSpan(0, cut));
                    if (left < 0 && key[cut - 1] == 's')
                    {
                        left = index.KeyId(NameAnalyzer.LatinKey(key[..cut], out _));
                    }
                    if (left < 0)
                    {
                        continue;
                    }
                    var right = index.KeyId(key.AsSpan(cut));
                    if (right < 0 && key[^1] == 's')
                    {
                        right = index.KeyId(NameAnalyzer.LatinKey(key[cut..], out _));
                    }
                    if (right >= 0)
                    {
                        splitPairs.Add((left, right, formIndex));
                    }
                }
            }
            // Adjacent query tokens written together in the index ("ryon bong" ~ "ryonbong").
            for (var len = 2; len <= 3; len++)
            {
                for (var start = 0; start + len <= f.Ids.Length; start++)
                {
                    var joined = string.Concat(f.Form.Keys.AsSpan(start, len).ToArray());
                    var id = index.KeyId(joined);
                    if (id >= 0)
                    {
                        joinedKeys.Add((id, formIndex, start, len));
                    }
                }
            }
        }
        var weakHits = name.Compact.Length >= 2 ? index.WeakAliasEntities(name.Compact).ToHashSet() : [];
        var strong = new HashSet<int>(weakHits);
        foreach (var identifier in query.Identifiers)
        {
            strong.UnionWith(index.IdentifierEntities(ScreeningIndex.IdentifierKey(identifier)));
        }
        return new PreparedQuery
        {
            Query = query,
            Name = name,
            Forms = forms,
            SplitPairs = splitPairs,
            SyllableChains = chains,
            JoinedKeys = joinedKeys,
            StrongCandidates = strong,
            WeakAliasHits = weakHits,
        };

    }
}

/// <summary>One form of the query with its keys' ids in the index (−1 when unknown) and weights.</summary>
internal sealed class QueryForm
{
    public QueryForm(NameForm form, ScreeningIndex index)
    {
        Form = form;
        Ids = [.. form.Keys.Select(index.KeyId)];
        Weights = [.. form.Keys.Select(NameScorer.WeightOf)];
        Masks = [.. form.Keys.Select(Similarity.Mask)];
        TotalWeight = Weights.Sum();
        Memo = [.. form.Keys.Select(_ => new Dictionary<int, (double, int)>())];
    }

    public NameForm Form { get; }
    public int[] Ids { get; }
    public double[] Weights { get; }
    public ulong[] Masks { get; }
    public double TotalWeight { get; }

    /// <summary>Per query token: similarity to index keys already computed.</summary>
    public Dictionary<int, (double Sim, int Edits)>[] Memo { get; }
}

/// <summary>
/// Scores one entity against a prepared query: the best name pair over every form of every name (weighted
/// token alignment, <see cref="Alignment"/>), a weak alias that equals the query, identifiers, country. Scores depend
/// only on the query and the entity — never on the rest of the list — so adding an unrelated entry to a list changes no
/// other score, and a score can be re-derived from the entity alone.
/// </summary>
internal static class NameScorer
{
    /// <summary>Candidates below this (or below the review threshold when lower) are not listed.</summary>
    public const double CandidateFloor = 0.3;

    /// <summary>A weak alias (acronym) that equals the query exactly.</summary>
    public const double WeakAliasScore = 0.9;

    /// <summary>The score an identifier shared with the query lifts a candidate to.</summary>
    public const double IdentifierScore = 0.99;

    public const double IdentifierConflictPenalty = 0.15;
    public const double CountryMismatchPenalty = 0.10;

    private static readonly FrozenSet<string> CommonKeys = NameAnalyzer.CommonKeys;

    /// <summary>A key's weight: common organization words 0.3, one- and two-character Latin tokens 0.5, others 1.</summary>
    public static double WeightOf(string key)
    {
        if (CommonKeys.Contains(key))
        {
            return Lexicon.CommonWeight;
        }
        if (key.Length <= 2 && !NameAnalyzer.IsCjkKey(key))
        {
            return 0.5;
        }
        return 1;
    }

    public readonly record struct Scored(double Total, double Name, int Form, int QueryForm, Explanation? Explanation, string MatchedName, string QueryName, double BestName)
    {
        public ScoredCandidate ToCandidate(string entityId) =>
            new(entityId, Math.Round(Total, 4), MatchedName, QueryName, Explanation!);
    }

    public static Scored Score(PreparedQuery q, ScreeningIndex index, int entity, bool explain, Scored? known = null)
    {
        var e = index.EntityAt(entity);
        var bestName = known?.BestName ?? 0.0;
        var bestForm = known?.Form ?? -1;
        var bestQueryForm = known?.QueryForm ?? -1;
        for (var f = index.FormStart(entity); known is null && f < index.FormEnd(entity); f++)
        {
            var kind = index.KindOf(f);
            var entityTokens = index.TokensOf(f);
            for (var qf = 0; qf < q.Forms.Length; qf++)
            {
                var form = q.Forms[qf];
                if (!Compatible(form.Form, kind, index, entityTokens))
                {
                    continue;
                }
                var s = PairScore(form, index, entityTokens, null);
                if (s > bestName + 1e-12)
                {
                    bestName = s;
                    bestForm = f;
                    bestQueryForm = qf;
                }
            }
        }
        var weakAlias = q.WeakAliasHits.Contains(entity);
        var nameScore = bestName;
        var byWeakAlias = false;
        if (weakAlias && WeakAliasScore > nameScore)
        {
            nameScore = WeakAliasScore;
            byWeakAlias = true;
        }

        // Identifiers: one in common is strong evidence; the same scheme with different values is evidence against.
        var sharedIds = q.Query.Identifiers.Count == 0 ? [] : new List<EntityIdentifier>();
        var conflicting = q.Query.Identifiers.Count == 0 ? [] : new List<EntityIdentifier>();
        foreach (var qi in q.Query.Identifiers)
        {
            var qk = ScreeningIndex.IdentifierKey(qi);
            var sameScheme = e.Identifiers.Where(x => string.Equals(x.Scheme, qi.Scheme, StringComparison.OrdinalIgnoreCase)).ToList();
            if (sameScheme.Any(x => ScreeningIndex.IdentifierKey(x) == qk))
            {
                sharedIds.Add(qi);
            }
            else if (sameScheme.Count > 0)
            {
                conflicting.Add(qi);
            }
        }
        var total = nameScore;
        var idBoost = sharedIds.Count > 0 ? Math.Max(0, IdentifierScore - total) : 0;
        total += idBoost;
        var idPenalty = sharedIds.Count == 0 && conflicting.Count > 0 ? IdentifierConflictPenalty : 0;
        total -= idPenalty;
        var country = q.Query.Country is { Length: > 0 } c ? c.ToUpperInvariant() : null;
        var countryPenalty = country is not null && e.Countries.Count > 0 && !e.Countries.Contains(country, StringComparer.Ordinal)
            ? CountryMismatchPenalty : 0;
        total -= countryPenalty;
        total = Math.Clamp(total, 0, 1);

        var matchedName = bestForm >= 0 ? e.Names[index.NameOf(bestForm)].Value : e.Names.FirstOrDefault(n => n.Kind == NameKind.Name)?.Value ?? e.Names[0].Value;
        if (!explain)
        {
            return new Scored(total, nameScore, bestForm, bestQueryForm, null, matchedName, q.Query.Name, bestName);
        }

        var features = new List<ScoreFeature>();
        var alignments = new List<TokenAlignment>();
        var forms = "";
        var summary = new StringBuilder();
        if (byWeakAlias)
        {
            // Which weak alias it was is only needed for the explanation: found here, not on every scored candidate.
            matchedName = e.Names.First(n => n.Kind == NameKind.WeakAlias && index.Analyzer.Analyze(n.Value, n.Kind, e.Countries).Compact == q.Name.Compact).Value;
            features.Add(new ScoreFeature("weak alias", nameScore, $"the query equals the entity's acronym or short name '{matchedName}' (weak aliases match only exactly)"));
            forms = "weak alias";
            summary.Append(CultureInfo.InvariantCulture, $"acronym '{q.Query.Name}' equals weak alias '{matchedName}'");
        }
        else if (bestForm >= 0)
        {
            var qf = q.Forms[bestQueryForm];
            var entityTokens = index.TokensOf(bestForm).ToArray();
            var pairs = new List<Alignment.Pair>();
            PairScore(qf, index, entityTokens, pairs);
            forms = $"{NameForm.Label(qf.Form.Kind)} ~ {NameForm.Label(index.KindOf(bestForm))}";
            Describe(qf, index, entityTokens, pairs, alignments);
            var aligned = pairs.Sum(p => p.QueryLast - p.QueryFirst + 1);
            var queryTokens = qf.Ids.Length;
            features.Add(new ScoreFeature(
                "name",
                bestName,
                $"'{q.Query.Name}' ~ '{matchedName}' ({forms}): {aligned} of {queryTokens} query tokens aligned, weighted overlap {ScreeningIndex.Format(bestName)}"));
            summary.Append(CultureInfo.InvariantCulture, $"'{q.Query.Name}' ~ '{matchedName}' ({forms}), {aligned}/{queryTokens} tokens");
            var notable = alignments.Where(a => a.How is not ("exact" or "unmatched" or "unmatched entity token")).Select(a => $"{a.QueryToken}→{a.EntityToken} ({a.How})").ToList();
            if (notable.Count > 0)
            {
                summary.Append("; ").Append(string.Join(", ", notable));
            }
            var unmatched = alignments.Where(a => a.How.StartsWith("unmatched", StringComparison.Ordinal)).Select(a => a.QueryToken.Length > 0 ? a.QueryToken : a.EntityToken).ToList();
            if (unmatched.Count > 0)
            {
                summary.Append("; unmatched: ").Append(string.Join(", ", unmatched));
            }
            if (q.Name.LegalForms.Length > 0)
            {
                summary.Append("; legal forms ignored: ").Append(string.Join(", ", q.Name.LegalForms));
            }
        }
        if (idBoost > 0)
        {
            features.Add(new ScoreFeature("identifier", idBoost, $"shared identifier {string.Join(", ", sharedIds.Select(i => $"{i.Scheme.ToUpperInvariant()} {i.Value}"))}"));
            summary.Append("; shared identifier");
        }
        if (idPenalty > 0)
        {
            features.Add(new ScoreFeature("identifier conflict", -idPenalty, $"same scheme, different value: {string.Join(", ", conflicting.Select(i => $"{i.Scheme.ToUpperInvariant()} {i.Value}"))}"));
            summary.Append("; identifiers differ");
        }
        if (countryPenalty > 0)
        {
            features.Add(new ScoreFeature("country", -countryPenalty, $"query country {country}, entity {string.Join("/", e.Countries)}"));
            summary.Append(CultureInfo.InvariantCulture, $"; country {country} ≠ {string.Join("/", e.Countries)}");
        }
        var explanation = new Explanation($"{ScreeningIndex.Format(total)}: {summary}", features, alignments) { Forms = forms };
        return new Scored(total, nameScore, bestForm, bestQueryForm, explanation, matchedName, q.Query.Name, bestName);
    }

    private static bool Compatible(NameForm query, FormKind entityKind, ScreeningIndex index, ReadOnlySpan<int> entityTokens)
    {
        var queryOriginal = query.Kind == FormKind.Original;
        var entityOriginal = entityKind == FormKind.Original;
        return queryOriginal == entityOriginal && entityTokens.Length > 0 && query.Keys.Length > 0;
    }

    [ThreadStatic]
    private static Buffers? buffers;

    /// <summary>Weighted overlap M / (Wq + We − A) of one query form and one entity form (see <see cref="Alignment.Align"/>).</summary>
    private static double PairScore(QueryForm qf, ScreeningIndex index, ReadOnlySpan<int> entityTokens, List<Alignment.Pair>? pairs)
    {
        var nq = qf.Ids.Length;
        var ne = entityTokens.Length;
        var b = buffers ??= new Buffers();
        b.Ensure(nq, ne);
        var we = b.EntityWeights;
        var eKeys = b.EntityKeys;
        var totalE = 0.0;
        for (var j = 0; j < ne; j++)
        {
            we[j] = index.Weight(entityTokens[j]);
            eKeys[j] = index.Key(entityTokens[j]);
            totalE += we[j];
        }
        var sim = b.Sim;
        var edits = b.Edits;
        for (var i = 0; i < nq; i++)
        {
            for (var j = 0; j < ne; j++)
            {
                var (v, d) = Sim(qf, index, i, entityTokens[j]);
                sim[(i * ne) + j] = v;
                edits[(i * ne) + j] = d;
            }
        }
        var (matched, mass) = Alignment.Align(nq, ne, sim, edits, qf.Weights, we, qf.Form.Keys, eKeys, pairs);
        var union = qf.TotalWeight + totalE - mass;
        return union <= 0 ? 0 : Math.Min(1, matched / union);
    }

    private sealed class Buffers
    {
        public double[] EntityWeights { get; private set; } = new double[16];
        public string[] EntityKeys { get; private set; } = new string[16];
        public double[] Sim { get; private set; } = new double[256];
        public int[] Edits { get; private set; } = new int[256];

        public void Ensure(int nq, int ne)
        {
            if (EntityWeights.Length < ne)
            {
                EntityWeights = new double[ne * 2];
                EntityKeys = new string[ne * 2];
            }
            if (Sim.Length < nq * ne)
            {
                Sim = new double[nq * ne * 2];
                Edits = new int[nq * ne * 2];
            }
        }
    }

    private static (double, int) Sim(QueryForm qf, ScreeningIndex index, int i, int entityKey)
    {
        if (qf.Ids[i] == entityKey)
        {
            return (1, 0);
        }
        var key = qf.Form.Keys[i];
        if (NameAnalyzer.IsCjkKey(key))
        {
            return (0, 0);
        }
        var entityText = index.Key(entityKey);
        if (Similarity.CannotMatch(key, entityText, qf.Masks[i], index.Mask(entityKey)) || (Syllables.Contains(key) && Syllables.Contains(entityText)))
        {
            return (0, 0);
        }
        var memo = qf.Memo[i];
        if (memo.TryGetValue(entityKey, out var known))
        {
            return known;
        }
        var sim = Similarity.Of(key, entityText, out var d);
        memo[entityKey] = (sim, d);
        return (sim, d);
    }

    private static void Describe(QueryForm qf, ScreeningIndex index, int[] entityTokens, List<Alignment.Pair> pairs, List<TokenAlignment> into)
    {
        var qAligned = new bool[qf.Ids.Length];
        var eAligned = new bool[entityTokens.Length];
        foreach (var p in pairs.OrderBy(p => p.QueryFirst))
        {
            var qText = string.Join(" ", Enumerable.Range(p.QueryFirst, p.QueryLast - p.QueryFirst + 1).Select(i => qf.Form.Sources?[i] ?? qf.Form.Keys[i]).Distinct());
            var eText = string.Join(" ", Enumerable.Range(p.EntityFirst, p.EntityLast - p.EntityFirst + 1).Select(j => index.Key(entityTokens[j])));
            var weight = 0.0;
            for (var i = p.QueryFirst; i <= p.QueryLast; i++)
            {
                qAligned[i] = true;
                weight += qf.Weights[i];
            }
            for (var j = p.EntityFirst; j <= p.EntityLast; j++)
            {
                eAligned[j] = true;
                weight += index.Weight(entityTokens[j]);
            }
            var joined = p.QueryLast > p.QueryFirst || p.EntityLast > p.EntityFirst;
            var how = joined ? "joined"
                : p.Edits > 0 ? (p.Edits == 1 ? "typo (1 edit)" : $"typo ({p.Edits} edits)")
                : qf.Form.Changes?[p.QueryFirst] ?? qf.Form.Kind switch
                {
                    FormKind.Reading => "reading",
                    FormKind.Glossary => "glossary",
                    FormKind.Transliteration => "transliteration",
                    _ => "exact",
                };
            into.Add(new TokenAlignment(qText, eText, how, Math.Round(p.Similarity, 4), Math.Round(weight / 2, 4)));
        }
        for (var i = 0; i < qf.Ids.Length; i++)
        {
            if (!qAligned[i])
            {
                into.Add(new TokenAlignment(qf.Form.Sources?[i] ?? qf.Form.Keys[i], null, "unmatched", 0, Math.Round(qf.Weights[i], 4)));
            }
        }
        for (var j = 0; j < entityTokens.Length; j++)
        {
            if (!eAligned[j])
            {
                into.Add(new TokenAlignment("", index.Key(entityTokens[j]), "unmatched entity token", 0, Math.Round(index.Weight(entityTokens[j]), 4)));
            }
        }
    }
}
