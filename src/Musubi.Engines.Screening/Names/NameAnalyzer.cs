using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using AnyAscii;

namespace Musubi.Engines.Screening;

/// <summary>Which version of a name a set of compared tokens is.</summary>
internal enum FormKind : byte
{
    /// <summary>A name written in Latin letters, normalized.</summary>
    Latin,

    /// <summary>The non-Latin parts in their own script (CJK as character bigrams), for same-script comparison.</summary>
    Original,

    /// <summary>Every part in Latin letters: AnyAscii transliteration, Han as pinyin, kana as Hepburn.</summary>
    Transliteration,

    /// <summary>Japanese text read with MeCab and romanized (Hepburn, long vowels folded).</summary>
    Reading,

    /// <summary>Company-name words replaced by their English equivalents (重工業 / jukogyo → heavy industries).</summary>
    Glossary,
}

/// <summary>One comparable version of a name: its matching keys, and for queries how each key came about.</summary>
internal sealed class NameForm(FormKind kind, string[] keys, string[]? sources = null, string?[]? changes = null)
{
    public FormKind Kind { get; } = kind;

    /// <summary>Matching keys: lower case, abbreviations expanded, stemmed, long vowels folded (CJK: bigrams).</summary>
    public string[] Keys { get; } = keys;

    /// <summary>The written token each key came from (queries only).</summary>
    public string[]? Sources { get; } = sources;

    /// <summary>What normalization changed for each key: null, "abbreviation", "stem", "long vowel" (queries only).</summary>
    public string?[]? Changes { get; } = changes;

    /// <summary>True when the keys are CJK character bigrams compared as a set.</summary>
    public bool IsCjk => Kind == FormKind.Original && Keys.Length > 0 && Keys.All(NameAnalyzer.IsCjkKey);

    public static string Label(FormKind kind) => kind switch
    {
        FormKind.Latin => "latin",
        FormKind.Original => "original script",
        FormKind.Transliteration => "transliteration",
        FormKind.Reading => "japanese reading",
        FormKind.Glossary => "glossary",
        _ => kind.ToString(),
    };
}

/// <summary>A name analyzed into its forms, with the legal forms found and the compact form used for weak aliases.</summary>
internal sealed class AnalyzedName(string original, NameKind kind, NameForm[] forms, string compact, string[] legalForms)
{
    public string Original { get; } = original;
    public NameKind Kind { get; } = kind;
    public NameForm[] Forms { get; } = forms;

    /// <summary>Letters and digits only, legal forms removed: what a weak alias (acronym) must equal.</summary>
    public string Compact { get; } = compact;

    public string[] LegalForms { get; } = legalForms;
}

/// <summary>
/// Turns a written name into the forms the scorer compares: NFKC, case folding, punctuation; legal forms across
/// languages removed (and noted); abbreviations expanded; a light English stemmer; Japanese long vowels folded;
/// non-Latin scripts kept as they are and transliterated (AnyAscii; Han as pinyin unless the name is Japanese;
/// kana and kanji read with MeCab and romanized); company-name words translated by the glossary.
/// Thread-safe.
/// </summary>
public sealed class NameAnalyzer
{
    private static readonly string[][] LegalPhrases = Lexicon.LegalFormPhrases
        .Distinct(StringComparer.Ordinal)
        .Select(p => p.Split(' '))
        .OrderByDescending(p => p.Length)
        .ToArray();

    private static readonly string[] CjkLegal = Lexicon.CjkLegalForms
        .Concat(JapaneseNames.LegalForms)
        .Select(f => f.Normalize(NormalizationForm.FormKC))
        .Distinct(StringComparer.Ordinal)
        .OrderByDescending(f => f.Length)
        .ToArray();

    private static readonly HashSet<string> JapaneseLegal = JapaneseNames.LegalForms
        .Append("株式会社").Append("(株)").Append("有限会社").Append("合同会社")
        .Select(f => f.Normalize(NormalizationForm.FormKC))
        .ToHashSet(StringComparer.Ordinal);

    private static readonly HashSet<string> ChineseScriptCountries = new(["CN", "TW", "HK", "MO", "SG"], StringComparer.Ordinal);

    private readonly IJapaneseReader? japanese;

    /// <param name="japanese">The Japanese reader (MeCab); null or unavailable means kanji match only in their own script and by aliases.</param>
    public NameAnalyzer(IJapaneseReader? japanese = null)
    {
        this.japanese = japanese is { Available: true } ? japanese : null;
        JapaneseStatus = japanese?.Status
            ?? "no Japanese reader configured: kanji names match only by their original script and the list's aliases";
    }

