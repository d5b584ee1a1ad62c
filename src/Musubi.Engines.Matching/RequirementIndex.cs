using System.Buffers;
using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace Musubi.Engines.Matching;

/// <summary>
/// The board's requirements in an in-memory Lucene index (English and Japanese fields), with per-requirement
/// facet values and access keys, an inverted capability map for reverse matching, and lookup by id.
/// </summary>
/// <remarks>
/// Each requirement is one Lucene document carrying its position and access key as numeric doc values. A search
/// runs the text query (or match-all) once with a collector that reads the access key of every hit and keeps only
/// the visible ones; filters, facets (each with its own filter left out), sorting and paging then work on those
/// hits with per-requirement values held in arrays. Totals and facet counts therefore never include a
/// requirement the reader may not see.
/// </remarks>
public sealed class RequirementIndex : IDisposable
{
    internal const string TitleEn = "title_en";
    internal const string DescriptionEn = "description_en";
    internal const string TitleJa = "title_ja";
    internal const string DescriptionJa = "description_ja";
    internal const string CapabilityEn = "capability_en";
    internal const string CapabilityJa = "capability_ja";
    internal const string Program = "program";
    internal const string FieldOrd = "ord";
    internal const string FieldKey = "key";

    /// <summary>The facet names, in the order <see cref="BoardHits.Facets"/> lists them.</summary>
    public static IReadOnlyList<string> FacetNames { get; } = ["program", "nation", "capability", "fundingStatus", "contractingPath", "status", "needByYear"];

    /// <summary>The sort orders <see cref="Search"/> accepts.</summary>
    public static IReadOnlyList<string> SortOrders { get; } = ["relevance", "needBy", "-needBy", "published", "title"];

    internal static readonly (string Field, float Boost)[] EnglishFields = [(TitleEn, 2f), (DescriptionEn, 1f), (CapabilityEn, 1f), (Program, 1f)];
    internal static readonly (string Field, float Boost)[] JapaneseFields = [(TitleJa, 2f), (DescriptionJa, 1f), (CapabilityJa, 1f)];

    private const int FProgram = 0, FNation = 1, FCapability = 2, FFunding = 3, FPath = 4, FStatus = 5, FYear = 6;

    private readonly RequirementDocument[] docs;
    private readonly Dictionary<string, int> byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> byCode;
    private readonly FacetColumn[] columns;
    private readonly int[] needByRank;
    private readonly int[] needByDescRank;
    private readonly int[] publishedRank;
    private readonly int[] titleRank;
    private readonly int[] idRank;
    private readonly int[] needByDay;
    private readonly Analyzer english = BilingualAnalysis.English();
    private readonly Analyzer japanese = BilingualAnalysis.Japanese();
    private readonly RAMDirectory directory = new();
    private readonly DirectoryReader reader;
    private readonly VisibleStatistics statistics;

    /// <summary>Builds the index.</summary>
    /// <param name="taxonomy">The capability taxonomy (labels are indexed; the capability filter matches narrower codes).</param>
    /// <param name="requirements">Every requirement, whatever the reader may see; access is applied per search.</param>
    /// <exception cref="MatchingInputException">A requirement without an id or title, or an id given twice (field <c>requirements[i]…</c>).</exception>
    public RequirementIndex(CapabilityTaxonomy taxonomy, IReadOnlyList<RequirementDocument> requirements)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        ArgumentNullException.ThrowIfNull(requirements);
        Taxonomy = taxonomy;
        docs = [.. requirements];
        var n = docs.Length;
        var codeLists = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            var r = docs[i] ?? throw new MatchingInputException($"requirements[{i}]", "A requirement is missing.");
            if (string.IsNullOrWhiteSpace(r.Id))
            {
                throw new MatchingInputException($"requirements[{i}].id", "A requirement needs an id.");
            }

            if (!byId.TryAdd(r.Id, i))
            {
                throw new MatchingInputException($"requirements[{i}].id", $"Requirement '{r.Id}' appears twice.");
            }

