using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Musubi.Engines.Matching;

/// <summary>
/// BM25 statistics over the documents one reader may see, and the map from an index's own ordinals to Lucene documents.
/// Lucene's statistics (document frequency, number of documents, average field length) count every document in the
/// index, so a hidden record would shift the scores of visible ones — and adding a hidden supplier would reorder a
/// ranking. This class counts them per access key once, when the index is built (one pass over the postings), and
/// sums the keys the reader may see at query time; a document's own length comes from its norm, which depends on
/// nothing else. When the reader sees every key in the index, Lucene's statistics are used as they are (they are equal).
/// </summary>
internal sealed class VisibleStatistics
{
    private readonly DirectoryReader reader;
    private readonly int[] keyIndexByDoc;
    private readonly (int Key, int PartKey)[] keys;
    private readonly int[][] docsByOrd;
    private readonly Dictionary<string, FieldStats[]> byField = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Field, string Term), TermCounts> byTerm = [];

    /// <summary>
    /// Reads every document's ordinal and access keys and every field's per-key totals once (the index has one segment).
    /// A document is visible when the reader may see its <paramref name="keyField"/> and, when given, its <paramref name="partKeyField"/>.
    /// </summary>
    public VisibleStatistics(DirectoryReader reader, int ordinals, string ordField, string keyField, string? partKeyField, IEnumerable<string> fields)
    {
        this.reader = reader;
        var leaf = reader.Leaves.Count == 0 ? null : reader.Leaves[0].AtomicReader;
        var maxDoc = reader.MaxDoc;
        keyIndexByDoc = new int[maxDoc];
        var keyList = new List<(int, int)>();
        var keyIds = new Dictionary<(int, int), int>();
        var values = leaf?.GetNumericDocValues(keyField);
        var partValues = partKeyField is null ? null : leaf?.GetNumericDocValues(partKeyField);
        var ords = leaf?.GetNumericDocValues(ordField);
        var docLists = new List<int>?[ordinals];
        for (var d = 0; d < maxDoc; d++)
        {
            var k = (int)(values?.Get(d) ?? 0);
            var key = (k, partValues is null ? k : (int)partValues.Get(d));
            if (!keyIds.TryGetValue(key, out var id))
            {
                keyIds[key] = id = keyList.Count;
                keyList.Add(key);
            }

            keyIndexByDoc[d] = id;
            var ord = (int)(ords?.Get(d) ?? 0);
            (docLists[ord] ??= []).Add(d);
        }

        keys = [.. keyList];
        // A facility's documents in key order, so its summed score does not depend on where merging put them.
        docsByOrd = [.. docLists.Select(l => l is null ? [] : l.OrderBy(d => keyList[keyIndexByDoc[d]]).ThenBy(d => d).ToArray())];
        var df = new int[keys.Length];
        var ttf = new long[keys.Length];
        var touched = new List<int>();
        var nextId = 0;
        var entriesPerDoc = new int[maxDoc];
        var fieldList = fields.ToList();
        foreach (var field in fieldList)
        {
            var stats = new FieldStats[keys.Length];
            for (var d = 0; d < maxDoc; d++)
            {
                stats[keyIndexByDoc[d]].MaxDoc++;
            }

            var terms = leaf?.GetTerms(field);
            if (terms is not null)
            {
                var length = new long[maxDoc];
                var distinct = new long[maxDoc];
                var termsEnum = terms.GetEnumerator();
                DocsEnum? docs = null;
                while (termsEnum.MoveNext())
                {
                    docs = termsEnum.Docs(null, docs, DocsFlags.FREQS);
                    int d;
                    while ((d = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                    {
                        var freq = docs.Freq;
                        entriesPerDoc[d]++;
                        length[d] += freq;
                        distinct[d]++;
                        var k = keyIndexByDoc[d];
                        if (df[k] == 0)
                        {
                            touched.Add(k);
                        }

                        df[k]++;
                        ttf[k] += freq;
                    }

                    var counts = new TermCounts(nextId++, new int[touched.Count], new int[touched.Count], new long[touched.Count]);
                    for (var i = 0; i < touched.Count; i++)
                    {
                        var k = touched[i];
                        (counts.Keys[i], counts.DocFreq[i], counts.TotalTermFreq[i]) = (k, df[k], ttf[k]);
                        df[k] = 0;
                        ttf[k] = 0;
                    }

                    touched.Clear();
                    byTerm[(field, termsEnum.Term.Utf8ToString())] = counts;
                }

                for (var d = 0; d < maxDoc; d++)
                {
                    ref var s = ref stats[keyIndexByDoc[d]];
                    if (length[d] > 0)
                    {
                        s.DocCount++;
                        s.SumTotalTermFreq += length[d];
                        s.SumDocFreq += distinct[d];
                    }
                }
            }

            byField[field] = stats;
        }

        // The forward index: per document, its (term id, frequency) pairs, packed as id << 9 | min(freq, 511).
        docStart = new int[maxDoc + 1];
        for (var d = 0; d < maxDoc; d++)
        {
            docStart[d + 1] = docStart[d] + entriesPerDoc[d];
        }

        entries = new int[docStart[maxDoc]];
        var cursor = (int[])docStart.Clone();
        var termId = 0;
        foreach (var field in fieldList)
        {
            var terms = leaf?.GetTerms(field);
            if (terms is null)
            {
                continue;
            }

            var termsEnum = terms.GetEnumerator();
            DocsEnum? docs = null;
            while (termsEnum.MoveNext())
            {
                if (termId >= 1 << 23)
                {
                    throw new MatchingInputException("text", "The index holds more than 8,388,608 distinct terms.");
                }

                docs = termsEnum.Docs(null, docs, DocsFlags.FREQS);
                int d;
                while ((d = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                {
                    var freq = docs.Freq;
                    if (freq >= FreqMask)
                    {
                        overflow[(d, termId)] = freq;
                    }

                    entries[cursor[d]++] = (termId << 9) | Math.Min(freq, FreqMask);
                }

                termId++;
            }
        }

        leafContext = reader.Leaves.Count == 0 ? null : reader.Leaves[0];
    }

    private const int FreqMask = 511;
    private readonly int[] docStart;
    private readonly int[] entries;
    private readonly Dictionary<(int Doc, int Term), int> overflow = [];
    private readonly AtomicReaderContext? leafContext;

    /// <summary>
    /// Lucene's BM25 (<see cref="Lucene.Net.Search.Similarities.BM25Similarity"/>: its weights, its per-document norms)
    /// of a disjunction of weighted terms, computed for the documents of the given ordinals only, with statistics over
    /// the visible documents — the same number a term-query disjunction would give those documents, without walking
    /// the posting lists of the whole index. Each visible document's score is added to its ordinal's entry of <paramref name="raw"/>.
    /// </summary>
    public void ScoreCandidates(Func<int, bool> canSee, IEnumerable<(string Field, string Term, float Boost)> query, IReadOnlyList<int> ordinals, double[] raw)
    {
        if (leafContext is null)
        {
            return;
        }

        var visible = Visible(canSee, out _);
        var boosts = new Dictionary<int, (string Field, string Term, float Boost, TermCounts Counts)>();
        foreach (var (field, term, boost) in query)
        {
            if (byTerm.TryGetValue((field, term), out var counts))
            {
                boosts[counts.Id] = boosts.TryGetValue(counts.Id, out var b) ? b with { Boost = b.Boost + boost } : (field, term, boost, counts);
            }
        }

        var similarity = new Lucene.Net.Search.Similarities.BM25Similarity();
        var index = new Dictionary<int, int>(boosts.Count);
        var scorers = new List<Lucene.Net.Search.Similarities.Similarity.SimScorer>(boosts.Count);
        foreach (var (id, (field, term, boost, counts)) in boosts)
        {
            var termStats = TermStats(term, counts, visible);
            if (termStats.DocFreq == 0)
            {
                continue;
            }

            var weight = similarity.ComputeWeight(boost, CollectionStats(field, visible), termStats);
            weight.Normalize(1f, 1f);
            index[id] = scorers.Count;
            scorers.Add(similarity.GetSimScorer(weight, leafContext));
        }

        if (scorers.Count == 0)
        {
            return;
        }

        foreach (var ord in ordinals)
        {
            foreach (var d in docsByOrd[ord])
            {
                if (!visible[keyIndexByDoc[d]])
                {
                    continue;
                }

                var score = 0.0;
                for (var e = docStart[d]; e < docStart[d + 1]; e++)
                {
                    var packed = entries[e];
                    if (index.TryGetValue(packed >> 9, out var q))
                    {
                        var freq = packed & FreqMask;
                        if (freq == FreqMask)
                        {
                            freq = overflow[(d, packed >> 9)];
                        }

                        score += scorers[q].Score(d, freq);
                    }
                }

                raw[ord] += score;
            }
        }
    }

    private bool[] Visible(Func<int, bool> canSee, out bool all)
    {
        var visible = new bool[keys.Length];
        all = true;
        for (var k = 0; k < keys.Length; k++)
        {
            visible[k] = canSee(keys[k].Key) && canSee(keys[k].PartKey);
            all &= visible[k];
        }

        return visible;
    }

    private static TermStatistics TermStats(string term, TermCounts counts, bool[] visible)
    {
        long docFreq = 0, totalTermFreq = 0;
        for (var i = 0; i < counts.Keys.Length; i++)
        {
            if (visible[counts.Keys[i]])
            {
                docFreq += counts.DocFreq[i];
                totalTermFreq += counts.TotalTermFreq[i];
            }
        }

        return new TermStatistics(new BytesRef(term), docFreq, totalTermFreq);
    }

    private CollectionStatistics CollectionStats(string field, bool[] visible)
    {
        var stats = byField[field];
        long maxDoc = 0, docCount = 0, sumTotalTermFreq = 0, sumDocFreq = 0;
        for (var k = 0; k < stats.Length; k++)
        {
            if (visible[k])
            {
                maxDoc += stats[k].MaxDoc;
                docCount += stats[k].DocCount;
                sumTotalTermFreq += stats[k].SumTotalTermFreq;
                sumDocFreq += stats[k].SumDocFreq;
            }
        }

        return new CollectionStatistics(field, maxDoc, docCount, sumTotalTermFreq, sumDocFreq);
    }

    /// <summary>The Lucene documents of one of the index's ordinals (a facility has one per access key of its text).</summary>
    public int[] DocsOf(int ordinal) => docsByOrd[ordinal];

    /// <summary>Number of Lucene documents.</summary>
    public int MaxDoc => reader.MaxDoc;

    /// <summary>A searcher whose BM25 statistics count only the documents whose access keys <paramref name="canSee"/> accepts.</summary>
    public IndexSearcher Searcher(Func<int, bool> canSee)
    {
        var visible = Visible(canSee, out var all);
        return all
            ? new IndexSearcher(reader) { Similarity = new Lucene.Net.Search.Similarities.BM25Similarity() }
            : new VisibleSearcher(this, visible);
    }

    private struct FieldStats
    {
        public long MaxDoc;
        public long DocCount;
        public long SumTotalTermFreq;
        public long SumDocFreq;
    }

    private sealed record TermCounts(int Id, int[] Keys, int[] DocFreq, long[] TotalTermFreq);

    private sealed class VisibleSearcher : IndexSearcher
    {
        private readonly VisibleStatistics owner;
        private readonly bool[] visible;

        public VisibleSearcher(VisibleStatistics owner, bool[] visible)
            : base(owner.reader)
        {
            this.owner = owner;
            this.visible = visible;
            Similarity = new Lucene.Net.Search.Similarities.BM25Similarity();
        }

        public override TermStatistics TermStatistics(Term term, TermContext context)
            => owner.byTerm.TryGetValue((term.Field, term.Text), out var counts)
                ? VisibleStatistics.TermStats(term.Text, counts, visible)
                : new TermStatistics(term.Bytes, 0, 0);

        public override CollectionStatistics CollectionStatistics(string field)
            => owner.byField.ContainsKey(field) ? owner.CollectionStats(field, visible) : base.CollectionStatistics(field);
    }
}
