using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace Musubi.Engines.Matching;

/// <summary>
/// The supplier facilities the matcher ranks, with an inverted capability map (code → facilities holding it) for
/// candidate lookup and an in-memory Lucene index of each facility's text for BM25 relevance.
/// </summary>
/// <remarks>
/// A facility's text is split by access key: one Lucene document holds the parts the reader sees under one key
/// (the organization and facility names under the facility's key, each capability's labels and evidence under the
/// capability's key, each engagement's program name under the engagement's key), and carries the facility's key
/// too. A document counts — for the score and for the BM25 statistics — only when the reader may see both keys, so
/// a hidden capability's evidence or a hidden facility never moves a visible score.
/// </remarks>
public sealed class SupplierIndex : IDisposable
{
    internal const string FieldEn = "en";
    internal const string FieldJa = "ja";
    internal const string FieldOrd = "ord";
    internal const string FieldKey = "key";
    internal const string FieldPartKey = "part_key";

    private readonly SupplierFacility[] facilities;
    private readonly Dictionary<string, int[]> byCode;
    private readonly Dictionary<string, int[]> byOrganization;
    private readonly TextPart[][] parts;
    private readonly Analyzer english = BilingualAnalysis.English();
    private readonly Analyzer japanese = BilingualAnalysis.Japanese();
    private readonly RAMDirectory directory = new();
    private readonly DirectoryReader reader;
    private readonly VisibleStatistics statistics;

    /// <summary>Builds the index.</summary>
    /// <param name="taxonomy">The capability taxonomy (labels are indexed as text).</param>
    /// <param name="facilities">Every facility of every organization, whatever the reader may see; access is applied per ranking.</param>
    /// <exception cref="MatchingInputException">A facility without ids or country, or a facility id given twice (field <c>facilities[i]…</c>).</exception>
    public SupplierIndex(CapabilityTaxonomy taxonomy, IReadOnlyList<SupplierFacility> facilities)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        ArgumentNullException.ThrowIfNull(facilities);
        Taxonomy = taxonomy;
        this.facilities = [.. facilities];
        Facilities = this.facilities;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var codeLists = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var orgLists = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        parts = new TextPart[this.facilities.Length][];
        for (var i = 0; i < this.facilities.Length; i++)
        {
            var f = this.facilities[i] ?? throw new MatchingInputException($"facilities[{i}]", "A facility is missing.");
            if (string.IsNullOrWhiteSpace(f.OrganizationId))
            {
                throw new MatchingInputException($"facilities[{i}].organizationId", "A facility needs its organization's id.");
            }

            if (string.IsNullOrWhiteSpace(f.FacilityId))
            {
                throw new MatchingInputException($"facilities[{i}].facilityId", "A facility needs an id.");
            }

            if (string.IsNullOrWhiteSpace(f.Country))
            {
                throw new MatchingInputException($"facilities[{i}].country", "A facility needs a country.");
            }

            if (!seen.Add(f.FacilityId))
            {
                throw new MatchingInputException($"facilities[{i}].facilityId", $"Facility '{f.FacilityId}' appears twice.");
            }

            if (!orgLists.TryGetValue(f.OrganizationId, out var orgList))
            {
                orgLists[f.OrganizationId] = orgList = [];
            }

            orgList.Add(i);
            foreach (var code in f.Capabilities.Select(c => c.Code).Distinct(StringComparer.Ordinal))
            {
                if (!codeLists.TryGetValue(code, out var list))
                {
                    codeLists[code] = list = [];
                }

                list.Add(i);
            }

            parts[i] = BuildParts(taxonomy, f);
        }

