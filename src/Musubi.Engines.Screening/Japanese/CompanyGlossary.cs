using System.Collections.Frozen;

namespace Musubi.Engines.Screening;

/// <summary>
/// One company-name word of <see cref="CompanyGlossary"/>: 重工業 ↔ "heavy industries".
/// </summary>
/// <param name="Japanese">The word as written (kanji or katakana).</param>
/// <param name="Readings">Katakana readings, the usual one first (日本: ニホン, ニッポン); a space splits a word the way
/// romanized names split it (電気工業: デンキ コウギョウ).</param>
/// <param name="Romaji">Each reading in folded Hepburn (<see cref="Hepburn.Romanize"/>), same order; words separated by
/// a space ("denki kogyo").</param>
/// <param name="English">The English alternatives, each as lower-case tokens; the first is canonical.</param>
public sealed record GlossaryEntry(
    string Japanese,
    IReadOnlyList<string> Readings,
    IReadOnlyList<string> Romaji,
    IReadOnlyList<IReadOnlyList<string>> English)
{
    /// <summary>The usual reading.</summary>
    public string Reading => Readings[0];

    /// <summary>The canonical English tokens (the gloss).</summary>
    public IReadOnlyList<string> Canonical => English[0];

    /// <summary>The readings without the spaces between words, as a reader gives them.</summary>
    internal IReadOnlyList<string> KanaReadings { get; } = [.. Readings.Select(r => r.Replace(" ", "", StringComparison.Ordinal))];
}

/// <summary>
/// A bilingual glossary of the words companies build their names from (重工業 heavy industries, 電気 electric,
/// 製作所 works…), read from the embedded <c>Japanese/glossary.tsv</c>. It maps both the Japanese word and its folded
/// romaji to English, so 三菱重工業, "Mitsubishi Jukogyo" and "Mitsubishi Heavy Industries" can meet on one gloss.
/// A matching aid, never shown as a translation.
/// </summary>
public static class CompanyGlossary
{
    private const string Resource = "Musubi.Engines.Screening.Japanese.glossary.tsv";

    /// <summary>Kana readings shorter than this are not split off katakana names (too likely to be chance).</summary>
    internal const int MinimumKanaSuffix = 3;

    private static readonly Data Loaded = Load();

    /// <summary>Every entry, in file order.</summary>
    public static IReadOnlyList<GlossaryEntry> Entries => Loaded.Entries;

    /// <summary>
    /// The canonical English tokens for a folded romaji token ("jukogyo" → [heavy, industries], "denki" → [electric],
    /// "kogyo" → [industries], "nippon" → [japan]); null when it is not a glossary word. A compound's reading written as
    /// one word counts too ("denkikogyo").
    /// </summary>
    public static IReadOnlyList<string>? EnglishFor(string foldedRomajiToken)
    {
        ArgumentNullException.ThrowIfNull(foldedRomajiToken);
        return Loaded.ByRomaji.TryGetValue(foldedRomajiToken, out var entries) ? entries[0].Canonical : null;
    }

    /// <summary>
    /// Every English alternative of every entry read as <paramref name="foldedRomajiToken"/> ("kogyo": industries,
    /// industrial, industry, enterprises, mining): the entries in file order, each with its canonical alternative
    /// first, so the first is what <see cref="EnglishFor"/> gives; empty when none.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> AlternativesFor(string foldedRomajiToken)
    {
        ArgumentNullException.ThrowIfNull(foldedRomajiToken);
        return Loaded.Alternatives.TryGetValue(foldedRomajiToken, out var alternatives) ? alternatives : [];
    }

    /// <summary>The entry written exactly as <paramref name="japanese"/>, if any.</summary>
    public static GlossaryEntry? Find(string japanese)
    {
        ArgumentNullException.ThrowIfNull(japanese);
        return Loaded.ByJapanese.TryGetValue(japanese, out var entry) ? entry : null;
    }

    internal static GlossaryEntry? Find(ReadOnlySpan<char> japanese) =>
        Loaded.ByJapaneseSpan.TryGetValue(japanese, out var entry) ? entry : null;

    /// <summary>
    /// The longest glossary word <paramref name="japaneseSurface"/> ends with: 三菱重工業 → stem 三菱, 重工業. When the
    /// whole surface is a glossary word the stem is empty (工業 → "", 工業).
    /// </summary>
    public static bool TryMatchSuffix(string japaneseSurface, out string stem, out GlossaryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(japaneseSurface);
        var lookup = Loaded.ByJapaneseSpan;
        for (var length = Math.Min(Loaded.LongestJapanese, japaneseSurface.Length); length > 0; length--)
        {
            if (lookup.TryGetValue(japaneseSurface.AsSpan(japaneseSurface.Length - length), out var found))
            {
                stem = japaneseSurface[..^length];
                entry = found;
                return true;
            }
        }
        stem = japaneseSurface;
        entry = null!;
        return false;
    }

    /// <summary>The longest glossary word <paramref name="japaneseSurface"/> starts with, leaving a non-empty rest.</summary>
    internal static bool TryMatchPrefix(string japaneseSurface, out string rest, out GlossaryEntry entry)
    {
        var lookup = Loaded.ByJapaneseSpan;
        for (var length = Math.Min(Loaded.LongestJapanese, japaneseSurface.Length - 1); length > 0; length--)
        {
            if (lookup.TryGetValue(japaneseSurface.AsSpan(0, length), out var found))
            {
                rest = japaneseSurface[length..];
                entry = found;
                return true;
            }
        }
        rest = japaneseSurface;
        entry = null!;
        return false;
    }