    /// <summary>True when kanji get Japanese readings.</summary>
    public bool ReadsJapanese => japanese is not null;

    /// <summary>The Japanese reader's status line, for users.</summary>
    public string JapaneseStatus { get; }

    internal static bool IsCjkKey(string key) => key.Length > 0 && IsCjk(key[0]);

    /// <summary>Analyzes one name. <paramref name="countries"/> are hints for reading Han (Japanese or Chinese).</summary>
    internal AnalyzedName Analyze(string name, NameKind kind, IReadOnlyList<string> countries, bool forQuery = false)
    {
        var text = name.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var legal = new List<string>();
        text = StripCjkLegalForms(text, legal, out var japaneseLegal);
        var tokens = Tokenize(text);
        RemoveLegalPhrases(tokens, legal);

        var compact = new StringBuilder();
        foreach (var t in tokens)
        {
            foreach (var c in t.Text)
            {
                if (char.IsLetterOrDigit(c))
                {
                    compact.Append(c);
                }
            }
        }
        if (kind == NameKind.WeakAlias)
        {
            return new AnalyzedName(name, kind, [], compact.ToString(), [.. legal]);
        }

        var hasKana = tokens.Any(t => t.Script == Script.Kana);
        var hasHan = tokens.Any(t => t.Script == Script.Han);
        var nonLatin = tokens.Any(t => t.Script != Script.Latin);
        var chineseHint = countries.Any(ChineseScriptCountries.Contains);
        var japaneseHint = countries.Contains("JP", StringComparer.Ordinal);
        var isJapanese = hasKana || japaneseLegal || (japaneseHint && !chineseHint);
        var readJapanese = (hasKana || hasHan) && (isJapanese || (!chineseHint && japanese is not null));
        var pinyin = hasHan && !isJapanese;

        var forms = new List<NameForm>(4);
        var latin = new FormBuilder(forQuery);
        foreach (var t in tokens)
        {
            if (t.Script == Script.Latin)
            {
                latin.AddLatin(t.Text);
            }
        }

        if (!nonLatin)
        {
            forms.Add(latin.Build(FormKind.Latin));
            AddGlossaryForm(forms, forms[0], forQuery);
            return new AnalyzedName(name, kind, [.. forms], compact.ToString(), [.. legal]);
        }

        // The original script: CJK runs as character bigrams, other scripts as words.
        var original = new List<string>();
        foreach (var t in tokens)
        {
            if (t.Script is Script.Han or Script.Kana or Script.Hangul)
            {
                AddBigrams(t.Text, original);
            }
            else if (t.Script != Script.Latin)
            {
                original.Add(t.Text.Replace('ё', 'е'));
            }
        }
        if (original.Count > 0)
        {
            forms.Add(new NameForm(FormKind.Original, [.. original], forQuery ? [.. original] : null, forQuery ? new string[original.Count] : null));
        }

        // Transliteration: every token in Latin letters.
        var translit = new FormBuilder(forQuery);
        var reading = readJapanese ? new FormBuilder(forQuery) : null;
        var gloss = readJapanese ? new FormBuilder(forQuery) : null;
        var readingFailed = false;
        foreach (var run in Runs(tokens))
        {
            if (run.Script == Script.Latin)
            {
                foreach (var t in run.Texts)
                {
                    translit.AddLatin(t);
                    reading?.AddLatin(t);
                    gloss?.AddLatin(t);
                }
                continue;
            }
            var joined = string.Join(' ', run.Texts);
            if (run.Script is Script.Han or Script.Kana)
            {
                if (reading is not null)
                {
                    var jf = JapaneseNames.Analyze(joined, japanese ?? UnavailableReader.Instance);
                    if (jf is null)
                    {
                        readingFailed = true;
                    }
                    else
                    {
                        foreach (var r in jf.Reading)
                        {
                            reading.AddRomanized(r, joined);
                        }
                        foreach (var g in jf.Gloss)
                        {
                            gloss!.AddRomanized(g, joined);
                        }
                    }
                }
                if (run.Script == Script.Kana && !pinyin)
                {
                    foreach (var t in run.Texts)
                    {
                        translit.AddRomanized(Hepburn.Romanize(t), t);
                    }
                    continue;
                }
                if (run.Script == Script.Han && !pinyin)
                {
                    continue;
                }
            }
            foreach (var t in run.Texts)
            {
                var ascii = t.Transliterate();
                foreach (var syllable in SplitTransliteration(ascii))
                {
                    translit.AddRomanized(syllable, t);
                }
            }
        }
        if (translit.Count > 0)
        {
            var form = translit.Build(FormKind.Transliteration);
            forms.Add(form);
            AddGlossaryForm(forms, form, forQuery);
        }
        if (reading is { Count: > 0 } && !readingFailed)
        {
            forms.Add(reading.Build(FormKind.Reading));
            if (gloss is { Count: > 0 })
            {
                var g = gloss.Build(FormKind.Glossary);
                if (!g.Keys.SequenceEqual(forms[^1].Keys))
                {
                    forms.Add(g);
                }
            }
        }
        return new AnalyzedName(name, kind, [.. forms], compact.ToString(), [.. legal]);
    }

