using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Musubi.Engines.Matching;

/// <summary>Turning text into analyzed terms and term queries, shared by the two indexes.</summary>
internal static class LuceneText
{
    /// <summary>The analyzed terms of <paramref name="text"/> with how often each occurs, in first-seen order.</summary>
    public static void AddTerms(Analyzer analyzer, string field, string? text, Dictionary<string, int> counts)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var t = term.ToString();
            counts[t] = counts.TryGetValue(t, out var n) ? n + 1 : 1;
        }

        stream.End();
    }

    /// <summary>
    /// A disjunction of term queries over the fields, each term boosted by how often it occurs in the query text
    /// (as a repeated clause would count), each field by its boost. At most <paramref name="maxTerms"/> terms, most
    /// frequent first (ties by ordinal), so a long query text stays bounded.
    /// </summary>
    public static Query? Disjunction(IReadOnlyDictionary<string, int> terms, IEnumerable<(string Field, float Boost)> fields, int maxTerms)
    {
        if (terms.Count == 0)
        {
            return null;
        }

        var chosen = terms.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(maxTerms).ToList();
        var outer = new BooleanQuery(disableCoord: true);
        foreach (var (field, boost) in fields)
        {
            var inner = new BooleanQuery(disableCoord: true);
            foreach (var (text, count) in chosen)
            {
                inner.Add(new TermQuery(new Term(field, text)) { Boost = count }, Occur.SHOULD);
            }

            inner.Boost = boost;
            outer.Add(inner, Occur.SHOULD);
        }

        return outer;
    }

    /// <summary>The weighted terms of <see cref="Disjunction"/> as (field, term, boost) triples.</summary>
    public static IEnumerable<(string Field, string Term, float Boost)> Weighted(IReadOnlyDictionary<string, int> terms, IEnumerable<(string Field, float Boost)> fields, int maxTerms)
    {
        var chosen = terms.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(maxTerms).ToList();
        foreach (var (field, boost) in fields)
        {
            foreach (var (text, count) in chosen)
            {
                yield return (field, text, count * boost);
            }
        }
    }

    /// <summary>The largest number of distinct terms one query may carry per field (Lucene's clause limit is 1024).</summary>
    public const int MaxTerms = 512;
}
