using System.Globalization;
using System.Text;
using Musubi.Engines.Screening;

namespace Musubi.Synthetic.Screening;

/// <summary>
/// One labelled evaluation query: the transformation that made it, a detail (which variant, which script), the
/// query, and the entity it must find (null: it must find nothing).
/// </summary>
internal sealed record EvalQuery(string Transformation, string Detail, string Family, ScreeningQuery Query, string? Expected, string Source)
{
    public bool IsNegative => Expected is null;
}

/// <summary>
/// Builds the evaluation set from a generated list: realistic transformations of listed names, each labelled, and
/// negatives. Every positive query is checked not to be (after light normalization) another entry's name, and every
/// negative not to be any entry's name, so a label is never wrong by construction.
/// </summary>
internal sealed class EvaluationSet
{
    public const string Exact = "exact (control)";
    public const string Typo1 = "typo, 1 edit";
    public const string Typo2 = "typo, 2 edits";
    public const string LegalDropped = "legal form dropped";
    public const string LegalSwapped = "legal form swapped";
    public const string Abbreviation = "abbreviation";
    public const string Transliteration = "transliteration variant";
    public const string LatinForNative = "script: Latin query, native-only entry";
    public const string NativeForLatin = "script: native query, Latin-only entry";
    public const string KanaForKanji = "script: kana query, kanji entry";
    public const string WordOrder = "word order";
    public const string Partial = "partial (a descriptive word dropped)";
    public const string Acronym = "acronym (weak alias)";
    public const string IdentifierOnly = "identifier, other name";
    public const string HardNegative = "hard negative";
    public const string Negative = "negative";

    /// <summary>The positive transformations in report order.</summary>
    public static readonly string[] Positives =
        [Exact, Typo1, Typo2, LegalDropped, LegalSwapped, Abbreviation, Transliteration, LatinForNative, NativeForLatin, KanaForKanji, WordOrder, Partial, Acronym, IdentifierOnly];

    private static readonly HashSet<string> LegalTokens = new(StringComparer.Ordinal)
    {
        "co", "ltd", "company", "limited", "corporation", "corp", "inc", "incorporated", "llc", "jsc", "pjsc", "ojsc", "cjsc",
        "fsue", "gmbh", "ag", "se", "kg", "plc", "llp", "pvt", "private", "kk", "kabushiki", "kaisha", "yk", "lp", "joint",
        "stock", "liability", "ao", "pao", "oao", "zao", "ooo", "fgup", "fze", "fzco", "as", "sti", "youxian", "gongsi",
        "gufen", "zeren", "jusikhoesa", "group",
    };

    private readonly GeneratedList list;
    private readonly Rng rng;
    private readonly Dictionary<string, List<int>> nameOwners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> weakAliasCount = new(StringComparer.Ordinal);
    private readonly List<EvalQuery> queries = [];
    private int next;

    public EvaluationSet(GeneratedList list, int seed)
    {
        this.list = list;
        rng = new Rng(seed, 7);
        for (var i = 0; i < list.Entities.Length; i++)
        {
            foreach (var n in list.Entities[i].Names)
            {
                if (n.Kind == NameKind.WeakAlias)
                {
                    weakAliasCount[n.Value] = weakAliasCount.GetValueOrDefault(n.Value) + 1;
                    continue;
                }
                var key = Normalize(n.Value);
                if (!nameOwners.TryGetValue(key, out var owners))
                {
                    nameOwners[key] = owners = [];
                }
                if (!owners.Contains(i))
                {
                    owners.Add(i);
                }
            }
        }
    }

    public IReadOnlyList<EvalQuery> Queries => queries;

    /// <summary>Builds <paramref name="perTransformation"/> queries of every kind (fewer where the list has too few fitting entries).</summary>
    public static IReadOnlyList<EvalQuery> Build(GeneratedList list, int perTransformation, int seed)
    {
        var set = new EvaluationSet(list, seed);
        set.AddAll(perTransformation);
        return set.Queries;
    }