    /// <summary>Adds a glossary form when any romanized company-name word of <paramref name="form"/> has an English equivalent.</summary>
    private static void AddGlossaryForm(List<NameForm> forms, NameForm form, bool forQuery)
    {
        var builder = new FormBuilder(forQuery);
        var changed = false;
        for (var i = 0; i < form.Keys.Length; i++)
        {
            var english = CompanyGlossary.EnglishFor(form.Keys[i]);
            if (english is { Count: > 0 })
            {
                changed = true;
                foreach (var e in english)
                {
                    builder.AddRomanized(e, form.Sources?[i] ?? form.Keys[i], "glossary");
                }
            }
            else
            {
                builder.AddKey(form.Keys[i], form.Sources?[i] ?? form.Keys[i], form.Changes?[i]);
            }
        }
        if (changed)
        {
            forms.Add(builder.Build(FormKind.Glossary));
        }
    }

    private static void AddBigrams(string run, List<string> into)
    {
        var chars = new List<string>(run.Length);
        foreach (var r in run.EnumerateRunes())
        {
            chars.Add(r.ToString());
        }
        if (chars.Count == 1)
        {
            into.Add(chars[0]);
            return;
        }
        for (var i = 0; i + 1 < chars.Count; i++)
        {
            into.Add(chars[i] + chars[i + 1]);
        }
    }