            foreach (var code in r.CapabilityCodes.Distinct(StringComparer.Ordinal))
            {
                if (!codeLists.TryGetValue(code, out var list))
                {
                    codeLists[code] = list = [];
                }

                list.Add(i);
            }
        }

        byCode = codeLists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        columns =
        [
            FacetColumn.Build(docs, r => r.ProgramId is null ? [] : [r.ProgramId]),
            FacetColumn.Build(docs, r => r.ProgramNations),
            FacetColumn.Build(docs, r => r.CapabilityCodes),
            FacetColumn.Build(docs, r => [r.FundingStatus]),
            FacetColumn.Build(docs, r => [r.ContractingPath]),
            FacetColumn.Build(docs, r => [r.Status]),
            FacetColumn.Build(docs, r => r.NeedBy is { } d ? [d.Year.ToString("D4", CultureInfo.InvariantCulture)] : []),
        ];

        needByDay = [.. docs.Select(r => r.NeedBy?.DayNumber ?? int.MaxValue)];
        idRank = Ranks(n, (a, b) => string.CompareOrdinal(docs[a].Id, docs[b].Id));
        needByRank = Ranks(n, (a, b) => Then((docs[a].NeedBy is null ? 1 : 0) - (docs[b].NeedBy is null ? 1 : 0), Nullable.Compare(docs[a].NeedBy, docs[b].NeedBy), idRank[a] - idRank[b]));
        needByDescRank = Ranks(n, (a, b) => Then((docs[a].NeedBy is null ? 1 : 0) - (docs[b].NeedBy is null ? 1 : 0), Nullable.Compare(docs[b].NeedBy, docs[a].NeedBy), idRank[a] - idRank[b]));
        publishedRank = Ranks(n, (a, b) => Then((docs[a].PublishedOn is null ? 1 : 0) - (docs[b].PublishedOn is null ? 1 : 0), Nullable.Compare(docs[b].PublishedOn, docs[a].PublishedOn), idRank[a] - idRank[b]));
        titleRank = Ranks(n, (a, b) => Then(StringComparer.OrdinalIgnoreCase.Compare(docs[a].Title, docs[b].Title), string.CompareOrdinal(docs[a].Title, docs[b].Title), idRank[a] - idRank[b]));

        var perField = new PerFieldAnalyzerWrapper(english, new Dictionary<string, Analyzer>
        {
            [TitleEn] = english,
            [DescriptionEn] = english,
            [CapabilityEn] = english,
            [Program] = english,
            [TitleJa] = japanese,
            [DescriptionJa] = japanese,
            [CapabilityJa] = japanese,
        });
        var config = new IndexWriterConfig(BilingualAnalysis.Version, perField)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 256,
        };
        using (var writer = new IndexWriter(directory, config))
        {
            for (var i = 0; i < n; i++)
            {
                var r = docs[i];
                var terms = r.CapabilityCodes.Select(taxonomy.Find).Where(t => t is not null).ToList();
                var doc = new Document
                {
                    new TextField(TitleEn, r.Title ?? string.Empty, Field.Store.NO),
                    new TextField(DescriptionEn, r.Description ?? string.Empty, Field.Store.NO),
                    new TextField(TitleJa, r.TitleJa ?? string.Empty, Field.Store.NO),
                    new TextField(DescriptionJa, r.DescriptionJa ?? string.Empty, Field.Store.NO),
                    new TextField(CapabilityEn, string.Join('\n', terms.Select(t => t!.LabelEn)), Field.Store.NO),
                    new TextField(CapabilityJa, string.Join('\n', terms.Select(t => t!.LabelJa ?? string.Empty)), Field.Store.NO),
                    new TextField(Program, r.ProgramName ?? string.Empty, Field.Store.NO),
                    new NumericDocValuesField(FieldOrd, i),
                    new NumericDocValuesField(FieldKey, r.AccessKey),
                };
                writer.AddDocument(doc);
            }

            writer.ForceMerge(1);
            writer.Commit();
        }

        reader = DirectoryReader.Open(directory);
        statistics = new VisibleStatistics(reader, n, FieldOrd, FieldKey, null, [TitleEn, DescriptionEn, TitleJa, DescriptionJa, CapabilityEn, CapabilityJa, Program]);
    }

    /// <summary>Number of requirements.</summary>
    public int Count => docs.Length;

    /// <summary>The taxonomy the index was built with.</summary>
    public CapabilityTaxonomy Taxonomy { get; }

    /// <summary>The requirements, in the order given.</summary>
    public IReadOnlyList<RequirementDocument> Requirements => docs;

    internal RequirementDocument this[int ordinal] => docs[ordinal];

    internal Analyzer EnglishAnalyzer => english;

    internal Analyzer JapaneseAnalyzer => japanese;

    /// <summary>The requirement with this id (whatever its access key), or null.</summary>
    public RequirementDocument? Get(string id) => id is not null && byId.TryGetValue(id, out var i) ? docs[i] : null;

    /// <summary>Ordinals of the requirements that name exactly this code (whatever their access).</summary>
    internal int[] WithCode(string code) => byCode.TryGetValue(code, out var list) ? list : [];

    /// <summary>Adds each candidate requirement's BM25 for the weighted terms (statistics over the visible requirements) to its entry of <paramref name="raw"/>.</summary>
    internal void Score(Func<int, bool> canSee, IEnumerable<(string Field, string Term, float Boost)> query, IReadOnlyList<int> candidates, double[] raw)
        => statistics.ScoreCandidates(canSee, query, candidates, raw);

    /// <summary>Board search: text, filters, facets, sort and paging over the requirements the reader may see.</summary>
    /// <param name="query">The search.</param>
    /// <returns>The visible hits' total, the requested page and the facets (each facet counted with its own filter left out).</returns>
    /// <exception cref="MatchingInputException"><c>limit</c> outside 1–500, <c>offset</c> below 0, an unknown <c>sort</c>, or <c>needTo</c> before <c>needFrom</c>.</exception>
    public BoardHits Search(BoardQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > 500)
        {
            throw new MatchingInputException("limit", "Limit must be between 1 and 500.");
        }

        if (query.Offset < 0)
        {
            throw new MatchingInputException("offset", "Offset must be 0 or more.");
        }

        if (query.Sort is not null && !SortOrders.Contains(query.Sort, StringComparer.Ordinal))
        {
            throw new MatchingInputException("sort", $"Sort must be one of {string.Join(", ", SortOrders)}.");
        }

        if (query.NeedFrom is { } from && query.NeedTo is { } to && to < from)
        {
            throw new MatchingInputException("needTo", "The need-by window ends before it starts.");
        }

        var hasText = !string.IsNullOrWhiteSpace(query.Text);
        var sort = query.Sort ?? (hasText ? "relevance" : "needBy");
        var canSee = query.CanSee ?? (_ => true);

        // 1. The text query (or every document), keeping the visible hits only. The hit buffer comes from the shared
        // pool (100,000 hits would be a large-object allocation per search).
        var hits = new HitBuffer(ArrayPool<(int Ord, float Score)>.Shared.Rent(Math.Max(1, statistics.MaxDoc)));
        try
        {
            return SearchInto(query, hasText, sort, canSee, hits);
        }
        finally
        {
            ArrayPool<(int Ord, float Score)>.Shared.Return(hits.Items);
        }
    }

    private BoardHits SearchInto(BoardQuery query, bool hasText, string sort, Func<int, bool> canSee, HitBuffer hits)
    {
        Query? lucene;
        if (hasText)
        {
            var en = new Dictionary<string, int>(StringComparer.Ordinal);
            var ja = new Dictionary<string, int>(StringComparer.Ordinal);
            LuceneText.AddTerms(english, TitleEn, query.Text, en);
            LuceneText.AddTerms(japanese, TitleJa, query.Text, ja);
            var both = new BooleanQuery(disableCoord: true);
            if (LuceneText.Disjunction(en, EnglishFields, LuceneText.MaxTerms) is { } eq)
            {
                both.Add(eq, Occur.SHOULD);
            }

            if (LuceneText.Disjunction(ja, JapaneseFields, LuceneText.MaxTerms) is { } jq)
            {
                both.Add(jq, Occur.SHOULD);
            }

            lucene = both.Clauses.Count == 0 ? null : both;
        }
        else
        {
            lucene = new MatchAllDocsQuery();
        }

        if (lucene is not null)
        {
            statistics.Searcher(canSee).Search(lucene, new VisibleCollector(canSee, hits));
        }

        // 2. Which filters each hit fails (a bit per facet's filter).
        var filters = new bool[]?[7];
        filters[FProgram] = columns[FProgram].Allowed(query.Programs);
        filters[FNation] = columns[FNation].Allowed(query.Nations);
        filters[FCapability] = columns[FCapability].Allowed(query.Capabilities?.SelectMany(c => Taxonomy.SelfAndNarrower(c)).ToList());
        filters[FFunding] = columns[FFunding].Allowed(query.FundingStatuses);
        filters[FPath] = columns[FPath].Allowed(query.ContractingPaths);
        filters[FStatus] = columns[FStatus].Allowed(query.Statuses);
        var fromDay = query.NeedFrom?.DayNumber;
        var toDay = query.NeedTo?.DayNumber;

        var counts = new int[7][];
        for (var f = 0; f < 7; f++)
        {
            counts[f] = new int[columns[f].Values.Length];
        }

        var kept = 0;
        for (var h = 0; h < hits.Count; h++)
        {
            var hit = hits.Items[h];
            var mask = 0;
            for (var f = 0; f < 6; f++)
            {
                if (filters[f] is { } allowed && !columns[f].Any(hit.Ord, allowed))
                {
                    mask |= 1 << f;
                }
            }

            if ((fromDay is not null || toDay is not null) && !InWindow(needByDay[hit.Ord], fromDay, toDay))
            {
                mask |= 1 << FYear;
            }

            if (mask == 0)
            {
                hits.Items[kept++] = hit; // compacted in place: kept ≤ h
            }

            for (var f = 0; f < 7; f++)
            {
                if ((mask & ~(1 << f)) == 0)
                {
                    columns[f].Count(hit.Ord, counts[f]);
                }
            }
        }

        // 3. Sort and page.
        var page = Sort(hits.Items.AsSpan(0, kept), sort, query.Offset, query.Limit);
        var facets = new Dictionary<string, IReadOnlyList<FacetValue>>(StringComparer.Ordinal);
        for (var f = 0; f < 7; f++)
        {
            var values = columns[f].Values;
            var list = new List<FacetValue>();
            for (var v = 0; v < values.Length; v++)
            {
                if (counts[f][v] > 0)
                {
                    list.Add(new FacetValue(values[v], counts[f][v]));
                }
            }

            list.Sort((a, b) => Then(b.Count.CompareTo(a.Count), string.CompareOrdinal(a.Value, b.Value)));
            facets[FacetNames[f]] = list;
        }

        return new BoardHits(kept, page, facets);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        reader.Dispose();
        directory.Dispose();
        english.Dispose();
        japanese.Dispose();
    }

    private static bool InWindow(int day, int? from, int? to)
        => day != int.MaxValue && (from is null || day >= from) && (to is null || day <= to);

    private List<BoardHit> Sort(Span<(int Ord, float Score)> items, string sort, int offset, int limit)
    {
        if (offset >= items.Length)
        {
            return [];
        }

        switch (sort)
        {
            case "relevance":
                items.Sort((a, b) => Then(b.Score.CompareTo(a.Score), idRank[a.Ord] - idRank[b.Ord]));
                break;
            default:
                var rank = sort switch
                {
                    "needBy" => needByRank,
                    "-needBy" => needByDescRank,
                    "published" => publishedRank,
                    _ => titleRank,
                };
                var keys = ArrayPool<int>.Shared.Rent(items.Length);
                try
                {
                    for (var i = 0; i < items.Length; i++)
                    {
                        keys[i] = rank[items[i].Ord];
                    }

                    keys.AsSpan(0, items.Length).Sort(items);
                }
                finally
                {
                    ArrayPool<int>.Shared.Return(keys);
                }

                break;
        }

        var end = Math.Min(items.Length, offset + limit);
        var page = new List<BoardHit>(end - offset);
        for (var i = offset; i < end; i++)
        {
            page.Add(new BoardHit(docs[items[i].Ord].Id, items[i].Score));
        }

        return page;
    }

    private static int Then(params ReadOnlySpan<int> comparisons)
    {
        foreach (var c in comparisons)
        {
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }

    private static int[] Ranks(int n, Comparison<int> order)
    {
        var ords = Enumerable.Range(0, n).ToArray();
        Array.Sort(ords, order);
        var rank = new int[n];
        for (var i = 0; i < n; i++)
        {
            rank[ords[i]] = i;
        }

        return rank;
    }

    /// <summary>One facet's distinct values and, per requirement, the ids of its values.</summary>
    private sealed class FacetColumn
    {
        private readonly Dictionary<string, int> ids;
        private readonly int[][] perDoc;

        private FacetColumn(string[] values, Dictionary<string, int> ids, int[][] perDoc)
        {
            Values = values;
            this.ids = ids;
            this.perDoc = perDoc;
        }

        public string[] Values { get; }

        public static FacetColumn Build(RequirementDocument[] docs, Func<RequirementDocument, IReadOnlyList<string>> values)
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var names = new List<string>();
            var perDoc = new int[docs.Length][];
            for (var i = 0; i < docs.Length; i++)
            {
                var own = values(docs[i]);
                var list = new List<int>(own.Count);
                foreach (var v in own)
                {
                    if (string.IsNullOrEmpty(v))
                    {
                        continue;
                    }

                    if (!ids.TryGetValue(v, out var id))
                    {
                        ids[v] = id = names.Count;
                        names.Add(v);
                    }

                    if (!list.Contains(id))
                    {
                        list.Add(id);
                    }
                }

                perDoc[i] = [.. list];
            }

            return new FacetColumn([.. names], ids, perDoc);
        }

        /// <summary>Which value ids a filter allows, or null when the filter is not set.</summary>
        public bool[]? Allowed(IReadOnlyList<string>? filter)
        {
            if (filter is null || filter.Count == 0)
            {
                return null;
            }

            var allowed = new bool[Values.Length];
            foreach (var v in filter)
            {
                if (v is not null && ids.TryGetValue(v, out var id))
                {
                    allowed[id] = true;
                }
            }

            return allowed;
        }

        public bool Any(int ord, bool[] allowed)
        {
            foreach (var id in perDoc[ord])
            {
                if (allowed[id])
                {
                    return true;
                }
            }

            return false;
        }

        public void Count(int ord, int[] counts)
        {
            foreach (var id in perDoc[ord])
            {
                counts[id]++;
            }
        }
    }

    /// <summary>Keeps the hits the reader may see: each hit's access key is read from doc values.</summary>
    /// <summary>Collected hits in a pooled array.</summary>
    private sealed class HitBuffer((int Ord, float Score)[] items)
    {
        public (int Ord, float Score)[] Items { get; } = items;

        public int Count { get; set; }

        public void Add((int Ord, float Score) hit) => Items[Count++] = hit;
    }

    private sealed class VisibleCollector(Func<int, bool> canSee, HitBuffer hits) : ICollector
    {
        private readonly Dictionary<int, bool> verdicts = [];
        private Scorer? scorer;
        private NumericDocValues? ords;
        private NumericDocValues? keys;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) => this.scorer = scorer;

        public void SetNextReader(AtomicReaderContext context)
        {
            ords = context.AtomicReader.GetNumericDocValues(FieldOrd);
            keys = context.AtomicReader.GetNumericDocValues(FieldKey);
        }

        public void Collect(int doc)
        {
            var ord = (int)ords!.Get(doc);
            var key = (int)keys!.Get(doc);
            if (!verdicts.TryGetValue(key, out var visible))
            {
                verdicts[key] = visible = canSee(key);
            }

            if (visible)
            {
                hits.Add((ord, scorer!.GetScore()));
            }
        }
    }
}