        byCode = codeLists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
        byOrganization = orgLists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);

        var perField = new PerFieldAnalyzerWrapper(english, new Dictionary<string, Analyzer> { [FieldEn] = english, [FieldJa] = japanese });
        var config = new IndexWriterConfig(BilingualAnalysis.Version, perField)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 256,
        };
        using (var writer = new IndexWriter(directory, config))
        {
            for (var i = 0; i < parts.Length; i++)
            {
                foreach (var part in parts[i])
                {
                    var doc = new Document
                    {
                        new TextField(FieldEn, part.English, Field.Store.NO),
                        new TextField(FieldJa, part.Japanese, Field.Store.NO),
                        new NumericDocValuesField(FieldOrd, i),
                        new NumericDocValuesField(FieldKey, this.facilities[i].AccessKey),
                        new NumericDocValuesField(FieldPartKey, part.Key),
                    };
                    writer.AddDocument(doc);
                }
            }

            writer.ForceMerge(1);
            writer.Commit();
        }

        reader = DirectoryReader.Open(directory);
        statistics = new VisibleStatistics(reader, this.facilities.Length, FieldOrd, FieldKey, FieldPartKey, [FieldEn, FieldJa]);
    }

    /// <summary>Number of facilities.</summary>
    public int Count => facilities.Length;

    /// <summary>The taxonomy the index was built with.</summary>
    public CapabilityTaxonomy Taxonomy { get; }

    /// <summary>The facilities, in the order given.</summary>
    public IReadOnlyList<SupplierFacility> Facilities { get; }

    internal SupplierFacility this[int ordinal] => facilities[ordinal];

    internal Analyzer EnglishAnalyzer => english;

    internal Analyzer JapaneseAnalyzer => japanese;

    /// <summary>Ordinals of the facilities holding exactly this code (whatever their access).</summary>
    internal int[] WithCode(string code) => byCode.TryGetValue(code, out var list) ? list : [];

    /// <summary>Ordinals of the organization's facilities (whatever their access).</summary>
    internal int[] OfOrganization(string organizationId) => byOrganization.TryGetValue(organizationId, out var list) ? list : [];

    /// <summary>The facility's text parts, each under its access key.</summary>
    internal TextPart[] PartsOf(int ordinal) => parts[ordinal];

    /// <summary>
    /// Adds each candidate facility's BM25 (Lucene's <c>BM25Similarity</c>, statistics over the visible documents) for
    /// the weighted terms to its entry of <paramref name="raw"/>, summed over the facility's visible documents.
    /// </summary>
    internal void Score(Func<int, bool> canSee, IEnumerable<(string Field, string Term, float Boost)> query, IReadOnlyList<int> candidates, double[] raw)
        => statistics.ScoreCandidates(canSee, query, candidates, raw);

    /// <inheritdoc />
    public void Dispose()
    {
        reader.Dispose();
        directory.Dispose();
        english.Dispose();
        japanese.Dispose();
    }

    private static TextPart[] BuildParts(CapabilityTaxonomy taxonomy, SupplierFacility f)
    {
        var byKey = new SortedDictionary<int, (List<string> En, List<string> Ja)>();
        void Add(int key, string? en, string? ja)
        {
            if (!byKey.TryGetValue(key, out var lists))
            {
                byKey[key] = lists = ([], []);
            }

            if (!string.IsNullOrWhiteSpace(en))
            {
                lists.En.Add(en);
            }

            if (!string.IsNullOrWhiteSpace(ja))
            {
                lists.Ja.Add(ja);
            }
        }

        Add(f.AccessKey, f.OrganizationName + " " + f.FacilityName, f.OrganizationNameJa);
        foreach (var c in f.Capabilities)
        {
            var term = taxonomy.Find(c.Code);
            Add(c.AccessKey, term?.LabelEn, term?.LabelJa);
            Add(c.AccessKey, term?.DescriptionEn, term?.DescriptionJa);
            Add(c.AccessKey, c.Evidence, c.Evidence);
        }

        foreach (var e in f.Engagements)
        {
            Add(e.AccessKey, e.ProgramName, e.ProgramName);
        }

        return [.. byKey.Select(kv => new TextPart(kv.Key, string.Join('\n', kv.Value.En), string.Join('\n', kv.Value.Ja)))];
    }

    /// <summary>Text of a facility visible under one access key.</summary>
    internal sealed record TextPart(int Key, string English, string Japanese);
}
