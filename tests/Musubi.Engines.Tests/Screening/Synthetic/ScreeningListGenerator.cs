using Musubi.Engines.Screening;
using static Musubi.Synthetic.Screening.Vocabulary;

namespace Musubi.Synthetic.Screening;

/// <summary>
/// A generated denied-party list: the recipes (what each entry is made of) and the entities as the engine reads them.
/// The same count and seed give the same list on every machine.
/// </summary>
internal sealed class GeneratedList
{
    public GeneratedList(int seed, Recipe[] recipes, ScreeningEntity[] entities, HashSet<ulong> keys)
    {
        Seed = seed;
        Recipes = recipes;
        Entities = entities;
        Keys = keys;
    }

    public int Seed { get; }

    public Recipe[] Recipes { get; }

    public ScreeningEntity[] Entities { get; }

    /// <summary>The distinct keys of the recipes, so that names made for negatives can stay off the list.</summary>
    public HashSet<ulong> Keys { get; }

    public NameSet Names(int i, RenderStyle? style = null) => SyntheticNames.Render(Recipes[i], style ?? RenderStyle.Default);

    /// <summary>How many entries per country, for the benchmark's description of the list.</summary>
    public IReadOnlyDictionary<string, int> CountByCountry() =>
        Recipes.GroupBy(r => SyntheticNames.Countries[r.Country]).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count());
}

/// <summary>
/// Generates multi-script denied-party lists: organizations from China (Han, pinyin, English), Russia and Belarus
/// (Cyrillic, transliterated English), Iran (Persian), North and South Korea (Hangul), Japan (kanji, katakana, Hepburn,
/// English), the United Arab Emirates (Arabic), the United States, the United Kingdom, India, Germany and Turkey.
/// Each entry carries some of its forms as the lists do (<see cref="Profiles"/>): an English name with a native
/// alias, the English name only, the native name only, a romanized name… and sometimes an acronym (weak alias) and
/// identifiers with valid check digits. Names are unique by their distinctive parts (<see cref="Recipe.Key"/>).
/// </summary>
internal static class ScreeningListGenerator
{
    /// <summary>
    /// Which names an entry of a non-Latin-script family carries: 0 English + native alias; 1 English only; 2 native
    /// only; 3 English + romanized alias + native alias; 4 romanized name + native alias; 5 English + romanized alias.
    /// </summary>
    public static readonly int[] Profiles = [45, 15, 12, 13, 10, 5];

    public const int ProfileEnglishNative = 0;
    public const int ProfileEnglishOnly = 1;
    public const int ProfileNativeOnly = 2;
    public const int ProfileAll = 3;
    public const int ProfileRomanizedNative = 4;
    public const int ProfileEnglishRomanized = 5;

    private static readonly string[] ProgramNames = ["Entity List", "SDN", "METI End User List", "UN Security Council", "EU Consolidated List", "Military End User List", "Non-SDN Menu-Based Sanctions"];

    public static GeneratedList Generate(int count, int seed)
    {
        var (recipes, keys) = Recipes(count, seed);
        var entities = new ScreeningEntity[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => entities[i] = Entity(i, recipes[i], seed));
        return new GeneratedList(seed, recipes, entities, keys);
    }

    /// <summary>
    /// Trade names kept off the list (one in eight first syllables, stems, brands…), so plain negatives can be made
    /// whose distinctive word no entry has.
    /// </summary>
    public static bool IsReserved(in Recipe r) => r.Family switch
    {
        Family.Chinese => r.Pattern is 0 or 4 && r.B / ChineseSyllables.Length % 8 == 0,
        Family.Japanese => r.A < JapaneseBrands.Length ? r.A % 8 == 0 : (r.A - JapaneseBrands.Length) / JapaneseBrandKanji.Length % 8 == 0,
        Family.Russian => SyntheticNames.RussianCompound(r.B).First % 8 == 0,
        Family.Korean => r.B / KoreanSyllables.Length % 8 == 0,
        Family.Persian => r.B % 8 == 0,
        Family.Arabic => r.B > 0 ? (r.B - 1) % 8 == 0 : (r.E - 1) % 8 == 0,
        _ => r.B % 8 == 0,
    };

    /// <summary>Two optional words of one kind in one order (the first index, then 1 + the second), so that "A B" and "B A" are one name.</summary>
    private static void Order(ref ushort first, ref ushort secondPlusOne)
    {
        if (secondPlusOne > 0 && secondPlusOne - 1 < first)
        {
            (first, secondPlusOne) = ((ushort)(secondPlusOne - 1), (ushort)(first + 1));
        }
    }

