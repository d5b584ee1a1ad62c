using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Musubi.Engines.Screening;

/// <summary>A pair of entities of one list (e.g. two registry organizations) that are probably the same party.</summary>
public sealed record DuplicatePair(
    string FirstId,
    string SecondId,
    double Score,
    string FirstName,
    string SecondName,
    Explanation Explanation,
    IReadOnlyList<EntityIdentifier> SharedIdentifiers);

/// <summary>
/// The screening index of one set of list versions: every entity's names analyzed once into forms and keys; an
/// inverted index from keys to entities with IDF weights for retrieval; a trigram index over the key vocabulary for
/// typo-tolerant lookups; exact tables for weak aliases and identifiers. <see cref="Screen"/> retrieves candidates
/// and scores them with <see cref="NameScorer"/>; <see cref="ScreenExhaustive"/> scores every entity with the same
/// scorer (the reference the index is measured against). Immutable and thread-safe once built.
/// </summary>
public sealed class ScreeningIndex
{
    private const int RetrievalCandidates = 32;
    private const int TrigramCap = 20_000;

    /// <summary>Frequent keys up to this many times the cap still re-rank the candidates already reached.</summary>
    private const int RefineFactor = 10;
    private const double StrongEvidence = 1_000;

    private readonly ScreeningEntity[] entities;
    private readonly NameAnalyzer analyzer;

    // Key vocabulary.
    private readonly Dictionary<string, int> keyIds;
    private readonly string[] keys;
    private readonly float[] keyWeights;
    private readonly int[] keyDf;

    // Entity forms: entity e owns forms formStart[e]..formStart[e+1]-1; form f has tokens tokenStart[f]..tokenStart[f+1]-1.
    private readonly int[] formStart;
    private readonly int[] tokenStart;
    private readonly FormKind[] formKind;
    private readonly short[] formName;
    private readonly int[] tokens;

    // Inverted index key → entities (CSR).
    private readonly int[] postingStart;
    private readonly int[] postings;

    // Trigram → keys (CSR) over Latin keys of 4+ characters.
    private readonly Dictionary<long, int> trigramIds;
    private readonly int[] trigramStart;
    private readonly int[] trigramKeys;

    // Adjacent key pair → entities (CSR).
    private readonly Dictionary<long, int> pairIds;
    private readonly int[] pairStart;
    private readonly int[] pairPostings;

    private readonly Dictionary<string, int[]> weakAliases;
    private readonly Dictionary<string, int[]> identifierIndex;
    private readonly Dictionary<string, int> entityIndex;
    private readonly ThreadLocal<Accumulator> accumulators;
    private readonly ThreadLocal<Counter> counters;
    private readonly byte[] keyLengths;
    private readonly ulong[] keyMasks;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> keyLookup;

    private ScreeningIndex(ScreeningEntity[] entities, NameAnalyzer analyzer, Built built)
    {
        this.entities = entities;
        this.analyzer = analyzer;
        keyIds = built.KeyIds;
        keys = built.Keys;
        keyWeights = built.KeyWeights;
        keyDf = built.KeyDf;
        formStart = built.FormStart;
        tokenStart = built.TokenStart;
        formKind = built.FormKind;
        formName = built.FormName;
        tokens = built.Tokens;
        postingStart = built.PostingStart;
        postings = built.Postings;
        trigramIds = built.TrigramIds;
        trigramStart = built.TrigramStart;
        trigramKeys = built.TrigramKeys;
        weakAliases = built.WeakAliases;
        pairIds = built.PairIds;
        pairStart = built.PairStart;
        pairPostings = built.PairPostings;
        identifierIndex = built.Identifiers;
        entityIndex = built.EntityIndex;
        NameCount = built.NameCount;
        accumulators = new ThreadLocal<Accumulator>(() => new Accumulator(entities.Length));
        counters = new ThreadLocal<Counter>(() => new Counter(keys.Length));
        keyLengths = [.. keys.Select(k => (byte)Math.Min(k.Length, 255))];
        keyMasks = [.. keys.Select(Similarity.Mask)];
        keyLookup = keyIds.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int EntityCount => entities.Length;

    /// <summary>Names indexed (every name, alias and weak alias of every entity).</summary>
    public int NameCount { get; }

    /// <summary>Distinct matching keys (tokens and bigrams) in the index.</summary>
    public int KeyCount => keys.Length;

    /// <summary>The analyzer the index was built with (queries must use the same).</summary>
    public NameAnalyzer Analyzer => analyzer;

    public IReadOnlyList<ScreeningEntity> Entities => entities;

    public ScreeningEntity? Find(string entityId) => entityIndex.TryGetValue(entityId, out var i) ? entities[i] : null;

    /// <summary>Builds the index. Entity ids must be unique (the list readers guarantee it).</summary>
    public static ScreeningIndex Build(IReadOnlyList<ScreeningEntity> entities, NameAnalyzer analyzer, int? degreeOfParallelism = null)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(analyzer);
        var array = entities as ScreeningEntity[] ?? [.. entities];
        var built = IndexBuilder.Build(array, analyzer, degreeOfParallelism ?? Environment.ProcessorCount);
        return new ScreeningIndex(array, analyzer, built);
    }