    public void AddAll(int n)
    {
        Add(Exact, n, TryExact);
        Add(Typo1, n, i => TryTypo(i, 1));
        Add(Typo2, n, i => TryTypo(i, 2));
        Add(LegalDropped, n, TryLegalDropped);
        Add(LegalSwapped, n, TryLegalSwapped);
        Add(Abbreviation, n, TryAbbreviation);
        Add(Transliteration, n, TryTransliteration);
        Add(LatinForNative, n, TryLatinForNative);
        Add(NativeForLatin, n, TryNativeForLatin);
        Add(KanaForKanji, n, TryKana);
        Add(WordOrder, n, TryWordOrder);
        Add(Partial, n, TryPartial);
        Add(Acronym, n, TryAcronym);
        Add(IdentifierOnly, n, TryIdentifier);
        AddHardNegatives(n * 2);
        AddNegatives(n * 2);
    }

    /// <summary>Light normalization for the uniqueness checks: lower case, letters and digits, legal-form words dropped.</summary>
    public static string Normalize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormKC))
        {
            sb.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !LegalTokens.Contains(w)).ToArray();
        return words.Length == 0 ? sb.ToString().Trim() : string.Join(' ', words);
    }

    private bool IsOtherEntrysName(string name, int owner) =>
        nameOwners.TryGetValue(Normalize(name), out var owners) && owners.Any(o => o != owner);

    private bool IsAnyEntrysName(string name) => nameOwners.ContainsKey(Normalize(name));

    private void Add(string transformation, int count, Func<int, (string Detail, ScreeningQuery Query)?> make)
    {
        var added = 0;
        var n = list.Entities.Length;
        for (var attempt = 0; attempt < count * 60 && added < count; attempt++)
        {
            var i = rng.Next(n);
            var made = make(i);
            if (made is null)
            {
                continue;
            }
            var (detail, query) = made.Value;
            if (transformation != Acronym && transformation != IdentifierOnly && IsOtherEntrysName(query.Name, i))
            {
                continue;
            }
            queries.Add(new EvalQuery(transformation, detail, list.Recipes[i].Family.ToString(), query, list.Entities[i].Id, list.Entities[i].Names[0].Value));
            added++;
        }
    }

    private ScreeningQuery Query(string name, int entity, bool? withCountry = null)
    {
        var country = (withCountry ?? rng.Chance(0.5)) ? SyntheticNames.Countries[list.Recipes[entity].Country] : null;
        return new ScreeningQuery("q" + (next++).ToString("D6", CultureInfo.InvariantCulture), name, country);
    }

    /// <summary>The entry's listed Latin name with its structure, when the entry lists its primary name.</summary>
    private (NameSet Names, Recipe Recipe)? Primary(int i)
    {
        var r = list.Recipes[i];
        if (r.Profile is ScreeningListGenerator.ProfileNativeOnly or ScreeningListGenerator.ProfileRomanizedNative)
        {
            return null;
        }
        return (list.Names(i), r);
    }

    private bool ListsNative(int i) => list.Recipes[i].Profile is ScreeningListGenerator.ProfileEnglishNative or ScreeningListGenerator.ProfileNativeOnly
        or ScreeningListGenerator.ProfileAll or ScreeningListGenerator.ProfileRomanizedNative;

    private bool ListsRomanized(int i) => list.Recipes[i].Profile is ScreeningListGenerator.ProfileAll or ScreeningListGenerator.ProfileRomanizedNative
        or ScreeningListGenerator.ProfileEnglishRomanized;

    // ------------------------------------------------------------------ transformations

    private (string, ScreeningQuery)? TryExact(int i)
    {
        var names = list.Entities[i].Names.Where(n => n.Kind != NameKind.WeakAlias).ToList();
        var name = names[rng.Next(names.Count)];
        return (name.Kind.ToString().ToLowerInvariant(), Query(name.Value, i));
    }

    private static readonly string[] KeyboardRows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

    private static char Neighbour(char c, Rng rng)
    {
        var lower = char.ToLowerInvariant(c);
        foreach (var row in KeyboardRows)
        {
            var k = row.IndexOf(lower, StringComparison.Ordinal);
            if (k >= 0)
            {
                var j = k == 0 ? 1 : k == row.Length - 1 ? k - 1 : (rng.Chance(0.5) ? k - 1 : k + 1);
                return char.IsUpper(c) ? char.ToUpperInvariant(row[j]) : row[j];
            }
        }
        return c;
    }

    /// <summary>One typing error inside a word (not its first letter): a neighbouring key, a dropped, doubled or swapped letter.</summary>
    public static string Edit(string word, Rng rng, out string kind)
    {
        var p = 1 + rng.Next(word.Length - 1);
        switch (rng.Next(4))
        {
            case 0:
                kind = "substitution";
                var sub = Neighbour(word[p], rng);
                return word[..p] + sub + word[(p + 1)..];
            case 1:
                kind = "deletion";
                return word.Remove(p, 1);
            case 2:
                kind = "insertion";
                return word.Insert(p, rng.Chance(0.5) ? word[p].ToString() : Neighbour(word[p], rng).ToString());
            default:
                if (p == word.Length - 1)
                {
                    p--;
                }
                if (p < 1)
                {
                    kind = "deletion";
                    return word.Remove(word.Length - 1, 1);
                }
                kind = "transposition";
                return word[..p] + word[p + 1] + word[p] + word[(p + 2)..];
        }
    }

    private (string, ScreeningQuery)? TryTypo(int i, int edits)
    {
        if (Primary(i) is not { } p)
        {
            return null;
        }
        var words = p.Names.PrimaryCore.Split(' ');
        var eligible = Enumerable.Range(0, words.Length).Where(k => words[k].Length >= 5 && words[k].All(char.IsLetter)).ToList();
        if (eligible.Count == 0)
        {
            return null;
        }
        var kinds = new List<string>();
        for (var e = 0; e < edits; e++)
        {
            var k = eligible[rng.Next(eligible.Count)];
            words[k] = Edit(words[k], rng, out var kind);
            kinds.Add(kind);
        }
        var core = string.Join(' ', words);
        if (core == p.Names.PrimaryCore)
        {
            return null;
        }
        return (string.Join(" + ", kinds), Query(NameSet.Compose(core, p.Names.PrimaryLegal, p.Names.PrimaryLegalPrefix), i));
    }

    private (string, ScreeningQuery)? TryLegalDropped(int i)
    {
        if (Primary(i) is not { } p || p.Names.PrimaryLegal.Length == 0)
        {
            return null;
        }
        return (p.Names.PrimaryLegal.TrimStart(',', ' '), Query(p.Names.PrimaryCore, i));
    }

    /// <summary>Legal forms a list or a user writes for the same kind of company, per family.</summary>
    private static string[] SwapChoices(Family family, string current) => family switch
    {
        Family.Chinese => ["Co., Ltd.", "Company Limited", "Corporation", "Corp.", "Limited", "Co. Ltd", "Ltd."],
        Family.Japanese => ["Co., Ltd.", "Corporation", "K.K.", "Kabushiki Kaisha", ", Ltd.", ", Inc.", "Corp."],
        Family.Korean => ["Co., Ltd.", "Corporation", "Corp.", ", Inc.", "Company Limited"],
        Family.Russian when current.Contains("LLC", StringComparison.Ordinal) || current.Contains("Liability", StringComparison.Ordinal) =>
            ["LLC", "Limited Liability Company", "OOO"],
        Family.Russian when current == "FSUE" => ["Federal State Unitary Enterprise", "FGUP"],
        Family.Russian => ["JSC", "Joint Stock Company", "AO", "OJSC", "PJSC", "OAO", "CJSC", "ZAO", "Joint-Stock Company"],
        Family.Persian => ["Co.", "Company", "Ltd.", "Corporation"],
        Family.Arabic => ["LLC", "L.L.C.", "FZE", "FZCO", "FZ-LLC", "Co. LLC"],
        Family.German => ["GmbH", "AG", "GmbH & Co. KG", "SE", "KG"],
        Family.Turkish => ["A.Ş.", "Anonim Şirketi", "AŞ", "Ltd. Şti.", "Limited Şirketi"],
        _ when current.Contains("Ltd", StringComparison.Ordinal) || current.Contains("Limited", StringComparison.Ordinal) || current is "PLC" or "LLP" =>
            ["Ltd", "Limited", "Ltd.", "PLC", "Private Limited", "Pvt Ltd"],
        _ => ["Inc.", "Incorporated", "Corp.", "Corporation", "LLC", "Co.", "Company", ", Inc."],
    };

    private (string, ScreeningQuery)? TryLegalSwapped(int i)
    {
        var r = list.Recipes[i];
        // Native names: the other way of writing the same legal form (株式会社 ↔ (株), АО ↔ Акционерное общество, 有限公司 ↔ 有限责任公司).
        if (ListsNative(i) && rng.Chance(0.3) && list.Names(i) is { Native: not null, NativeCore: not null } nn)
        {
            var swapped = r.Family switch
            {
                Family.Japanese => rng.Chance(0.5) ? "(株)" + nn.NativeCore : nn.NativeCore + "（株）",
                Family.Chinese when nn.Native.EndsWith("有限公司", StringComparison.Ordinal) => nn.NativeCore + (rng.Chance(0.5) ? "有限责任公司" : "股份有限公司"),
                Family.Russian when nn.Native.StartsWith("АО ", StringComparison.Ordinal) => "Акционерное общество " + nn.Native[3..],
                Family.Russian when nn.Native.StartsWith("ООО ", StringComparison.Ordinal) => "Общество с ограниченной ответственностью " + nn.Native[4..],
                Family.Korean when r.Pattern == 1 => rng.Chance(0.5) ? "(주)" + nn.NativeCore : "주식회사 " + nn.NativeCore,
                _ => null,
            };
            if (swapped is not null && swapped != nn.Native)
            {
                return ("native: " + r.Family, Query(swapped, i));
            }
        }
        if (Primary(i) is not { } p || p.Names.PrimaryLegal.Length == 0)
        {
            return null;
        }
        var current = p.Names.PrimaryLegal.TrimStart(',', ' ');
        var choices = SwapChoices(r.Family, current).Where(c => c.TrimStart(',', ' ') != current).ToArray();
        var legal = choices[rng.Next(choices.Length)];
        var prefix = r.Family == Family.Russian && !legal.StartsWith(',') ? rng.Chance(0.5) : false;
        return (current + " → " + legal.TrimStart(',', ' '), Query(NameSet.Compose(p.Names.PrimaryCore, legal, prefix), i));
    }

    private (string, ScreeningQuery)? TryAbbreviation(int i)
    {
        if (Primary(i) is not { } p)
        {
            return null;
        }
        var words = p.Names.PrimaryCore.Split(' ');
        var eligible = Enumerable.Range(0, words.Length).Where(k => Vocabulary.Abbreviations.Any(a => a.Word == words[k])).ToList();
        if (eligible.Count == 0)
        {
            return null;
        }
        var k = eligible[rng.Next(eligible.Count)];
        var shorts = Vocabulary.Abbreviations.First(a => a.Word == words[k]).Short;
        var abbreviation = shorts[rng.Next(shorts.Length)];
        var change = words[k] + " → " + abbreviation;
        words[k] = abbreviation;
        return (change, Query(NameSet.Compose(string.Join(' ', words), p.Names.PrimaryLegal, p.Names.PrimaryLegalPrefix), i));
    }

    private (string, ScreeningQuery)? TryTransliteration(int i)
    {
        var r = list.Recipes[i];
        var listed = list.Names(i);
        RenderStyle style;
        string detail;
        switch (r.Family)
        {
            case Family.Chinese when r.Pattern is 0 or 4:
                style = rng.Chance(0.5) ? new RenderStyle { Alternative = true } : new RenderStyle { SpacedSyllables = true };
                detail = style.Alternative ? "Chinese: Wade-Giles" : "Chinese: syllables apart";
                break;
            case Family.Japanese when ListsRomanized(i):
                var v = (LongVowels)(1 + rng.Next(4));
                style = new RenderStyle { Vowels = v };
                detail = "Japanese: long vowels " + v.ToString().ToLowerInvariant();
                break;
            case Family.Russian:
                var scheme = (CyrillicScheme)(1 + rng.Next(4));
                style = new RenderStyle { Cyrillic = scheme };
                detail = "Russian: " + scheme;
                break;
            case Family.Korean:
                style = rng.Chance(0.6) ? new RenderStyle { Alternative = true } : new RenderStyle { SpacedSyllables = true };
                detail = style.Alternative ? (r.Pattern == 0 ? "Korean: RR for MR" : "Korean: MR for RR") : "Korean: syllables apart";
                break;
            case Family.Persian:
            case Family.Arabic:
            case Family.German:
            case Family.Turkish:
                style = new RenderStyle { Alternative = true };
                detail = r.Family + ": other spelling";
                break;
            default:
                return null;
        }
        var variant = SyntheticNames.Render(r, style);
        string query;
        if (r.Family == Family.Japanese)
        {
            query = variant.Romanized!;
            if (query == listed.Romanized)
            {
                return null;
            }
        }
        else if (Primary(i) is not null)
        {
            query = variant.Primary;
            if (query == listed.Primary)
            {
                return null;
            }
        }
        else if (ListsRomanized(i) && variant.Romanized is not null && variant.Romanized != listed.Romanized)
        {
            query = variant.Romanized;
        }
        else
        {
            return null;
        }
        return (detail, Query(query, i));
    }

    private (string, ScreeningQuery)? TryLatinForNative(int i)
    {
        var r = list.Recipes[i];
        if (r.Profile != ScreeningListGenerator.ProfileNativeOnly)
        {
            return null;
        }
        var n = list.Names(i);
        if (n.Native is null)
        {
            return null;
        }
        if (rng.Chance(0.5) && n.Romanized is not null)
        {
            var romanized = r.Family == Family.Japanese ? SyntheticNames.Render(r, new RenderStyle { Vowels = (LongVowels)rng.Next(5) }).Romanized! : n.Romanized;
            return (r.Family + ": romanized", Query(romanized, i));
        }
        return (r.Family + ": English", Query(n.Primary, i));
    }

    private (string, ScreeningQuery)? TryNativeForLatin(int i)
    {
        var r = list.Recipes[i];
        if (r.Profile is not (ScreeningListGenerator.ProfileEnglishOnly or ScreeningListGenerator.ProfileEnglishRomanized))
        {
            return null;
        }
        var n = list.Names(i);
        if (n.Native is null)
        {
            return null;
        }
        var against = r.Profile == ScreeningListGenerator.ProfileEnglishOnly ? "English entry" : "romanized alias";
        return (r.Family + ": " + against, Query(n.Native, i));
    }

    private (string, ScreeningQuery)? TryKana(int i)
    {
        var r = list.Recipes[i];
        if (r.Family != Family.Japanese || !ListsNative(i) || r.Has(Recipe.FlagKana))
        {
            return null;
        }
        var n = list.Names(i);
        return (r.Has(Recipe.FlagKanaSpaced) ? "words apart" : "written together", Query(n.Kana!, i));
    }

    private (string, ScreeningQuery)? TryWordOrder(int i)
    {
        if (Primary(i) is not { } p)
        {
            return null;
        }
        var n = p.Names;
        var core = n.PrimaryCore;
        var options = new List<(string Detail, string Name)>();
        if (n.Place is not null && core.StartsWith(n.Place + " ", StringComparison.Ordinal))
        {
            var rest = core[(n.Place.Length + 1)..];
            if (rest.StartsWith("Research Institute of ", StringComparison.Ordinal) || rest.StartsWith("University of ", StringComparison.Ordinal))
            {
                options.Add(("place last", NameSet.Compose(rest + ", " + n.Place, n.PrimaryLegal, n.PrimaryLegalPrefix)));
            }
            else
            {
                options.Add(("place in parentheses", NameSet.Compose(rest + " (" + n.Place + ")", n.PrimaryLegal, n.PrimaryLegalPrefix)));
            }
        }
        if (n.PrimaryLegal.Length > 0 && p.Recipe.Family == Family.Russian)
        {
            options.Add(("legal form moved", NameSet.Compose(core, n.PrimaryLegal, !n.PrimaryLegalPrefix)));
        }
        var words = core.Split(' ');
        if (words.Length >= 3 && words.All(w => w.Length > 3))
        {
            (words[0], words[1]) = (words[1], words[0]);
            options.Add(("first two words swapped", NameSet.Compose(string.Join(' ', words), n.PrimaryLegal, n.PrimaryLegalPrefix)));
        }
        if (options.Count == 0)
        {
            return null;
        }
        var (detail, name) = options[rng.Next(options.Count)];
        return (detail, Query(name, i));
    }

    /// <summary>
    /// A descriptive word dropped, as users shorten names: one of two domain words, a modifier ("Advanced"), the
    /// kind of a Russian organization or its "named after", a Persian qualifier, a DPRK domain word. Never the
    /// distinctive trade name: a name without it is another, generic name.
    /// </summary>
    private (string, ScreeningQuery)? TryPartial(int i)
    {
        if (Primary(i) is not { } p)
        {
            return null;
        }
        var r = p.Recipe;
        var shorter = r;
        switch (r.Family)
        {
            case Family.Chinese or Family.Japanese or Family.German or Family.Turkish or Family.Arabic or Family.English when r.D > 0:
                if (rng.Chance(0.5))
                {
                    shorter.C = (ushort)(r.D - 1);
                }
                shorter.D = 0;
                break;
            case Family.Korean when r.Pattern == 1 && r.D > 0:
                if (rng.Chance(0.5))
                {
                    shorter.C = r.D;
                }
                shorter.D = 0;
                break;
            case Family.Korean when r.Pattern == 0 && r.C > 0:
                shorter.C = 0;
                break;
            case Family.English when r.A > 0:
                shorter.A = 0;
                break;
            case Family.Russian when r.A > 0 || r.E > 0:
                if (r.E > 0 && (r.A == 0 || rng.Chance(0.5)))
                {
                    shorter.E = 0;
                }
                else
                {
                    shorter.A = 0;
                }
                break;
            case Family.Persian when r.E > 0 && r.Pattern != 2:
                shorter.E = 0;
                break;
            default:
                return null;
        }
        var name = SyntheticNames.Render(shorter, RenderStyle.Default);
        var dropped = string.Join(' ', p.Names.PrimaryCore.Split(' ').Except(name.PrimaryCore.Split(' ')));
        if (dropped.Length == 0)
        {
            return null;
        }
        return (r.Family + ": " + dropped, Query(name.Primary, i));
    }

    private (string, ScreeningQuery)? TryAcronym(int i)
    {
        var weak = list.Entities[i].Names.FirstOrDefault(n => n.Kind == NameKind.WeakAlias);
        if (weak is null || weakAliasCount[weak.Value] != 1 || IsAnyEntrysName(weak.Value))
        {
            return null;
        }
        return (weak.Value.Length + " letters", Query(weak.Value, i));
    }

    private (string, ScreeningQuery)? TryIdentifier(int i)
    {
        var e = list.Entities[i];
        if (e.Identifiers.Count == 0)
        {
            return null;
        }
        var r = list.Recipes[i];
        var renamed = ScreeningListGenerator.Fresh(rng, r.Country, list.Keys);
        var name = SyntheticNames.Render(renamed, RenderStyle.Default).Primary;
        if (IsAnyEntrysName(name))
        {
            return null;
        }
        var id = e.Identifiers[rng.Next(e.Identifiers.Count)];
        return (id.Scheme, Query(name, i, withCountry: true) with { Identifiers = [id] });
    }

    // ------------------------------------------------------------------ negatives

    private void AddNegative(string transformation, string detail, Family family, string name, string? country, string source)
    {
        queries.Add(new EvalQuery(transformation, detail, family.ToString(), new ScreeningQuery("q" + (next++).ToString("D6", CultureInfo.InvariantCulture), name, country), null, source));
    }

    /// <summary>
    /// A name that shares most tokens with a listed one but is another organization: its distinctive word replaced,
    /// another domain word, another city (sister companies), or a word inserted ("Beijing Institute of Fashion
    /// Technology" beside "Beijing Institute of Technology").
    /// </summary>
    private void AddHardNegatives(int count)
    {
        var added = 0;
        for (var attempt = 0; attempt < count * 60 && added < count; attempt++)
        {
            var i = rng.Next(list.Entities.Length);
            var r = list.Recipes[i];
            var listed = list.Names(i);
            var usePrimary = Primary(i) is not null;
            var country = rng.Chance(0.5) ? SyntheticNames.Countries[r.Country] : null;
            var kind = rng.Next(4);
            string detail;
            string name;
            if (kind == 3)
            {
                if (!usePrimary)
                {
                    continue;
                }
                var words = listed.PrimaryCore.Split(' ').ToList();
                if (words.Count < 2)
                {
                    continue;
                }
                var word = Vocabulary.InsertedWords[rng.Next(Vocabulary.InsertedWords.Length)];
                words.Insert(words.Count - 1, word);
                detail = "word inserted";
                name = NameSet.Compose(string.Join(' ', words), listed.PrimaryLegal, listed.PrimaryLegalPrefix);
            }
            else
            {
                var other = r;
                switch (kind)
                {
                    case 0:
                        detail = "distinctive word replaced";
                        var drawn = ScreeningListGenerator.Draw(rng, r.Country);
                        if (drawn.Pattern != r.Pattern)
                        {
                            continue;
                        }
                        other.A = r.Family is Family.Japanese or Family.English ? drawn.A : r.A;
                        other.B = drawn.B;
                        other.E = r.Family is Family.Korean ? r.E : drawn.E;
                        if (r.Family == Family.Japanese)
                        {
                            other.A = drawn.A;
                        }
                        break;
                    case 1:
                        detail = "other domain word";
                        var d = ScreeningListGenerator.Draw(rng, r.Country);
                        if (d.Pattern != r.Pattern || d.C == r.C || (r.Family == Family.Korean && r.Pattern == 0 && r.C == 0))
                        {
                            continue;
                        }
                        other.C = d.C;
                        break;
                    default:
                        if (r.Family != Family.Chinese || r.Pattern is not (0 or 1 or 3) || r.A >= Vocabulary.ChinesePlaces.Length)
                        {
                            continue;
                        }
                        detail = "other city";
                        other.A = (ushort)rng.Next(Vocabulary.ChinesePlaces.Length);
                        break;
                }
                if (other.Key == r.Key || list.Keys.Contains(other.Key))
                {
                    continue;
                }
                var names = SyntheticNames.Render(other, RenderStyle.Default);
                name = usePrimary ? names.Primary : (names.Native ?? names.Primary);
            }
            if (IsAnyEntrysName(name))
            {
                continue;
            }
            AddNegative(HardNegative, detail, r.Family, name, country, list.Entities[i].Names[0].Value);
            added++;
        }
    }

    private void AddNegatives(int count)
    {
        var total = SyntheticNames.CountryWeights.Sum();
        var added = 0;
        for (var attempt = 0; attempt < count * 20 && added < count; attempt++)
        {
            var x = rng.Next(total);
            byte c = 0;
            while (x >= SyntheticNames.CountryWeights[c])
            {
                x -= SyntheticNames.CountryWeights[c];
                c++;
            }
            var r = ScreeningListGenerator.Fresh(rng, c, list.Keys, reserved: true);
            var n = SyntheticNames.Render(r, RenderStyle.Default);
            var native = n.Native is not null && rng.Chance(0.25);
            var name = native ? n.Native! : n.Primary;
            if (IsAnyEntrysName(name))
            {
                continue;
            }
            AddNegative(Negative, native ? "native script" : "Latin", r.Family, name, rng.Chance(0.5) ? SyntheticNames.Countries[c] : null, "");
            added++;
        }
    }
}
