using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace Musubi.Engines.Screening;

/// <summary>
/// The matching forms of a Japanese name: its <see cref="Reading"/> in folded Hepburn romaji, one token per word
/// (三菱重工業株式会社 → mitsubishi, jukogyo), and its <see cref="Gloss"/>, the same words with the glossary's company
/// words in English (mitsubishi, heavy, industries). Matching keys only: never shown as the name's romanization.
/// </summary>
public sealed record JapaneseForms(IReadOnlyList<string> Reading, IReadOnlyList<string> Gloss);

/// <summary>
/// Reads Japanese names (kanji and kana, with Latin letters and digits among them) into <see cref="JapaneseForms"/>:
/// drops the Japanese legal forms (<see cref="LegalForms"/>), reads kanji with an <see cref="IJapaneseReader"/>
/// (MeCab), splits company words off with <see cref="CompanyGlossary"/> (日本航空電子工業 → 日本 航空 電子 工業) and
/// romanizes with <see cref="Hepburn"/>. Kana needs no reader.
/// </summary>
public static class JapaneseNames
{
    /// <summary>
    /// Japanese legal forms and their abbreviations, as they stand after NFKC (㈱ and （株） are "(株)"), longest first.
    /// <see cref="Analyze"/> removes them wherever they stand; the normalizer may use the same list.
    /// </summary>
    public static IReadOnlyList<string> LegalForms { get; } = new[]
    {
        "株式会社", "株式會社", "有限会社", "有限會社", "合同会社", "合資会社", "合名会社", "相互会社",
        "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人", "国立研究開発法人", "独立行政法人",
        "地方独立行政法人", "国立大学法人", "大学共同利用機関法人", "特殊法人", "認可法人", "学校法人", "社会福祉法人",
        "医療法人", "宗教法人", "特定非営利活動法人", "NPO法人", "有限責任事業組合",
        "(株)", "(有)", "(同)", "(合)", "(資)", "(名)", "(財)", "(社)", "(独)", "(学)", "(医)", "(福)", "(宗)",
        "(一社)", "(一財)", "(公社)", "(公財)", "(特非)",
        "カブシキガイシャ", "カブシキカイシャ", "ユウゲンガイシャ", "ユウゲンカイシャ", "ゴウドウガイシャ", "ゴウドウカイシャ",
    }.OrderByDescending(form => form.Length).ThenBy(form => form, StringComparer.Ordinal).ToArray();

    // Variant kanji IPADIC does not know, read as their common form (髙島屋 as 高島屋).
    private static readonly (string Variant, string Common)[] KanjiVariants =
        [("髙", "高"), ("﨑", "崎"), ("𠮷", "吉"), ("濵", "浜"), ("槗", "橋"), ("德", "徳")];

    private enum PieceKind
    {
        /// <summary>A word read in katakana (Text), romanized at the end.</summary>
        Kana,

        /// <summary>Kanji the reader has no reading for: kept as written.</summary>
        Unread,

        /// <summary>A glossary word, with the index of the reading used.</summary>
        Glossary,

        /// <summary>Latin letters or digits, lower-cased.</summary>
        Latin,
    }

    private readonly record struct Piece(PieceKind Kind, string Text, GlossaryEntry? Entry = null, int ReadingIndex = 0);