    /// <summary>Screens one query: candidates from the index, each scored and explained.</summary>
    public ScreeningResult Screen(ScreeningQuery query, ScreeningOptions? options = null) =>
        Run(query, options ?? ScreeningOptions.Default, exhaustive: false);

    /// <summary>Screens one query by scoring every entity (the brute-force reference; slow on large lists).</summary>
    public ScreeningResult ScreenExhaustive(ScreeningQuery query, ScreeningOptions? options = null) =>
        Run(query, options ?? ScreeningOptions.Default, exhaustive: true);

    /// <summary>Screens many queries in parallel; results in query order. <paramref name="progress"/> receives the count done.</summary>
    public IReadOnlyList<ScreeningResult> ScreenAll(
        IReadOnlyList<ScreeningQuery> queries, ScreeningOptions? options = null, int? degreeOfParallelism = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var results = new ScreeningResult[queries.Count];
        var done = 0;
        var step = Math.Max(1, queries.Count / 200);
        Parallel.For(
            0,
            queries.Count,
            new ParallelOptions { MaxDegreeOfParallelism = degreeOfParallelism ?? Environment.ProcessorCount, CancellationToken = cancellationToken },
            i =>
            {
                results[i] = Screen(queries[i], options);
                var n = Interlocked.Increment(ref done);
                if (progress is not null && (n % step == 0 || n == queries.Count))
                {
                    progress.Report(n);
                }
            });
        return results;
    }

    /// <summary>
    /// Every pair of entities in this index that are probably one party: a shared identifier, or a name of one that
    /// screens against the other at or above <paramref name="threshold"/>. Pairs ordered by score, then ids.
    /// </summary>
    public IReadOnlyList<DuplicatePair> FindDuplicates(double threshold, int? degreeOfParallelism = null)
    {
        var found = new ConcurrentDictionary<(int, int), DuplicatePair>();
        var options = new ScreeningOptions
        {
            MatchThreshold = Math.Max(threshold, 0.01),
            ReviewThreshold = Math.Max(threshold, 0.01),
            MaxCandidates = 10,
        };
        Parallel.For(
            0,
            entities.Length,
            new ParallelOptions { MaxDegreeOfParallelism = degreeOfParallelism ?? Environment.ProcessorCount },
            i =>
            {
                var e = entities[i];
                foreach (var name in e.Names.Where(n => n.Kind != NameKind.WeakAlias))
                {
                    var query = new ScreeningQuery(e.Id, name.Value, e.Countries.Count == 1 ? e.Countries[0] : null) { Identifiers = e.Identifiers };
                    var result = Run(query, options, exhaustive: false, exclude: i);
                    foreach (var c in result.Candidates)
                    {
                        if (c.Score < threshold)
                        {
                            continue;
                        }
                        var j = entityIndex[c.EntityId];
                        var key = i < j ? (i, j) : (j, i);
                        var shared = SharedIdentifiers(e, entities[j]);
                        var pair = i < j
                            ? new DuplicatePair(e.Id, c.EntityId, c.Score, name.Value, c.MatchedName, c.Explanation, shared)
                            : new DuplicatePair(c.EntityId, e.Id, c.Score, c.MatchedName, name.Value, c.Explanation, shared);
                        found.AddOrUpdate(key, pair, (_, old) => old.Score >= pair.Score ? old : pair);
                    }
                }
            });
        return [.. found.Values.OrderByDescending(p => p.Score).ThenBy(p => p.FirstId, StringComparer.Ordinal).ThenBy(p => p.SecondId, StringComparer.Ordinal)];
    }