    public static (Recipe[] Recipes, HashSet<ulong> Keys) Recipes(int count, int seed)
    {
        var rng = new Rng(seed, -1);
        var recipes = new Recipe[count];
        var keys = new HashSet<ulong>(count);
        var total = SyntheticNames.CountryWeights.Sum();
        for (var i = 0; i < count; i++)
        {
            while (true)
            {
                var country = PickCountry(rng, total);
                var found = false;
                for (var attempt = 0; attempt < 8 && !found; attempt++)
                {
                    var r = Draw(rng, country);
                    if (!IsReserved(r) && keys.Add(r.Key))
                    {
                        recipes[i] = r;
                        found = true;
                    }
                }
                if (found)
                {
                    break;
                }
            }
        }
        return (recipes, keys);
    }

    private static byte PickCountry(Rng rng, int total)
    {
        var x = rng.Next(total);
        for (var c = 0; c < SyntheticNames.CountryWeights.Length; c++)
        {
            x -= SyntheticNames.CountryWeights[c];
            if (x < 0)
            {
                return (byte)c;
            }
        }
        return 0;
    }

    private static readonly int[] ChinesePatterns = [75, 8, 4, 5, 8];
    private static readonly int[] PersianPatterns = [40, 25, 10, 25];

    private static int Pick(Rng rng, int[] weights)
    {
        var total = 0;
        foreach (var w in weights)
        {
            total += w;
        }
        var x = rng.Next(total);
        for (var k = 0; k < weights.Length; k++)
        {
            x -= weights[k];
            if (x < 0)
            {
                return k;
            }
        }
        return 0;
    }

    private static ushort Pair(Rng rng, int n)
    {
        var a = rng.Next(n);
        var b = rng.Next(n - 1);
        if (b >= a)
        {
            b++;
        }
        return (ushort)((a * n) + b);
    }

    /// <summary>0 (none) or 1 + an index different from <paramref name="not"/> (an index, or -1).</summary>
    private static ushort Optional(Rng rng, double p, int n, int not = -1)
    {
        if (rng.NextDouble() >= p)
        {
            return 0;
        }
        var k = rng.Next(n);
        return k == not ? (ushort)0 : (ushort)(k + 1);
    }

    private static byte Flag(Rng rng, byte flag, double p) => rng.NextDouble() < p ? flag : (byte)0;