    /// <summary>
    /// The forms of <paramref name="text"/> (NFKC-normalized here when it is not already). Null when the text has no
    /// kana or kanji, when it has kanji and <paramref name="reader"/> is null or unavailable (kanji then match only by
    /// their own script and the list's aliases), or when nothing is left after the legal forms. Latin and digit runs
    /// pass through lower-cased; kanji the reader cannot read stay as written.
    /// </summary>
    public static JapaneseForms? Analyze(string text, IJapaneseReader? reader)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!ContainsJapanese(text))
        {
            return null;
        }
        text = Hepburn.WellFormed(text);
        if (!text.IsNormalized(NormalizationForm.FormKC))
        {
            text = text.Normalize(NormalizationForm.FormKC);
        }
        text = StripLegalForms(text);

        var pieces = new List<Piece>();
        for (var i = 0; i < text.Length;)
        {
            var kind = Classify(text, i, out var width);
            if (kind == CharClass.Separator)
            {
                i += width;
                continue;
            }
            var start = i;
            var hasKanji = false;
            while (i < text.Length && Classify(text, i, out width) == kind)
            {
                hasKanji |= kind == CharClass.Japanese && !Hepburn.IsKana(text[i]);
                i += width;
            }
            var run = text[start..i];
            if (kind == CharClass.Latin)
            {
                pieces.Add(new Piece(PieceKind.Latin, run.ToLowerInvariant()));
            }
            else if (!hasKanji)
            {
                AddKana(run, pieces);
            }
            else if (reader is { Available: true })
            {
                AddKanji(run, reader, pieces);
            }
            else
            {
                return null;
            }
        }
        return Forms(pieces);
    }

    /// <summary>True when <paramref name="text"/> has any kana or kanji.</summary>
    public static bool ContainsJapanese(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '\u3000')
            {
                continue;
            }
            if (Hepburn.IsKana(c) || IsKanji(c) || (char.IsHighSurrogate(c) && i + 1 < text.Length && IsKanji(text, i)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// <paramref name="text"/> with every one of <see cref="LegalForms"/> replaced by a space (scanning left to right,
    /// the longest form at each position).
    /// </summary>
    public static string StripLegalForms(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.AsSpan().IndexOfAny(LegalFormStarts);
        if (at < 0)
        {
            return text;
        }
        StringBuilder? stripped = null;
        var copied = 0;
        for (var i = at; i < text.Length; i++)
        {
            if (!LegalFormsByFirst.TryGetValue(text[i], out var forms))
            {
                continue;
            }
            foreach (var form in forms)
            {
                if (text.AsSpan(i).StartsWith(form, StringComparison.Ordinal))
                {
                    stripped ??= new StringBuilder(text.Length);
                    stripped.Append(text, copied, i - copied).Append(' ');
                    i += form.Length - 1;
                    copied = i + 1;
                    break;
                }
            }
        }
        return stripped is null ? text : stripped.Append(text, copied, text.Length - copied).ToString();
    }

    private static readonly FrozenDictionary<char, string[]> LegalFormsByFirst = LegalForms
        .GroupBy(form => form[0])
        .ToFrozenDictionary(group => group.Key, group => group.ToArray());

    private static readonly SearchValues<char> LegalFormStarts = SearchValues.Create([.. LegalFormsByFirst.Keys]);

    /// <summary>A CJK ideograph (BMP blocks and compatibility ideographs) or 々 〆 〇.</summary>
    internal static bool IsKanji(char c) =>
        c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uF900' and <= '\uFAFF') or '\u3005' or '\u3006' or '\u3007';

    private static bool IsKanji(string text, int at) =>
        char.IsSurrogatePair(text, at) && char.ConvertToUtf32(text, at) is >= 0x20000 and <= 0x3FFFF;

    private enum CharClass
    {
        Separator,
        Japanese,
        Latin,
    }

    private static CharClass Classify(string text, int at, out int width)
    {
        var c = text[at];
        if (char.IsSurrogatePair(text, at))
        {
            width = 2;
            return IsKanji(text, at) ? CharClass.Japanese
                : Rune.IsLetterOrDigit(Rune.GetRuneAt(text, at)) ? CharClass.Latin : CharClass.Separator;
        }
        width = 1;
        if (Hepburn.IsKana(c) || IsKanji(c))
        {
            return CharClass.Japanese;
        }
        return char.IsLetterOrDigit(c) || IsMark(c) ? CharClass.Latin : CharClass.Separator;
    }

    // Combining marks stay with the letters they mark.
    private static bool IsMark(char c) =>
        System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark
            or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    /// <summary>A kana-only run: glossary readings split off its end (ミツビシジュウコウギョウ → ミツビシ 重工業).</summary>
    private static void AddKana(string run, List<Piece> pieces)
    {
        var katakana = Hepburn.ToKatakana(run);
        var tail = new List<Piece>();
        while (katakana.Length > 0 && CompanyGlossary.TryMatchKanaSuffix(katakana, out var stem, out var entry, out var index))
        {
            tail.Add(new Piece(PieceKind.Glossary, entry.Japanese, entry, index));
            katakana = stem;
        }
        if (katakana.Length > 0)
        {
            pieces.Add(new Piece(PieceKind.Kana, katakana));
        }
        tail.Reverse();
        pieces.AddRange(tail);
    }

    /// <summary>A run with kanji, read by the reader morpheme by morpheme.</summary>
    private static void AddKanji(string run, IJapaneseReader reader, List<Piece> pieces)
    {
        var morphemes = reader.Parse(CommonKanji(run));
        var runStart = pieces.Count;
        string? prefix = null;
        for (var i = 0; i < morphemes.Count;)
        {
            // A glossary word MeCab cut in two or more (製鋼 + 所).
            var spanned = false;
            for (var span = Math.Min(4, morphemes.Count - i); span >= 2 && !spanned; span--)
            {
                if (CompanyGlossary.Find(Concatenated(morphemes, i, span)) is { } entry)
                {
                    var readings = morphemes.Skip(i).Take(span).Select(m => ReadingOf(m.Surface, m.Reading)).ToList();
                    var reading = readings.Any(r => r is null) ? null : string.Concat(readings);
                    FlushPrefix(ref prefix, pieces);
                    pieces.Add(new Piece(PieceKind.Glossary, entry.Japanese, entry, IndexOf(entry, reading)));
                    i += span;
                    spanned = true;
                }
            }
            if (spanned)
            {
                continue;
            }
            var morpheme = morphemes[i++];
            var split = SplitWord(morpheme.Surface, ReadingOf(morpheme.Surface, morpheme.Reading), reader);
            var single = split is [{ Kind: PieceKind.Kana } only] ? only.Text : null;
            if (single is not null && morpheme.PartOfSpeech.StartsWith("接頭詞", StringComparison.Ordinal))
            {
                prefix += single;
                continue;
            }
            if (single is not null && prefix is null && morpheme.PartOfSpeech.StartsWith("名詞,接尾", StringComparison.Ordinal)
                && pieces.Count > runStart && pieces[^1].Kind == PieceKind.Kana)
            {
                // A suffix joins the word before it (日 + 油 → nichiyu, 高島 + 屋 → takashimaya).
                pieces[^1] = pieces[^1] with { Text = pieces[^1].Text + single };
                continue;
            }
            if (prefix is not null && split is [{ Kind: PieceKind.Kana } first, ..])
            {
                split[0] = first with { Text = prefix + first.Text };
                prefix = null;
            }
            FlushPrefix(ref prefix, pieces);
            pieces.AddRange(split);
        }
        FlushPrefix(ref prefix, pieces);
    }

    /// <summary>The surfaces of <paramref name="count"/> morphemes from <paramref name="start"/>, in a reused buffer.</summary>
    private static ReadOnlySpan<char> Concatenated(IReadOnlyList<Morpheme> morphemes, int start, int count)
    {
        var buffer = concatenation ??= new char[64];
        var length = 0;
        for (var i = start; i < start + count; i++)
        {
            var surface = morphemes[i].Surface;
            if (length + surface.Length > buffer.Length)
            {
                return ReadOnlySpan<char>.Empty;
            }
            surface.CopyTo(buffer.AsSpan(length));
            length += surface.Length;
        }
        return buffer.AsSpan(0, length);
    }

    [ThreadStatic]
    private static char[]? concatenation;

    private static void FlushPrefix(ref string? prefix, List<Piece> pieces)
    {
        if (prefix is not null)
        {
            pieces.Add(new Piece(PieceKind.Kana, prefix));
            prefix = null;
        }
    }

    /// <summary>
    /// One morpheme: glossary words split off its end (longest first, repeatedly), then off its start, each stem's
    /// reading taken by removing the glossary word's reading from the morpheme's (or, when they do not line up, by
    /// reading the stem on its own).
    /// </summary>
    private static List<Piece> SplitWord(string surface, string? reading, IJapaneseReader reader)
    {
        var tail = new List<Piece>();
        while (surface.Length > 0 && CompanyGlossary.TryMatchSuffix(surface, out var stem, out var entry))
        {
            if (stem.Length == 0)
            {
                tail.Add(new Piece(PieceKind.Glossary, entry.Japanese, entry, IndexOf(entry, reading)));
                surface = "";
                break;
            }
            var index = -1;
            for (var i = 0; reading is not null && i < entry.KanaReadings.Count && index < 0; i++)
            {
                var kana = entry.KanaReadings[i];
                if (reading.Length > kana.Length && reading.EndsWith(kana, StringComparison.Ordinal))
                {
                    index = i;
                }
            }
            if (index >= 0)
            {
                reading = reading![..^entry.KanaReadings[index].Length];
            }
            else
            {
                index = 0;
                reading = ReadStem(stem, reader);
            }
            tail.Add(new Piece(PieceKind.Glossary, entry.Japanese, entry, index));
            surface = stem;
        }

        var pieces = new List<Piece>(tail.Count + 2);
        while (surface.Length > 1 && reading is not null && CompanyGlossary.TryMatchPrefix(surface, out var rest, out var entry))
        {
            var index = -1;
            for (var i = 0; i < entry.KanaReadings.Count && index < 0; i++)
            {
                var kana = entry.KanaReadings[i];
                if (reading.Length > kana.Length && reading.StartsWith(kana, StringComparison.Ordinal))
                {
                    index = i;
                }
            }
            if (index < 0)
            {
                break;
            }
            pieces.Add(new Piece(PieceKind.Glossary, entry.Japanese, entry, index));
            reading = reading[entry.KanaReadings[index].Length..];
            surface = rest;
        }
        if (surface.Length > 0)
        {
            pieces.Add(reading is not null ? new Piece(PieceKind.Kana, reading) : new Piece(PieceKind.Unread, surface));
        }
        tail.Reverse();
        pieces.AddRange(tail);
        return pieces;
    }

    /// <summary>The reading of a stem read on its own; null when any part of it has none.</summary>
    private static string? ReadStem(string stem, IJapaneseReader reader)
    {
        if (stem.All(Hepburn.IsKana))
        {
            return Hepburn.ToKatakana(stem);
        }
        var builder = new StringBuilder();
        foreach (var morpheme in reader.Parse(stem))
        {
            var reading = ReadingOf(morpheme.Surface, morpheme.Reading);
            if (reading is null)
            {
                return null;
            }
            builder.Append(reading);
        }
        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>The reader's reading, or the surface itself when it is kana the dictionary does not know.</summary>
    private static string? ReadingOf(string surface, string? reading) =>
        reading ?? (surface.Length > 0 && surface.All(Hepburn.IsKana) ? Hepburn.ToKatakana(surface) : null);

    /// <summary>Which of the entry's readings <paramref name="reading"/> is (0 when none or unknown).</summary>
    private static int IndexOf(GlossaryEntry entry, string? reading)
    {
        for (var i = 0; reading is not null && i < entry.KanaReadings.Count; i++)
        {
            if (entry.KanaReadings[i].Equals(reading, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return 0;
    }

    private static string CommonKanji(string run)
    {
        foreach (var (variant, common) in KanjiVariants)
        {
            if (run.Contains(variant, StringComparison.Ordinal))
            {
                run = run.Replace(variant, common, StringComparison.Ordinal);
            }
        }
        return run;
    }

    private static JapaneseForms? Forms(List<Piece> pieces)
    {
        var reading = new List<string>(pieces.Count + 2);
        var gloss = new List<string>(pieces.Count + 2);
        foreach (var piece in pieces)
        {
            switch (piece.Kind)
            {
                case PieceKind.Kana:
                    var romaji = Hepburn.Romanize(piece.Text);
                    if (romaji.Length > 0)
                    {
                        reading.Add(romaji);
                        gloss.AddRange(CompanyGlossary.EnglishFor(romaji) ?? [romaji]);
                    }
                    break;
                case PieceKind.Glossary:
                    reading.AddRange(piece.Entry!.Romaji[piece.ReadingIndex].Split(' '));
                    gloss.AddRange(piece.Entry.Canonical);
                    break;
                case PieceKind.Latin:
                    reading.Add(piece.Text);
                    gloss.AddRange(CompanyGlossary.EnglishFor(Hepburn.FoldLatin(piece.Text)) ?? [piece.Text]);
                    break;
                default:
                    reading.Add(piece.Text);
                    gloss.Add(piece.Text);
                    break;
            }
        }
        return reading.Count == 0 ? null : new JapaneseForms(reading, gloss);
    }
}