    private static List<EntityIdentifier> SharedIdentifiers(ScreeningEntity a, ScreeningEntity b) =>
        [.. a.Identifiers.Where(x => b.Identifiers.Any(y => IdentifierKey(x) == IdentifierKey(y)))];

    internal static string IdentifierKey(EntityIdentifier id)
    {
        Span<char> buffer = stackalloc char[Math.Min(id.Value.Length, 128)];
        var n = 0;
        foreach (var c in id.Value)
        {
            if (char.IsLetterOrDigit(c) && n < buffer.Length)
            {
                buffer[n++] = char.ToUpperInvariant(c);
            }
        }
        return string.Concat(id.Scheme.ToLowerInvariant(), ":", new string(buffer[..n]));
    }

    private ScreeningResult Run(ScreeningQuery query, ScreeningOptions options, bool exhaustive, int exclude = -1)
    {
        var q = PreparedQuery.Prepare(query, this);
        List<int> candidates;
        if (exhaustive)
        {
            candidates = [.. Enumerable.Range(0, entities.Length)];
        }
        else
        {
            candidates = Retrieve(q, Math.Max(RetrievalCandidates, options.MaxCandidates * 3));
        }
        var scored = new List<(int Entity, NameScorer.Scored Score)>(candidates.Count);
        foreach (var e in candidates)
        {
            if (e == exclude)
            {
                continue;
            }
            var s = NameScorer.Score(q, this, e, explain: false);
            if (s.Total > 0)
            {
                scored.Add((e, s));
            }
        }
        scored.Sort((a, b) =>
        {
            var c = b.Score.Total.CompareTo(a.Score.Total);
            return c != 0 ? c : string.CompareOrdinal(entities[a.Entity].Id, entities[b.Entity].Id);
        });
        var floor = Math.Min(NameScorer.CandidateFloor, options.ReviewThreshold);
        var top = new List<ScoredCandidate>(options.MaxCandidates);
        foreach (var (e, known) in scored)
        {
            if (top.Count == options.MaxCandidates)
            {
                break;
            }
            var explained = NameScorer.Score(q, this, e, explain: true, known);
            if (explained.Total < floor)
            {
                break;
            }
            top.Add(explained.ToCandidate(entities[e].Id));
        }
        var best = top.Count > 0 ? top[0] : null;
        var decision = best is null ? Decision.None
            : best.Score >= options.MatchThreshold ? Decision.Match
            : best.Score >= options.ReviewThreshold ? Decision.Review
            : Decision.None;
        return new ScreeningResult(query.Id, decision, decision == Decision.None ? null : best, top);
    }