    /// <summary>A random recipe for a country (not checked against the list).</summary>
    public static Recipe Draw(Rng rng, byte country)
    {
        var family = SyntheticNames.CountryFamilies[country];
        var r = new Recipe { Family = family, Country = country };
        r.Flags = (byte)(Flag(rng, Recipe.FlagWeakAlias, 0.2) | Flag(rng, Recipe.FlagIdentifiers, 0.35) | Flag(rng, Recipe.FlagVariant, 0.5) | Flag(rng, Recipe.FlagLegalComma, 0.5));
        var latinOnly = family is Family.English or Family.German or Family.Turkish;
        r.Profile = latinOnly ? (byte)(family == Family.English ? 1 : rng.NextDouble() < 0.4 ? 5 : 1) : (byte)Pick(rng, Profiles);
        switch (family)
        {
            case Family.Chinese:
                var hk = SyntheticNames.Countries[country] == "HK";
                r.Pattern = hk ? (byte)0 : (byte)Pick(rng, ChinesePatterns);
                r.A = hk ? (ushort)ChinesePlaces.Length : (ushort)rng.Next(ChinesePlaces.Length);
                r.C = (ushort)rng.Next(ChineseDomains.Length);
                r.Legal = (byte)rng.Next(ChineseLegalForms.Length);
                switch (r.Pattern)
                {
                    case 0:
                        r.B = Pair(rng, ChineseSyllables.Length);
                        r.D = Optional(rng, 0.5, ChineseDomains.Length, r.C);
                        break;
                    case 1:
                        r.D = Optional(rng, 0.7, ChineseDomains.Length, r.C);
                        break;
                    case 2:
                        r.A = 0;
                        r.D = (ushort)(((r.C + 1 + rng.Next(ChineseDomains.Length - 1)) % ChineseDomains.Length) + 1);
                        break;
                    case 3:
                        r.D = Optional(rng, 0.5, ChineseDomains.Length, r.C);
                        break;
                    default:
                        r.A = 0;
                        r.B = Pair(rng, ChineseSyllables.Length);
                        break;
                }
                break;
            case Family.Japanese:
                r.A = (ushort)(rng.NextDouble() < 0.45 ? rng.Next(JapaneseBrands.Length) : JapaneseBrands.Length + Pair(rng, JapaneseBrandKanji.Length));
                r.C = (ushort)rng.Next(JapaneseDomains.Length);
                r.D = Optional(rng, 0.55, JapaneseDomains.Length, r.C);
                r.Legal = (byte)rng.Next(JapaneseLegalForms.Length);
                r.Flags |= (byte)(Flag(rng, Recipe.FlagKana, 0.15) | Flag(rng, Recipe.FlagKanaSpaced, 0.5));
                break;
            case Family.Russian:
                r.A = rng.NextDouble() < 0.35 ? (ushort)0 : (ushort)(1 + rng.Next(RussianKinds.Length));
                r.B = (ushort)SyntheticNames.RussianCompoundIndex(
                    rng.Next(RussianFirstStems.Length), rng.NextDouble() < 0.6 ? -1 : rng.Next(RussianMiddleStems.Length), rng.Next(RussianLastStems.Length));
                r.E = Optional(rng, 0.12, RussianSurnamesGenitive.Length);
                r.Legal = (byte)rng.Next(RussianLegalForms.Length);
                break;
            case Family.Korean:
                var north = SyntheticNames.Countries[country] == "KP";
                r.Pattern = north ? (byte)0 : (byte)1;
                r.B = Pair(rng, KoreanSyllables.Length);
                if (north)
                {
                    r.C = Optional(rng, 0.7, KoreanDomains.Length);
                    r.E = (ushort)rng.Next(KoreanKinds.Length);
                }
                else
                {
                    r.C = (ushort)(1 + rng.Next(KoreanDomains.Length));
                    r.D = Optional(rng, 0.5, KoreanDomains.Length, r.C - 1);
                    r.Legal = (byte)rng.Next(KoreanLegalForms.Length);
                }
                break;
            case Family.Persian:
                r.Pattern = (byte)Pick(rng, PersianPatterns);
                r.C = (ushort)rng.Next(PersianDomains.Length);
                if (r.Pattern == 2)
                {
                    r.B = (ushort)rng.Next(PersianSurnames.Length);
                    r.C = 0;
                }
                else
                {
                    r.B = (ushort)rng.Next(PersianBrands.Length);
                    r.D = Optional(rng, 0.5, PersianBrands.Length, r.B);
                    r.E = Optional(rng, 0.4, PersianQualifiers.Length);
                }
                break;
            case Family.Arabic:
                r.B = Optional(rng, 0.8, ArabicBrands.Length);
                r.E = r.B == 0 ? (ushort)(1 + rng.Next(ArabicSurnames.Length)) : Optional(rng, 0.4, ArabicSurnames.Length);
                r.C = (ushort)rng.Next(ArabicDomains.Length);
                r.D = Optional(rng, 0.3, ArabicDomains.Length, r.C);
                r.Legal = (byte)rng.Next(ArabicLegalForms.Length);
                break;
            case Family.English:
                r.A = Optional(rng, 0.3, EnglishModifiers.Length);
                r.B = (ushort)rng.Next(EnglishBrands.Length);
                r.C = (ushort)rng.Next(EnglishDomains.Length);
                r.D = Optional(rng, 0.4, EnglishDomains.Length, r.C);
                r.Legal = (byte)rng.Next(SyntheticNames.EnglishLegalForms(country).Length);
                break;
            case Family.German:
                r.B = (ushort)rng.Next(GermanBrands.Length);
                r.E = Optional(rng, 0.3, GermanBrands.Length, r.B);
                r.C = (ushort)rng.Next(GermanDomains.Length);
                r.D = Optional(rng, 0.3, GermanDomains.Length, r.C);
                r.Legal = (byte)rng.Next(GermanLegalForms.Length);
                break;
            default:
                r.B = (ushort)rng.Next(TurkishBrands.Length);
                r.E = Optional(rng, 0.5, TurkishBrands.Length, r.B);
                r.C = (ushort)rng.Next(TurkishDomains.Length);
                r.D = Optional(rng, 0.5, TurkishDomains.Length, r.C);
                r.Legal = (byte)rng.Next(TurkishLegalForms.Length);
                break;
        }
        // Pairs of words of one kind in one order (word order does not make another organization).
        switch (family)
        {
            case Family.Korean when r.Pattern == 1:
                var c = (ushort)(r.C - 1);
                Order(ref c, ref r.D);
                r.C = (ushort)(c + 1);
                break;
            case Family.Korean:
                break;
            case Family.Persian when r.Pattern != 2:
                Order(ref r.B, ref r.D);
                break;
            case Family.German:
            case Family.Turkish:
                Order(ref r.B, ref r.E);
                Order(ref r.C, ref r.D);
                break;
            case Family.Persian:
            case Family.Russian:
                break;
            default:
                Order(ref r.C, ref r.D);
                break;
        }
        return r;
    }