    /// <summary>AnyAscii writes Han and Hangul as capitalized syllables run together: split them ("ZhongGuo" → zhong, guo).</summary>
    private static IEnumerable<string> SplitTransliteration(string ascii)
    {
        var current = new StringBuilder();
        foreach (var c in ascii)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                if (current.Length > 0)
                {
                    yield return current.ToString().ToLowerInvariant();
                    current.Clear();
                }
                continue;
            }
            if (char.IsAsciiLetterUpper(c) && current.Length > 0)
            {
                yield return current.ToString().ToLowerInvariant();
                current.Clear();
            }
            current.Append(c);
        }
        if (current.Length > 0)
        {
            yield return current.ToString().ToLowerInvariant();
        }
    }

    private static string StripCjkLegalForms(string text, List<string> legal, out bool japaneseLegal)
    {
        japaneseLegal = false;
        // "(株)" and friends wherever they stand; the others at either end of the name or of a space-separated part.
        var changed = true;
        while (changed)
        {
            changed = false;
            text = text.Trim();
            foreach (var form in CjkLegal)
            {
                var at = text.IndexOf(form, StringComparison.Ordinal);
                if (at < 0)
                {
                    continue;
                }
                var end = at + form.Length;
                var atStart = at == 0 || char.IsWhiteSpace(text[at - 1]) || !IsCjk(text[at - 1]);
                var atEnd = end == text.Length || char.IsWhiteSpace(text[end]) || !IsCjk(text[end]);
                if (form[0] == '(' || atStart || atEnd)
                {
                    if (text.Length == form.Length)
                    {
                        return text; // the name is nothing but a legal form: keep it
                    }
                    legal.Add(form);
                    japaneseLegal |= JapaneseLegal.Contains(form);
                    text = string.Concat(text.AsSpan(0, at), " ", text.AsSpan(end));
                    changed = true;
                    break;
                }
            }
        }
        return text;
    }

    private static void RemoveLegalPhrases(List<Token> tokens, List<string> legal)
    {
        if (tokens.Count <= 1)
        {
            return;
        }
        var original = tokens.ToList();
        var legalBefore = legal.Count;
        var removed = true;
        while (removed && tokens.Count > 1)
        {
            removed = false;
            foreach (var phrase in LegalPhrases)
            {
                if (phrase.Length >= tokens.Count)
                {
                    continue;
                }
                for (var at = 0; at + phrase.Length <= tokens.Count; at++)
                {
                    var atEdge = at == 0 || at + phrase.Length == tokens.Count;
                    // Short forms (co, sa, ao, as…) only at either end; longer ones anywhere.
                    if (!atEdge && (phrase.Length == 1 && phrase[0].Length <= 3))
                    {
                        continue;
                    }
                    var match = true;
                    for (var k = 0; k < phrase.Length && match; k++)
                    {
                        match = LegalWordEquals(tokens[at + k].Text, phrase[k]);
                    }
                    if (match)
                    {
                        legal.Add(string.Join(' ', phrase));
                        tokens.RemoveRange(at, phrase.Length);
                        removed = true;
                        break;
                    }
                }
                if (removed)
                {
                    break;
                }
            }
        }
        // A name that is nothing but legal forms ("Company Limited") keeps them: they are all it has.
        if (tokens.Count == 1 && LegalPhrases.Any(p => p.Length == 1 && string.Equals(p[0], tokens[0].Text, StringComparison.Ordinal)))
        {
            tokens.Clear();
            tokens.AddRange(original);
            legal.RemoveRange(legalBefore, legal.Count - legalBefore);
        }
    }

    /// <summary>A legal-form word, exactly, or with one typo when both are 7+ letters ("Coporation", "Limitted").</summary>
    private static bool LegalWordEquals(string token, string word)
    {
        if (string.Equals(token, word, StringComparison.Ordinal))
        {
            return true;
        }
        return word.Length >= 7 && token.Length >= 6 && Math.Abs(token.Length - word.Length) <= 1 && token[0] == word[0]
            && Similarity.Distance(token, word, 1) <= 1;
    }

    internal enum Script : byte
    {
        Latin,
        Cyrillic,
        Greek,
        Arabic,
        Hebrew,
        Hangul,
        Kana,
        Han,
        Other,
    }

    internal readonly record struct Token(string Text, Script Script);

    private readonly record struct Run(Script Script, List<string> Texts);

    private static List<Run> Runs(List<Token> tokens)
    {
        var runs = new List<Run>();
        foreach (var t in tokens)
        {
            // Han and kana together are one Japanese run (三菱 ジュウコウギョウ).
            var script = t.Script == Script.Kana ? Script.Han : t.Script;
            if (runs.Count > 0 && (runs[^1].Script == script || (runs[^1].Script is Script.Han && t.Script is Script.Kana)))
            {
                runs[^1].Texts.Add(t.Text);
            }
            else
            {
                runs.Add(new Run(t.Script == Script.Kana ? Script.Kana : script, [t.Text]));
            }
        }
        // A run that mixes Han and kana is read as Japanese: mark it Han (the reading handles both).
        for (var i = 0; i < runs.Count; i++)
        {
            if (runs[i].Script == Script.Kana && runs[i].Texts.Any(x => x.Any(IsHan)))
            {
                runs[i] = runs[i] with { Script = Script.Han };
            }
        }
        return runs;
    }

    /// <summary>Splits normalized text into tokens at spaces, punctuation and script changes.</summary>
    internal static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        foreach (var piece in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var p = JoinDottedAcronym(piece);
            var current = new StringBuilder();
            var script = Script.Other;
            var at = 0;
            while (at < p.Length)
            {
                var c = p[at];
                if (Rune.DecodeFromUtf16(p.AsSpan(at), out var rune, out var used) != System.Buffers.OperationStatus.Done)
                {
                    rune = Rune.ReplacementChar;
                    used = 1;
                }
                at += used;
                if (c is '\'' or '’' or 'ʼ' or '‘')
                {
                    continue;
                }
                if (c == '&')
                {
                    Flush(tokens, current, script);
                    tokens.Add(new Token("and", Script.Latin));
                    continue;
                }
                if (c < 0x80)
                {
                    if (char.IsAsciiLetterOrDigit(c))
                    {
                        if (current.Length > 0 && script != Script.Latin)
                        {
                            Flush(tokens, current, script);
                        }
                        script = Script.Latin;
                        current.Append(c);
                    }
                    else
                    {
                        Flush(tokens, current, script);
                    }
                    continue;
                }
                if (!Rune.IsLetterOrDigit(rune) && c != 'ー' && c != '々')
                {
                    if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark && current.Length > 0)
                    {
                        current.Append(p, at - used, used);
                        continue;
                    }
                    Flush(tokens, current, script);
                    continue;
                }
                var s = ScriptOf(rune);
                if (current.Length > 0 && s != script)
                {
                    Flush(tokens, current, script);
                }
                script = s;
                current.Append(p, at - used, used);
            }
            Flush(tokens, current, script);
        }
        return tokens;

        static void Flush(List<Token> tokens, StringBuilder current, Script script)
        {
            if (current.Length > 0)
            {
                tokens.Add(new Token(current.ToString(), script));
                current.Clear();
            }
        }
    }

    /// <summary>"k.k." → "kk", "u.s.a." → "usa": dotted acronyms become one token before punctuation turns into spaces.</summary>
    private static string JoinDottedAcronym(string piece)
    {
        if (piece.Length < 3 || piece.IndexOf('.', StringComparison.Ordinal) < 0)
        {
            return piece;
        }
        var letters = 0;
        for (var i = 0; i < piece.Length; i++)
        {
            var c = piece[i];
            if (char.IsLetter(c))
            {
                if (i + 1 < piece.Length && piece[i + 1] != '.')
                {
                    return piece;
                }
                letters++;
            }
            else if (c != '.' && c != ',')
            {
                return piece;
            }
        }
        return letters >= 2 ? new string(piece.Where(char.IsLetter).ToArray()) : piece;
    }

    internal static Script ScriptOf(Rune r)
    {
        var v = r.Value;
        return v switch
        {
            < 0x0250 => Script.Latin,
            >= 0x1E00 and < 0x1F00 => Script.Latin,
            >= 0x0370 and < 0x0400 => Script.Greek,
            >= 0x1F00 and < 0x2000 => Script.Greek,
            >= 0x0400 and < 0x0530 => Script.Cyrillic,
            >= 0x0590 and < 0x0600 => Script.Hebrew,
            >= 0x0600 and < 0x0780 => Script.Arabic,
            >= 0xFB50 and < 0xFE00 => Script.Arabic,
            >= 0xFE70 and < 0xFF00 => Script.Arabic,
            >= 0x1100 and < 0x1200 => Script.Hangul,
            >= 0x3130 and < 0x3190 => Script.Hangul,
            >= 0xAC00 and < 0xD7B0 => Script.Hangul,
            >= 0x3040 and < 0x3100 => Script.Kana,
            >= 0x31F0 and < 0x3200 => Script.Kana,
            0x3005 => Script.Han,
            >= 0x3400 and < 0x4DC0 => Script.Han,
            >= 0x4E00 and < 0xA000 => Script.Han,
            >= 0xF900 and < 0xFB00 => Script.Han,
            >= 0x20000 and < 0x32000 => Script.Han,
            _ => Script.Other,
        };
    }

    internal static bool IsCjk(char c) => c is (>= '\u3040' and < '\u3100') or (>= '\u3400' and < '\u4DC0') or (>= '\u4E00' and < '\uA000')
        or (>= '\uAC00' and < '\uD7B0') or (>= '\uF900' and < '\uFB00') or '\u3005' or (>= '\uD800' and < '\uDC00');

    private static bool IsHan(char c) => c is (>= '\u3400' and < '\u4DC0') or (>= '\u4E00' and < '\uA000') or '\u3005';

    /// <summary>The matching key of one Latin token: diacritics off, abbreviation expanded, stemmed, long vowels folded.</summary>
    internal static string LatinKey(string token, out string? change)
    {
        var folded = CoreKey(token, out change);
        if (folded.Length >= 6 && !CommonKeys.Contains(folded) && NearCommon(folded) is { } common)
        {
            change = "typo of a common word";
            return common;
        }
        return folded;
    }

    /// <summary>The keys of <see cref="Lexicon.CommonWords"/> (Latin ones through the same normalization).</summary>
    internal static readonly FrozenSet<string> CommonKeys = Lexicon.CommonWords
        .Select(w => w.Any(IsCjk) ? w : CoreKey(w, out _))
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Every common key of 6+ letters and each of its one-letter deletions → the common key (symmetric deletes).</summary>
    private static readonly FrozenDictionary<string, string> CommonDeletes = BuildCommonDeletes();

    private static FrozenDictionary<string, string> BuildCommonDeletes()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in CommonKeys.Where(k => k.Length >= 6 && !k.Any(IsCjk)).Order(StringComparer.Ordinal))
        {
            map.TryAdd(key, key);
            for (var i = 0; i < key.Length; i++)
            {
                map.TryAdd(key.Remove(i, 1), key);
            }
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// A token one edit away from a common organization word (a typo such as "Industires" or "Techology") is read as
    /// that word, so a misspelt common word weighs what the word weighs instead of looking distinctive.
    /// </summary>
    private static string? NearCommon(string key)
    {
        if (CommonDeletes.TryGetValue(key, out var hit))
        {
            return hit;
        }
        var lookup = CommonDeletes.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[Math.Min(key.Length, 64)];
        if (key.Length > 64)
        {
            return null;
        }
        for (var i = 0; i < key.Length; i++)
        {
            key.AsSpan(0, i).CopyTo(buffer);
            key.AsSpan(i + 1).CopyTo(buffer[i..]);
            if (lookup.TryGetValue(buffer[..(key.Length - 1)], out hit) && Similarity.Distance(key, hit, 1) <= 1)
            {
                return hit;
            }
        }
        return null;
    }

    /// <summary><see cref="LatinKey"/> without the common-word typo step (which the common words themselves go through).</summary>
    private static string CoreKey(string token, out string? change)
    {
        change = null;
        var t = StripDiacritics(token);
        if (Lexicon.Abbreviations.TryGetValue(t, out var expanded))
        {
            change = "abbreviation";
            t = expanded;
        }
        var stemmed = Stem(t);
        if (!ReferenceEquals(stemmed, t) && change is null)
        {
            change = "stem";
        }
        if (Lexicon.Abbreviations.TryGetValue(stemmed, out var again))
        {
            stemmed = again;
        }
        var folded = Hepburn.FoldLatin(stemmed);
        if (!string.Equals(folded, stemmed, StringComparison.Ordinal) && change is null)
        {
            change = "long vowel";
        }
        return folded;
    }

    private static string Stem(string t)
    {
        if (t.Length > 4 && t.EndsWith("ies", StringComparison.Ordinal))
        {
            return string.Concat(t.AsSpan(0, t.Length - 3), "y");
        }
        if (t.Length > 3 && t[^1] == 's' && !t.EndsWith("ss", StringComparison.Ordinal) && !t.EndsWith("us", StringComparison.Ordinal)
            && !t.EndsWith("is", StringComparison.Ordinal) && char.IsAsciiLetter(t[^2]))
        {
            return t[..^1];
        }
        return t;
    }

    private static string StripDiacritics(string t)
    {
        var ascii = true;
        foreach (var c in t)
        {
            if (c > 0x7F)
            {
                ascii = false;
                break;
            }
        }
        if (ascii)
        {
            return t;
        }
        var d = t.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var c in d)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c switch
                {
                    'ß' => "ss",
                    'ø' => "o",
                    'æ' => "ae",
                    'œ' => "oe",
                    'ł' => "l",
                    'đ' => "d",
                    'ı' => "i",
                    _ => c.ToString(),
                });
            }
        }
        return sb.ToString();
    }

    /// <summary>Collects keys (and for queries their sources and changes) while dropping stop words unless nothing else is left.</summary>
    private sealed class FormBuilder(bool forQuery)
    {
        private readonly List<string> keys = [];
        private readonly List<string>? sources = forQuery ? [] : null;
        private readonly List<string?>? changes = forQuery ? [] : null;
        private readonly List<(string Key, string Source)> stops = [];

        public int Count => keys.Count + (keys.Count == 0 ? stops.Count : 0);

        public void AddLatin(string token)
        {
            var key = LatinKey(token, out var change);
            if (key.Length == 0)
            {
                return;
            }
            if (Lexicon.StopWords.Contains(key))
            {
                stops.Add((key, token));
                return;
            }
            AddKey(key, token, change);
        }

        public void AddRomanized(string romanized, string source, string? change = null)
        {
            foreach (var part in romanized.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var key = LatinKey(part.ToLowerInvariant(), out var c);
                if (key.Length == 0 || Lexicon.StopWords.Contains(key))
                {
                    continue;
                }
                AddKey(key, source, change ?? c);
            }
        }

        public void AddKey(string key, string source, string? change)
        {
            keys.Add(key);
            sources?.Add(source);
            changes?.Add(change);
        }

        public NameForm Build(FormKind kind)
        {
            if (keys.Count == 0)
            {
                foreach (var (k, s) in stops)
                {
                    AddKey(k, s, null);
                }
            }
            return new NameForm(kind, [.. keys], sources?.ToArray(), changes?.ToArray());
        }
    }

    private sealed class UnavailableReader : IJapaneseReader
    {
        public static readonly UnavailableReader Instance = new();

        public bool Available => false;
        public string Status => "unavailable";
        public IReadOnlyList<Morpheme> Parse(string text) => [];
    }
}