    /// <summary>
    /// Candidate entities by Σ similarity × IDF × weight of what they share with the query: adjacent key pairs first
    /// (selective even when every word is common), then single keys rarest first — a key held by more than 0.5% of the
    /// entities (and more than 2,000) adds no new candidates once something rarer was used, and re-ranks those reached
    /// when it is held by at most 5%.
    /// </summary>
    private List<int> Retrieve(PreparedQuery q, int limit)
    {
        var acc = accumulators.Value!;
        var n = entities.Length;
        var cap = Math.Max(2_000, n / 200);
        var traversed = 0;

        // Each form's weights are divided by the form's own mass (Σ IDF × weight of its tokens), so that an entity
        // matching all of a short form (a two-word reading) outranks one matching half of a long one (kana bigrams).
        var maxIdf = Math.Log(1 + n);
        var mass = new double[q.Forms.Length];
        for (var fi = 0; fi < q.Forms.Length; fi++)
        {
            var f = q.Forms[fi];
            for (var i = 0; i < f.Ids.Length; i++)
            {
                mass[fi] += (f.Ids[i] >= 0 ? Math.Log(1 + ((double)n / keyDf[f.Ids[i]])) : maxIdf) * f.Weights[i];
            }
            mass[fi] = Math.Max(mass[fi], 1e-9);
        }
        // Each key or pair matched credits an entity with its IDF × weight over the mass of the form it came from, in
        // that form's column: an entity ranks by its best form.
        var forms = Math.Max(1, q.Forms.Length);
        var keyCredits = new Dictionary<int, float[]>();
        var pairCredits = new Dictionary<long, float[]>();
        for (var fi = 0; fi < q.Forms.Length; fi++)
        {
            var f = q.Forms[fi];
            for (var i = 0; i < f.Ids.Length; i++)
            {
                if (f.Ids[i] >= 0)
                {
                    Consider(f.Ids[i], 1, fi);
                }
                foreach (var (k, (sim, _)) in f.Memo[i])
                {
                    if (sim > 0)
                    {
                        Consider(k, sim, fi);
                    }
                }
                if (i + 1 < f.Ids.Length && f.Ids[i] >= 0 && f.Ids[i + 1] >= 0)
                {
                    ConsiderPair(PairKey(f.Ids[i], f.Ids[i + 1]), fi);
                }
            }
        }
        foreach (var (first, second, fi) in q.SplitPairs)
        {
            Consider(first, 1, fi);
            Consider(second, 1, fi);
            ConsiderPair(PairKey(first, second), fi);
        }
        // A word written from syllables reaches entries that hold the syllables apart through their adjacent pairs, and
        // carries the word's own weight: matching xiang·gang is worth what matching "xianggang" is worth.
        foreach (var (chain, fi, token) in q.SyllableChains)
        {
            var credit = TokenMass(fi, token) / mass[fi] / (chain.Length - 1);
            for (var i = 0; i + 1 < chain.Length; i++)
            {
                Credit(pairCredits, PairKey(chain[i], chain[i + 1]), fi, forms, credit);
            }
        }
        // Adjacent tokens joined into one index key carry the weight of the tokens they join.
        foreach (var (k, fi, start, count) in q.JoinedKeys)
        {
            var joined = 0.0;
            for (var i = start; i < start + count; i++)
            {
                joined += TokenMass(fi, i);
            }
            Credit(keyCredits, k, fi, forms, joined / mass[fi]);
        }
        // Two joined keys that follow each other are an adjacent pair in the entries that write both words so.
        foreach (var (first, fi, start, count) in q.JoinedKeys)
        {
            foreach (var (second, fj, next, _) in q.JoinedKeys)
            {
                if (fj == fi && next == start + count)
                {
                    ConsiderPair(PairKey(first, second), fi);
                }
            }
        }

        acc.Reset(forms);
        var pairHits = new List<(int Id, int Df, float[] Credits)>();
        foreach (var (pair, credits) in pairCredits)
        {
            if (pairIds.TryGetValue(pair, out var pid))
            {
                pairHits.Add((pid, pairStart[pid + 1] - pairStart[pid], credits));
            }
        }
        pairHits.Sort((a, b) => a.Df.CompareTo(b.Df));
        foreach (var (pid, df, credits) in pairHits)
        {
            Traverse(pairPostings.AsSpan(pairStart[pid], df), credits);
        }
        foreach (var (key, credits) in keyCredits.OrderBy(kv => keyDf[kv.Key]))
        {
            Traverse(postings.AsSpan(postingStart[key], keyDf[key]), credits);
        }
        var strong = new float[forms];
        strong[0] = (float)StrongEvidence;
        acc.Add([.. q.StrongCandidates], strong);
        return acc.Top(limit);

        // Rarest first: a posting list longer than the cap adds no new candidates once something rarer was used, and
        // re-ranks those reached when it is at most RefineFactor times the cap.
        void Traverse(ReadOnlySpan<int> list, float[] credits)
        {
            if (list.Length > cap && traversed > 0)
            {
                if (list.Length <= RefineFactor * cap)
                {
                    acc.Refine(list, credits);
                }
                return;
            }
            traversed++;
            acc.Add(list, credits);
        }

        void Consider(int key, double sim, int form) =>
            Credit(keyCredits, key, form, forms, sim / mass[form] * Math.Log(1 + ((double)n / keyDf[key])) * keyWeights[key]);

        double TokenMass(int form, int token)
        {
            var f = q.Forms[form];
            return (f.Ids[token] >= 0 ? Math.Log(1 + ((double)n / keyDf[f.Ids[token]])) : maxIdf) * f.Weights[token];
        }

        void ConsiderPair(long pair, int form)
        {
            if (pairIds.TryGetValue(pair, out var pid))
            {
                Credit(pairCredits, pair, form, forms, Math.Log(1 + ((double)n / (pairStart[pid + 1] - pairStart[pid]))) / mass[form]);
            }
        }
    }

