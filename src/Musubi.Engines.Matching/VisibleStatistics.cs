using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Musubi.Engines.Matching;

/// <summary>
/// BM25 statistics over the documents one reader may see. Lucene's own statistics (document frequency, number of
/// documents, average field length) count every document in the index, so a hidden record would shift the scores
/// of visible ones — and adding a hidden supplier would reorder a ranking. This class counts them over the visible
/// documents only; a document's own length comes from its norm, which depends on nothing else. When the reader
/// sees every access key in the index, Lucene's statistics are used as they are.
/// </summary>
internal sealed class VisibleStatistics
{
    private readonly DirectoryReader reader;
    private readonly AtomicReader? leaf;
    private readonly int[] keyIndexByDoc;
    private readonly (int Key, int PartKey)[] keys;
    private readonly Dictionary<string, FieldStats[]> byField = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads every document's access keys and every field's per-key totals once (the index has one segment). A document
    /// is visible when the reader may see its <paramref name="keyField"/> and, when given, its <paramref name="partKeyField"/>.
    /// </summary>
    public VisibleStatistics(DirectoryReader reader, string keyField, string? partKeyField, IEnumerable<string> fields)
    {
        this.reader = reader;
        leaf = reader.Leaves.Count == 0 ? null : reader.Leaves[0].AtomicReader;
        var maxDoc = reader.MaxDoc;
        keyIndexByDoc = new int[maxDoc];
        var keyList = new List<(int, int)>();
        var keyIds = new Dictionary<(int, int), int>();
        var values = leaf?.GetNumericDocValues(keyField);
        var partValues = partKeyField is null ? null : leaf?.GetNumericDocValues(partKeyField);
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
        }

        keys = [.. keyList];
        foreach (var field in fields)
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
                        length[d] += docs.Freq;
                        distinct[d]++;
                    }
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
    }

    /// <summary>A searcher whose BM25 statistics count only the documents whose access keys <paramref name="canSee"/> accepts.</summary>
    public IndexSearcher Searcher(Func<int, bool> canSee)
    {
        var visible = new bool[keys.Length];
        var all = true;
        for (var k = 0; k < keys.Length; k++)
        {
            visible[k] = canSee(keys[k].Key) && canSee(keys[k].PartKey);
            all &= visible[k];
        }

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
        {
            long docFreq = 0, totalTermFreq = 0;
            var terms = owner.leaf?.GetTerms(term.Field);
            if (terms is not null)
            {
                var termsEnum = terms.GetEnumerator();
                if (termsEnum.SeekExact(term.Bytes))
                {
                    var docs = termsEnum.Docs(null, null, DocsFlags.FREQS);
                    int d;
                    while ((d = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                    {
                        if (visible[owner.keyIndexByDoc[d]])
                        {
                            docFreq++;
                            totalTermFreq += docs.Freq;
                        }
                    }
                }
            }

            return new TermStatistics(term.Bytes, docFreq, totalTermFreq);
        }

        public override CollectionStatistics CollectionStatistics(string field)
        {
            if (!owner.byField.TryGetValue(field, out var stats))
            {
                return base.CollectionStatistics(field);
            }

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
    }
}
