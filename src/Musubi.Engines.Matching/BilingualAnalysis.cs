using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.En;
using Lucene.Net.Util;

namespace Musubi.Engines.Matching;

/// <summary>
/// The two Lucene analyzers the board and the matcher use. No Japanese morphological analyzer ships with
/// Lucene.Net 4.8 (Kuromoji is not ported), so Japanese text is cut into overlapping character bigrams.
/// </summary>
public static class BilingualAnalysis
{
    /// <summary>The Lucene version the analyzers and indexes are built for.</summary>
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>
    /// English: Lucene's <c>EnglishAnalyzer</c> — standard tokenizer (Unicode word breaks), English possessive
    /// removal, lower case, English stop words, Porter stemming.
    /// </summary>
    public static Analyzer English() => new EnglishAnalyzer(Version);

    /// <summary>
    /// Japanese: Lucene's <c>CJKAnalyzer</c> — standard tokenizer, CJK width folding (full-width ASCII to half-width,
    /// half-width katakana to full-width), lower case, overlapping bigrams of adjacent Han, hiragana and katakana
    /// characters (a lone character stays a unigram), English stop words for the Latin words in between.
    /// </summary>
    public static Analyzer Japanese() => new CJKAnalyzer(Version);
}