    /// <summary>Keeps, per form, the largest credit a key or pair is offered (a key may be reached several ways).</summary>
    private static void Credit<TKey>(Dictionary<TKey, float[]> credits, TKey key, int form, int forms, double credit)
        where TKey : notnull
    {
        if (!credits.TryGetValue(key, out var perForm))
        {
            credits[key] = perForm = new float[forms];
        }
        perForm[form] = Math.Max(perForm[form], (float)credit);
    }

    internal static long PairKey(int first, int second) => ((long)first << 32) | (uint)second;

    internal string Key(int id) => keys[id];

    internal int KeyId(string key) => keyIds.TryGetValue(key, out var id) ? id : -1;

    internal int KeyId(ReadOnlySpan<char> key) => keyLookup.TryGetValue(key, out var id) ? id : -1;

    internal double Weight(int id) => keyWeights[id];

    internal ulong Mask(int id) => keyMasks[id];

    internal int FormStart(int entity) => formStart[entity];

    internal int FormEnd(int entity) => formStart[entity + 1];

    internal FormKind KindOf(int form) => formKind[form];

    internal int NameOf(int form) => formName[form];

    internal ReadOnlySpan<int> TokensOf(int form) => tokens.AsSpan(tokenStart[form], tokenStart[form + 1] - tokenStart[form]);

    internal ScreeningEntity EntityAt(int i) => entities[i];

    internal int[] WeakAliasEntities(string compact) => weakAliases.TryGetValue(compact, out var e) ? e : [];

    internal int[] IdentifierEntities(string key) => identifierIndex.TryGetValue(key, out var e) ? e : [];

    /// <summary>Vocabulary keys within the allowed edits of <paramref name="key"/> (q-gram filter, then verified).</summary>
    internal List<(int Key, double Sim, int Edits)> Fuzzy(string key)
    {
        var found = new List<(int, double, int)>();
        var maxEdits = Similarity.MaxEdits(key.Length);
        if (maxEdits == 0 || NameAnalyzer.IsCjkKey(key))
        {
            return found;
        }
        var grams = Trigrams(key);
        var counter = counters.Value!;
        var counts = counter.Counts;
        var touched = counter.Touched;
        var skipped = 0;
        var distinct = 0;
        for (var g = 0; g < grams.Count; g++)
        {
            if (grams.IndexOf(grams[g]) != g)
            {
                continue;
            }
            distinct++;
            if (!trigramIds.TryGetValue(grams[g], out var t))
            {
                continue;
            }
            var from = trigramStart[t];
            var to = trigramStart[t + 1];
            if (to - from > TrigramCap)
            {
                skipped++;
                continue;
            }
            for (var p = from; p < to; p++)
            {
                var k = trigramKeys[p];
                if (Math.Abs(keyLengths[k] - key.Length) > maxEdits)
                {
                    continue;
                }
                if (counts[k]++ == 0)
                {
                    touched.Add(k);
                }
            }
        }
        var need = Math.Max(1, distinct - (3 * maxEdits) - skipped);
        var querySyllable = Syllables.Contains(key);
        foreach (var k in touched)
        {
            if (counts[k] >= need && !(querySyllable && Syllables.Contains(keys[k])))
            {
                var sim = Similarity.Of(key, keys[k], out var d);
                if (sim > 0 && d > 0)
                {
                    found.Add((k, sim, d));
                }
            }
            counts[k] = 0;
        }
        touched.Clear();
        return found;
    }

    private sealed class Counter(int size)
    {
        public int[] Counts { get; } = new int[size];
        public List<int> Touched { get; } = [];
    }