    /// <summary>
    /// The longest glossary reading (at least <see cref="MinimumKanaSuffix"/> kana) a katakana name ends with:
    /// ミツビシジュウコウギョウ → ミツビシ, 重工業 (reading 0). The stem may be empty.
    /// </summary>
    internal static bool TryMatchKanaSuffix(string katakana, out string stem, out GlossaryEntry entry, out int readingIndex)
    {
        var lookup = Loaded.ByKanaSpan;
        for (var length = Math.Min(Loaded.LongestKana, katakana.Length); length >= MinimumKanaSuffix; length--)
        {
            if (lookup.TryGetValue(katakana.AsSpan(katakana.Length - length), out var found))
            {
                stem = katakana[..^length];
                (entry, readingIndex) = found;
                return true;
            }
        }
        stem = katakana;
        entry = null!;
        readingIndex = -1;
        return false;
    }

    /// <summary>Reads glossary text (the embedded file's format); throws <see cref="FormatException"/> naming the line.</summary>
    internal static IReadOnlyList<GlossaryEntry> Parse(string text)
    {
        var entries = new List<GlossaryEntry>();
        var lineNumber = 0;
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var columns = line.Split('\t');
            if (columns.Length != 3)
            {
                throw new FormatException($"glossary.tsv:{lineNumber}: expected 3 tab-separated columns, found {columns.Length}");
            }
            var japanese = columns[0].Trim();
            if (japanese.Length < 2 || !japanese.All(c => Hepburn.IsKana(c) || JapaneseNames.IsKanji(c)))
            {
                throw new FormatException($"glossary.tsv:{lineNumber}:japanese: '{japanese}' must be two or more kanji or kana");
            }
            var readings = columns[1].Split('|', StringSplitOptions.TrimEntries);
            foreach (var reading in readings)
            {
                if (reading.Length == 0 || !reading.All(c => c == ' ' || c is >= '\u30A1' and <= '\u30FC'))
                {
                    throw new FormatException($"glossary.tsv:{lineNumber}:readings: '{reading}' must be katakana (a space between words)");
                }
            }
            var english = columns[2].Split('|', StringSplitOptions.TrimEntries)
                .Select(alternative => (IReadOnlyList<string>)alternative.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .ToList();
            if (english.Any(words => words.Count == 0 || words.Any(w => !w.All(char.IsAsciiLetterLower))))
            {
                throw new FormatException($"glossary.tsv:{lineNumber}:english: '{columns[2]}' must be lower-case words, '|' between alternatives");
            }
            var romaji = readings
                .Select(r => string.Join(' ', r.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Hepburn.Romanize)))
                .ToList();
            entries.Add(new GlossaryEntry(japanese, readings, romaji, english));
        }
        return entries;
    }

    private sealed record Data(
        IReadOnlyList<GlossaryEntry> Entries,
        FrozenDictionary<string, GlossaryEntry> ByJapanese,
        FrozenDictionary<string, GlossaryEntry>.AlternateLookup<ReadOnlySpan<char>> ByJapaneseSpan,
        int LongestJapanese,
        FrozenDictionary<string, (GlossaryEntry, int)>.AlternateLookup<ReadOnlySpan<char>> ByKanaSpan,
        int LongestKana,
        FrozenDictionary<string, List<GlossaryEntry>> ByRomaji,
        FrozenDictionary<string, IReadOnlyList<IReadOnlyList<string>>> Alternatives);

    private static Data Load()
    {
        using var stream = typeof(CompanyGlossary).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The embedded resource {Resource} is missing from the engine assembly.");
        using var reader = new StreamReader(stream);
        var entries = Parse(reader.ReadToEnd());

        var byJapanese = new Dictionary<string, GlossaryEntry>(StringComparer.Ordinal);
        var byKana = new Dictionary<string, (GlossaryEntry, int)>(StringComparer.Ordinal);
        var byRomaji = new Dictionary<string, List<GlossaryEntry>>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!byJapanese.TryAdd(entry.Japanese, entry))
            {
                throw new InvalidOperationException($"glossary.tsv: {entry.Japanese} is listed twice");
            }
            for (var i = 0; i < entry.Readings.Count; i++)
            {
                var kana = entry.Readings[i].Replace(" ", "", StringComparison.Ordinal);
                if (kana.Length >= MinimumKanaSuffix)
                {
                    byKana.TryAdd(kana, (entry, i));
                }
                var romaji = entry.Romaji[i];
                foreach (var key in new[] { romaji, romaji.Replace(" ", "", StringComparison.Ordinal) }.Distinct(StringComparer.Ordinal))
                {
                    if (!byRomaji.TryGetValue(key, out var list))
                    {
                        byRomaji[key] = list = [];
                    }
                    if (!list.Contains(entry))
                    {
                        list.Add(entry);
                    }
                }
            }
        }
        var alternatives = byRomaji.ToFrozenDictionary(
            pair => pair.Key,
            pair => (IReadOnlyList<IReadOnlyList<string>>)pair.Value
                .SelectMany(e => e.English)
                .DistinctBy(words => string.Join(' ', words), StringComparer.Ordinal)
                .ToList(),
            StringComparer.Ordinal);
        var japaneseIndex = byJapanese.ToFrozenDictionary(StringComparer.Ordinal);
        var kanaIndex = byKana.ToFrozenDictionary(StringComparer.Ordinal);
        return new Data(
            entries,
            japaneseIndex,
            japaneseIndex.GetAlternateLookup<ReadOnlySpan<char>>(),
            entries.Max(e => e.Japanese.Length),
            kanaIndex.GetAlternateLookup<ReadOnlySpan<char>>(),
            byKana.Keys.Max(k => k.Length),
            byRomaji.ToFrozenDictionary(StringComparer.Ordinal),
            alternatives);
    }
}