    /// <summary>A recipe of the country not on the list (a name no entry has); with <paramref name="reserved"/>, one whose trade name no entry has either.</summary>
    public static Recipe Fresh(Rng rng, byte country, HashSet<ulong> taken, bool reserved = false)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var r = Draw(rng, country);
            if (!taken.Contains(r.Key) && (!reserved || IsReserved(r)))
            {
                return r;
            }
        }
        throw new InvalidOperationException($"no free name left for {SyntheticNames.Countries[country]}");
    }

    /// <summary>The entity of recipe <paramref name="i"/>: its names per profile, countries, identifiers, programs.</summary>
    public static ScreeningEntity Entity(int i, in Recipe r, int seed)
    {
        var n = SyntheticNames.Render(r, RenderStyle.Default);
        var names = new List<EntityName>(4);
        switch (r.Profile)
        {
            case ProfileEnglishNative:
                names.Add(new EntityName(n.Primary));
                AddNative(names, n, NameKind.Alias);
                break;
            case ProfileEnglishOnly:
                names.Add(new EntityName(n.Primary));
                break;
            case ProfileNativeOnly:
                if (n.Native is not null)
                {
                    names.Add(new EntityName(n.Native));
                }
                else
                {
                    names.Add(new EntityName(n.Primary));
                }
                break;
            case ProfileAll:
                names.Add(new EntityName(n.Primary));
                AddRomanized(names, n);
                AddNative(names, n, NameKind.Alias);
                break;
            case ProfileRomanizedNative:
                names.Add(new EntityName(n.Romanized ?? n.Primary));
                AddNative(names, n, NameKind.Alias);
                break;
            default:
                names.Add(new EntityName(n.Primary));
                AddRomanized(names, n);
                break;
        }
        if (r.Has(Recipe.FlagKana) && n.Kana is not null && r.Profile != ProfileNativeOnly)
        {
            names.Add(new EntityName(n.Kana, NameKind.Alias));
        }
        if (r.Has(Recipe.FlagWeakAlias) && n.Acronym is not null)
        {
            names.Add(new EntityName(n.Acronym, NameKind.WeakAlias));
        }
        var identifiers = r.Has(Recipe.FlagIdentifiers) ? Identifiers(i, r, seed) : [];
        var schema = n.PrimaryCore.Contains("Institute", StringComparison.Ordinal) || n.PrimaryCore.Contains("Academy", StringComparison.Ordinal)
            || n.PrimaryCore.Contains("University", StringComparison.Ordinal) ? "Organization" : "Company";
        return new ScreeningEntity(SyntheticNames.Format(i), schema, names, [SyntheticNames.Countries[r.Country]], identifiers)
        {
            Programs = [ProgramNames[(int)(((uint)i * 2654435761u) % (uint)ProgramNames.Length)]],
        };
    }

    private static void AddNative(List<EntityName> names, NameSet n, NameKind kind)
    {
        if (n.Native is not null)
        {
            names.Add(new EntityName(n.Native, kind));
        }
    }

    private static void AddRomanized(List<EntityName> names, NameSet n)
    {
        if (n.Romanized is not null && n.Romanized != n.Primary)
        {
            names.Add(new EntityName(n.Romanized, NameKind.Alias));
        }
    }

    /// <summary>The random source of entry <paramref name="i"/>'s identifiers: the same for the same seed and index.</summary>
    public static Rng EntityRandom(int i, int seed) => new(seed, i);

    public static EntityIdentifier[] Identifiers(int i, in Recipe r, int seed)
    {
        var rng = EntityRandom(i, seed);
        var lei = new EntityIdentifier("lei", SyntheticIdentifiers.Lei(rng));
        if (rng.NextDouble() < 0.5)
        {
            return [lei];
        }
        return SyntheticNames.Countries[r.Country] switch
        {
            "JP" => [lei, new EntityIdentifier("jcn", SyntheticIdentifiers.CorporateNumber(rng))],
            "RU" or "BY" => [lei, new EntityIdentifier("registration", SyntheticIdentifiers.Ogrn(rng))],
            "CN" => [lei, new EntityIdentifier("registration", SyntheticIdentifiers.Uscc(rng))],
            "US" => [lei, new EntityIdentifier("cage", SyntheticIdentifiers.Cage(rng))],
            _ => [lei],
        };
    }
}