    internal static List<long> Trigrams(string key)
    {
        var padded = string.Concat("\u0002", key, "\u0003");
        var list = new List<long>(padded.Length);
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            list.Add(((long)padded[i] << 32) | ((long)padded[i + 1] << 16) | padded[i + 2]);
        }
        return list;
    }

    /// <summary>
    /// A per-thread score accumulator: for each entity reached, one sum per query form, so that an entity is ranked by
    /// its best form (as the scorer takes the best name pair) and not by the same evidence counted once per form.
    /// Memory grows with the entities reached, not with the list.
    /// </summary>
    private sealed class Accumulator(int size)
    {
        private readonly int[] slotOf = new int[size];
        private readonly List<int> touched = [];
        private float[] sums = new float[1024];
        private float[] best = [];
        private int forms = 1;

        public void Reset(int formCount)
        {
            foreach (var e in touched)
            {
                slotOf[e] = 0;
            }
            Array.Clear(sums, 0, Math.Min(sums.Length, touched.Count * forms));
            touched.Clear();
            forms = Math.Max(1, formCount);
        }

        /// <summary>Adds credits only to entities already reached (a frequent key re-ranks, it does not widen).</summary>
        public void Refine(ReadOnlySpan<int> entities, float[] credits) => Add(entities, credits, widen: false);

        /// <summary>Adds credits to each of <paramref name="entities"/>, reaching those not reached yet.</summary>
        public void Add(ReadOnlySpan<int> entities, float[] credits) => Add(entities, credits, widen: true);

        private void Add(ReadOnlySpan<int> entities, float[] credits, bool widen)
        {
            // Most keys come from one form: then one column is added to, without looping over the others.
            var only = -1;
            for (var f = 0; f < forms; f++)
            {
                if (credits[f] != 0)
                {
                    only = only == -1 ? f : -2;
                }
            }
            if (only == -1)
            {
                return;
            }
            foreach (var e in entities)
            {
                var slot = slotOf[e];
                if (slot == 0)
                {
                    if (!widen)
                    {
                        continue;
                    }
                    touched.Add(e);
                    slot = slotOf[e] = touched.Count;
                    if (slot * forms > sums.Length)
                    {
                        Array.Resize(ref sums, Math.Max(sums.Length * 2, slot * forms));
                    }
                }
                var at = (slot - 1) * forms;
                if (only >= 0)
                {
                    sums[at + only] += credits[only];
                    continue;
                }
                for (var f = 0; f < forms; f++)
                {
                    sums[at + f] += credits[f];
                }
            }
        }

        /// <summary>The <paramref name="limit"/> best entities by their best form, best first (ties: lower index first).</summary>
        public List<int> Top(int limit)
        {
            if (best.Length < touched.Count)
            {
                best = new float[Math.Max(touched.Count, best.Length * 2)];
            }
            for (var i = 0; i < touched.Count; i++)
            {
                var max = 0f;
                for (var f = 0; f < forms; f++)
                {
                    max = Math.Max(max, sums[(i * forms) + f]);
                }
                best[i] = max;
            }
            // One pass keeping the best `limit` slots in a small array with its current minimum: most entries lose to
            // the minimum at once, so this is O(touched) rather than a heap operation per entry.
            var top = new int[Math.Min(limit, touched.Count)];
            var filled = 0;
            var minAt = 0;
            for (var i = 0; i < touched.Count; i++)
            {
                if (filled < top.Length)
                {
                    top[filled++] = i;
                    if (filled == top.Length)
                    {
                        minAt = MinAt(top);
                    }
                    continue;
                }
                if (Better(i, top[minAt]))
                {
                    top[minAt] = i;
                    minAt = MinAt(top);
                }
            }
            Array.Sort(top, (a, b) => Better(a, b) ? -1 : Better(b, a) ? 1 : 0);
            return [.. top.Select(i => touched[i])];
        }

        private bool Better(int a, int b) => best[a] > best[b] || (best[a] == best[b] && touched[a] < touched[b]);

        private int MinAt(int[] top)
        {
            var at = 0;
            for (var i = 1; i < top.Length; i++)
            {
                if (Better(top[at], top[i]))
                {
                    at = i;
                }
            }
            return at;
        }
    }

    internal sealed class Built
    {
        public required Dictionary<string, int> KeyIds { get; init; }
        public required string[] Keys { get; init; }
        public required float[] KeyWeights { get; init; }
        public required int[] KeyDf { get; init; }
        public required int[] FormStart { get; init; }
        public required int[] TokenStart { get; init; }
        public required FormKind[] FormKind { get; init; }
        public required short[] FormName { get; init; }
        public required int[] Tokens { get; init; }
        public required int[] PostingStart { get; init; }
        public required int[] Postings { get; init; }
        public required Dictionary<long, int> TrigramIds { get; init; }
        public required int[] TrigramStart { get; init; }
        public required int[] TrigramKeys { get; init; }
        public required Dictionary<string, int[]> WeakAliases { get; init; }
        public required Dictionary<string, int[]> Identifiers { get; init; }
        public required Dictionary<string, int> EntityIndex { get; init; }
        public required int NameCount { get; init; }
        public required Dictionary<long, int> PairIds { get; init; }
        public required int[] PairStart { get; init; }
        public required int[] PairPostings { get; init; }
    }

    internal static string Format(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
