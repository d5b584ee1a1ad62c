using System.Globalization;
using System.Text;
using static Musubi.Synthetic.Screening.Vocabulary;

namespace Musubi.Synthetic.Screening;

/// <summary>The language family a generated name is built in; decides its scripts and romanizations.</summary>
internal enum Family : byte
{
    Chinese,
    Japanese,
    Russian,
    Korean,
    Persian,
    Arabic,
    English,
    German,
    Turkish,
}

/// <summary>How Japanese long vowels are written in romaji: ō as o, ō, ou, oh or oo (ū as u, ū, uu, u, uu).</summary>
internal enum LongVowels
{
    Plain,
    Macron,
    Ou,
    Oh,
    Double,
}

/// <summary>
/// How to render a name: the alternative romanization (Wade-Giles for Chinese, Revised Romanization for North Korean
/// names and McCune-Reischauer for South Korean ones, the other Persian or Arabic spelling, German and Turkish without
/// diacritics), Chinese and Korean trade-name syllables written apart, the Cyrillic scheme, the Japanese long vowels.
/// </summary>
internal sealed record RenderStyle
{
    public bool Alternative { get; init; }

    public bool SpacedSyllables { get; init; }

    public CyrillicScheme Cyrillic { get; init; } = CyrillicScheme.English;

    public LongVowels Vowels { get; init; } = LongVowels.Plain;

    public static RenderStyle Default { get; } = new();
}

/// <summary>
/// A generated organization before rendering: which family, country and pattern, which words (indexes into
/// <see cref="Vocabulary"/>), the legal form, which of its names the list carries (<see cref="Profile"/>) and flags.
/// Small on purpose: a million of them take 24 MB, and every name is rendered from it on demand.
/// </summary>
internal struct Recipe
{
    public Family Family;
    public byte Country;
    public byte Pattern;
    public byte Legal;
    public byte Profile;
    public byte Flags;
    public ushort A;
    public ushort B;
    public ushort C;
    public ushort D;
    public ushort E;

    public const byte FlagWeakAlias = 1;
    public const byte FlagIdentifiers = 2;
    public const byte FlagKana = 4;
    public const byte FlagKanaSpaced = 8;
    public const byte FlagVariant = 16;
    public const byte FlagLegalComma = 32;

    public readonly bool Has(byte flag) => (Flags & flag) != 0;

    /// <summary>
    /// What makes the name distinct (not the legal form, not the profile, not the kind of a Russian organization —
    /// «Концерн «Вектор»» and АО «Вектор» are one party to a screener): generated names are unique by it.
    /// </summary>
    public readonly ulong Key =>
        ((ulong)Family << 60) | ((ulong)(Pattern & 0xFu) << 56) | ((ulong)((Family == Family.Russian ? 0 : A) & 0xFFFu) << 44) | ((ulong)B << 28)
        | ((ulong)(C & 0x3FFu) << 18) | ((ulong)(D & 0x3FFu) << 8) | (E & 0xFFu);
}

/// <summary>Every form of one generated name. Cores are the names without their legal form.</summary>
internal sealed record NameSet
{
    /// <summary>The Latin-script name lists print (English for most, German or Turkish for those countries).</summary>
    public required string Primary { get; init; }
    public required string PrimaryCore { get; init; }
    public string PrimaryLegal { get; init; } = "";
    public bool PrimaryLegalPrefix { get; init; }

    /// <summary>The romanization of the native name (pinyin, Hepburn, transliteration, RR/MR, transcription); for German and Turkish names the English translation.</summary>
    public string? Romanized { get; init; }
    public string? RomanizedCore { get; init; }

    /// <summary>The name in its own script (Han, kanji, Cyrillic, Hangul, Persian, Arabic).</summary>
    public string? Native { get; init; }
    public string? NativeCore { get; init; }

    /// <summary>Japanese only: the reading in katakana (core, words apart or together).</summary>
    public string? Kana { get; init; }

    /// <summary>The words the acronym is made of (computed only when asked: most entries have no weak alias).</summary>
    public string? AcronymSource { get; init; }

    /// <summary>The initials of <see cref="AcronymSource"/>'s words (three or more letters), or null.</summary>
    public string? Acronym => AcronymSource is null ? null : SyntheticNames.AcronymOrNull(AcronymSource);

    /// <summary>The place word of the primary core (Chinese, Japanese and Persian names), for word-order changes.</summary>
    public string? Place { get; init; }

    /// <summary>The distinctive word of the primary core (brand, surname or compound).</summary>
    public string? Distinctive { get; init; }

    public static string Compose(string core, string legal, bool prefix)
    {
        if (legal.Length == 0)
        {
            return core;
        }
        if (prefix)
        {
            return legal + " " + core;
        }
        return legal.StartsWith(',') ? core + legal : core + " " + legal;
    }
}

/// <summary>Renders a <see cref="Recipe"/> into its names.</summary>
internal static class SyntheticNames
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Join(string? a, string? b, string? c = null, string? d = null)
    {
        var sb = new StringBuilder(64);
        foreach (var p in (ReadOnlySpan<string?>)[a, b, c, d])
        {
            if (!string.IsNullOrEmpty(p))
            {
                if (sb.Length > 0)
                {
                    sb.Append(' ');
                }
                sb.Append(p);
            }
        }
        return sb.ToString();
    }

    private static string Join(string? a, string? b, string? c, string? d, string? e) => Join(Join(a, b, c, d), e);

    public static NameSet Render(in Recipe r, RenderStyle style) => r.Family switch
    {
        Family.Chinese => Chinese(r, style),
        Family.Japanese => Japanese(r, style),
        Family.Russian => Russian(r, style),
        Family.Korean => Korean(r, style),
        Family.Persian => Persian(r, style),
        Family.Arabic => Arabic(r, style),
        Family.English => English(r),
        Family.German => German(r, style),
        Family.Turkish => Turkish(r, style),
        _ => throw new ArgumentOutOfRangeException(nameof(r)),
    };

    public static string Acronym(string core)
    {
        var sb = new StringBuilder();
        foreach (var w in core.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (w is "of" or "and" or "the" or "named" or "after" || !char.IsLetter(w[0]))
            {
                continue;
            }
            sb.Append(char.ToUpperInvariant(w[0]));
        }
        return sb.ToString();
    }

    public static string? AcronymOrNull(string core)
    {
        var a = Acronym(core);
        return a.Length >= 3 && a.All(char.IsAsciiLetterUpper) ? a : null;
    }

    // ------------------------------------------------------------------ Chinese

    private static string Syllables(Word a, Word b, RenderStyle style)
    {
        if (style.Alternative)
        {
            return Cap(a.AltOrLatin) + "-" + b.AltOrLatin;
        }
        return style.SpacedSyllables ? Cap(a.Latin) + " " + Cap(b.Latin) : Cap(a.Latin) + b.Latin;
    }

    private static NameSet Chinese(in Recipe r, RenderStyle style)
    {
        var s = ChineseSyllables;
        var hk = r.A >= ChinesePlaces.Length;
        var place = hk ? HongKong : ChinesePlaces[r.A];
        var placeEn = style.Alternative ? place.AltOrLatin : place.English;
        var placePinyin = style.Alternative ? place.AltOrLatin : place.Latin;
        var d1 = ChineseDomains[r.C];
        var d2 = r.D > 0 ? ChineseDomains[r.D - 1] : null;
        switch (r.Pattern)
        {
            case 0:
                {
                    var (s1, s2) = (s[r.B / s.Length], s[r.B % s.Length]);
                    var brand = Syllables(s1, s2, style);
                    var legal = ChineseLegalForms[r.Legal];
                    var legalEn = hk ? (r.Legal % 2 == 0 ? "Limited" : "Company Limited") : legal.English;
                    var core = Join(placeEn, brand, d1.English, d2?.English);
                    var roman = Join(placePinyin, brand, d1.Latin, d2?.Latin);
                    var native = place.Native + s1.Native + s2.Native + d1.Native + d2?.Native;
                    return new NameSet
                    {
                        Primary = NameSet.Compose(core, legalEn, false),
                        PrimaryCore = core,
                        PrimaryLegal = legalEn,
                        Romanized = NameSet.Compose(roman, legal.Romanized, false),
                        RomanizedCore = roman,
                        Native = native + legal.Native,
                        NativeCore = native,
                        AcronymSource = core,
                        Place = placeEn,
                        Distinctive = brand,
                    };
                }
            case 1:
                {
                    var core = Join(placeEn, "Research Institute of", d1.English, d2?.English);
                    var roman = Join(placePinyin, d1.Latin, d2?.Latin, "Yanjiusuo");
                    var native = place.Native + d1.Native + d2?.Native + "研究所";
                    return new NameSet { Primary = core, PrimaryCore = core, Romanized = roman, RomanizedCore = roman, Native = native, NativeCore = native, AcronymSource = core, Place = placeEn, Distinctive = d1.English };
                }
            case 2:
                {
                    var chinaEn = style.Alternative ? "Chinese" : "China";
                    var core = Join(chinaEn, "Academy of", d1.English, d2?.English);
                    var roman = Join(China.Latin, d1.Latin, d2?.Latin, "Yanjiuyuan");
                    var native = China.Native + d1.Native + d2?.Native + "研究院";
                    return new NameSet { Primary = core, PrimaryCore = core, Romanized = roman, RomanizedCore = roman, Native = native, NativeCore = native, AcronymSource = core, Distinctive = d1.English };
                }
            case 3:
                {
                    var core = Join(placeEn, "University of", d1.English, d2?.English);
                    var roman = Join(placePinyin, d1.Latin, d2?.Latin, "Daxue");
                    var native = place.Native + d1.Native + d2?.Native + "大学";
                    return new NameSet { Primary = core, PrimaryCore = core, Romanized = roman, RomanizedCore = roman, Native = native, NativeCore = native, AcronymSource = core, Place = placeEn, Distinctive = d1.English };
                }
            default:
                {
                    var (s1, s2) = (s[r.B / s.Length], s[r.B % s.Length]);
                    var brand = Syllables(s1, s2, style);
                    var core = Join("China", brand, d1.English, "Group");
                    var roman = Join(China.Latin, brand, d1.Latin, "Jituan");
                    var native = China.Native + s1.Native + s2.Native + d1.Native + "集团";
                    return new NameSet
                    {
                        Primary = NameSet.Compose(core, "Corporation", false),
                        PrimaryCore = core,
                        PrimaryLegal = "Corporation",
                        Romanized = NameSet.Compose(roman, "Gongsi", false),
                        RomanizedCore = roman,
                        Native = native + "公司",
                        NativeCore = native,
                        AcronymSource = core + " Corporation",
                        Distinctive = brand,
                    };
                }
        }
    }

    // ------------------------------------------------------------------ Japanese

    public static string LongVowel(string hepburn, LongVowels v)
    {
        if (v == LongVowels.Macron)
        {
            return hepburn;
        }
        var sb = new StringBuilder(hepburn.Length + 4);
        foreach (var c in hepburn)
        {
            var (o, u) = v switch
            {
                LongVowels.Plain => ("o", "u"),
                LongVowels.Ou => ("ou", "uu"),
                LongVowels.Oh => ("oh", "u"),
                _ => ("oo", "uu"),
            };
            switch (c)
            {
                case 'ō': sb.Append(o); break;
                case 'Ō': sb.Append(Cap(o)); break;
                case 'ū': sb.Append(u); break;
                case 'Ū': sb.Append(Cap(u)); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A Japanese trade name: a surname or place, or (past the table) two on'yomi kanji.</summary>
    public static Word JapaneseBrand(int a)
    {
        if (a < JapaneseBrands.Length)
        {
            return JapaneseBrands[a];
        }
        var k = JapaneseBrandKanji;
        var (k1, k2) = (k[(a - JapaneseBrands.Length) / k.Length], k[(a - JapaneseBrands.Length) % k.Length]);
        var hepburn = k1.Latin + k2.Latin.ToLowerInvariant();
        return new Word(k1.Native + k2.Native, hepburn, LongVowel(hepburn, LongVowels.Plain), null, k1.Kana + k2.Kana);
    }

    public static int JapaneseBrandCount => JapaneseBrands.Length + (JapaneseBrandKanji.Length * JapaneseBrandKanji.Length);

    private static NameSet Japanese(in Recipe r, RenderStyle style)
    {
        var brand = JapaneseBrand(r.A);
        var d1 = JapaneseDomains[r.C];
        var d2 = r.D > 0 ? JapaneseDomains[r.D - 1] : null;
        var legal = JapaneseLegalForms[r.Legal];
        var core = Join(brand.English, d1.English, d2?.English);
        var roman = Join(LongVowel(brand.Latin, style.Vowels), LongVowel(d1.Latin, style.Vowels), d2 is null ? null : LongVowel(d2.Latin, style.Vowels));
        var native = brand.Native + d1.Native + d2?.Native;
        var kana = r.Has(Recipe.FlagKanaSpaced) ? Join(brand.Kana, d1.Kana, d2?.Kana) : brand.Kana + d1.Kana + d2?.Kana;
        var legalEn = legal.English is "Ltd." or "Inc." && r.Has(Recipe.FlagLegalComma) ? ", " + legal.English : legal.English;
        return new NameSet
        {
            Primary = NameSet.Compose(core, legalEn, false),
            PrimaryCore = core,
            PrimaryLegal = legalEn,
            Romanized = NameSet.Compose(roman, legal.Romanized, false),
            RomanizedCore = roman,
            Native = legal.Prefix ? legal.Native + native : native + legal.Native,
            NativeCore = native,
            Kana = kana,
            AcronymSource = core,
            Place = brand.English,
            Distinctive = brand.English,
        };
    }

    // ------------------------------------------------------------------ Russian

    public static (int First, int Middle, int Last) RussianCompound(int b)
    {
        var last = b % RussianLastStems.Length;
        b /= RussianLastStems.Length;
        var middle = (b % (RussianMiddleStems.Length + 1)) - 1;
        return (b / (RussianMiddleStems.Length + 1), middle, last);
    }

    public static int RussianCompoundIndex(int first, int middle, int last) =>
        (((first * (RussianMiddleStems.Length + 1)) + middle + 1) * RussianLastStems.Length) + last;

    private static NameSet Russian(in Recipe r, RenderStyle style)
    {
        var (f, m, l) = RussianCompound(r.B);
        var compound = RussianFirstStems[f] + (m >= 0 ? RussianMiddleStems[m] : "") + RussianLastStems[l];
        var kind = r.A > 0 ? RussianKinds[r.A - 1] : (Full: "", Short: "", English: "");
        var surname = r.E > 0 ? RussianSurnamesGenitive[r.E - 1] : null;
        var legal = RussianLegalForms[r.Legal];
        var nativeKind = r.Has(Recipe.FlagVariant) ? kind.Short : kind.Full;
        var named = surname is null ? null : "имени " + surname;
        var nativeCore = kind.Full.Length == 0 ? Join(compound, named) : Join(nativeKind, "«" + compound + "»", named);
        var native = legal.Native.Length == 0 ? nativeCore : legal.Native + " «" + nativeCore + "»";
        var latinCompound = Cyrillic.Romanize(compound, style.Cyrillic);
        var latinSurname = surname is null ? null : "named after " + Cyrillic.Romanize(surname[..^1], style.Cyrillic);
        var core = Join(kind.English, latinCompound, latinSurname);
        var romanCore = Cyrillic.Romanize(nativeCore, style.Cyrillic);
        return new NameSet
        {
            Primary = NameSet.Compose(core, legal.English, legal.Prefix),
            PrimaryCore = core,
            PrimaryLegal = legal.English,
            PrimaryLegalPrefix = legal.Prefix,
            Romanized = Cyrillic.Romanize(native, style.Cyrillic),
            RomanizedCore = romanCore,
            Native = native,
            NativeCore = nativeCore,
            AcronymSource = kind.English.Length == 0 ? null : core,
            Distinctive = latinCompound,
        };
    }

    // ------------------------------------------------------------------ Korean

    private static NameSet Korean(in Recipe r, RenderStyle style)
    {
        var s = KoreanSyllables;
        var (s1, s2) = (s[r.B / s.Length], s[r.B % s.Length]);
        var north = r.Pattern == 0;
        // North Korean names are printed in McCune-Reischauer, South Korean ones in Revised Romanization; the
        // alternative style swaps them.
        var mr = north != style.Alternative;
        string Rom(Word w) => mr ? w.AltOrLatin : w.Latin;
        var brand = style.SpacedSyllables ? Cap(Rom(s1)) + " " + Cap(Rom(s2)) : Cap(Rom(s1)) + Rom(s2);
        var domain = r.C > 0 ? KoreanDomains[r.C - 1] : null;
        if (north)
        {
            var kind = KoreanKinds[r.E];
            var korea = r.Has(Recipe.FlagVariant);
            // The kind (General Corporation, Trading Company…) is part of the name: DPRK names have no legal form.
            var core = Join(korea ? "Korea" : null, brand, domain?.English, kind.English);
            var roman = Join(korea ? Rom(Joseon) : null, brand, domain is null ? null : Rom(domain), Rom(kind));
            var native = (korea ? Joseon.Native : "") + s1.Native + s2.Native + domain?.Native + kind.Native;
            return new NameSet
            {
                Primary = core,
                PrimaryCore = core,
                Romanized = roman,
                RomanizedCore = roman,
                Native = native,
                NativeCore = native,
                AcronymSource = core,
                Distinctive = brand,
            };
        }
        var legal = KoreanLegalForms[r.Legal];
        var domain2 = r.D > 0 ? KoreanDomains[r.D - 1] : null;
        var coreS = Join(brand, domain!.English, domain2?.English);
        var romanS = Join(brand, Rom(domain), domain2 is null ? null : Rom(domain2));
        var nativeS = s1.Native + s2.Native + domain.Native + domain2?.Native;
        var legalEn = legal.English == "Inc." ? ", Inc." : legal.English;
        return new NameSet
        {
            Primary = NameSet.Compose(coreS, legalEn, false),
            PrimaryCore = coreS,
            PrimaryLegal = legalEn,
            Romanized = NameSet.Compose(romanS, legal.Romanized, false),
            RomanizedCore = romanS,
            Native = legal.Prefix ? legal.Native + nativeS : nativeS + " " + legal.Native,
            NativeCore = nativeS,
            AcronymSource = coreS,
            Distinctive = brand,
        };
    }

    // ------------------------------------------------------------------ Persian

    private static NameSet Persian(in Recipe r, RenderStyle style)
    {
        var first = PersianBrands[r.B];
        var second = r.D > 0 ? PersianBrands[r.D - 1] : null;
        var qualifier = r.E > 0 && r.Pattern != 2 ? PersianQualifiers[r.E - 1] : null;
        var domain = PersianDomains[r.C];
        string En(Word? w) => w is null ? "" : style.Alternative ? w.AltOrLatin : w.English;
        string Lat(Word? w) => w is null ? "" : style.Alternative ? w.AltOrLatin : w.Latin;
        var brandEn = Join(En(first), En(second), En(qualifier));
        var brandLatin = Join(Lat(first), Lat(second), Lat(qualifier));
        var brand = new Word(Join(first.Native, second?.Native, qualifier?.Native), brandLatin, brandEn);
        switch (r.Pattern)
        {
            case 0:
                {
                    var core = Join(brandEn, domain.English, "Industries");
                    var roman = $"Sanaye-e {domain.Latin} {brandLatin}";
                    var native = $"صنایع {domain.Native} {brand.Native}";
                    return new NameSet { Primary = core, PrimaryCore = core, Romanized = roman, RomanizedCore = roman, Native = native, NativeCore = native, AcronymSource = core, Distinctive = brandEn };
                }
            case 1:
                {
                    var core = Join(brandEn, domain.English);
                    var roman = $"{domain.Latin} {brandLatin}";
                    var native = $"{domain.Native} {brand.Native}";
                    return new NameSet
                    {
                        Primary = NameSet.Compose(core, "Company", false),
                        PrimaryCore = core,
                        PrimaryLegal = "Company",
                        Romanized = "Sherkat-e " + roman,
                        RomanizedCore = roman,
                        Native = "شرکت " + native,
                        NativeCore = native,
                        AcronymSource = core + " Company",
                        Distinctive = brandEn,
                    };
                }
            case 2:
                {
                    var surname = PersianSurnames[r.B % PersianSurnames.Length];
                    var surnameEn = style.Alternative ? surname.AltOrLatin : surname.English;
                    var core = $"Shahid {surnameEn} Industrial Group";
                    var roman = $"Goruh-e Sanati-ye Shahid {(style.Alternative ? surname.AltOrLatin : surname.Latin)}";
                    var native = $"گروه صنعتی شهید {surname.Native}";
                    return new NameSet { Primary = core, PrimaryCore = core, Romanized = roman, RomanizedCore = roman, Native = native, NativeCore = native, AcronymSource = core, Distinctive = surnameEn };
                }
            default:
                {
                    var core = Join(brandEn, domain.English, "Research Institute");
                    var roman = $"Pazhuheshgah-e {domain.Latin}-e {brandLatin}";
                    var native = $"پژوهشگاه {domain.Native} {brand.Native}";
                    return new NameSet { Primary = core, PrimaryCore = core, Romanized = roman, RomanizedCore = roman, Native = native, NativeCore = native, AcronymSource = core, Distinctive = brandEn };
                }
        }
    }

    // ------------------------------------------------------------------ Arabic

    private static NameSet Arabic(in Recipe r, RenderStyle style)
    {
        var brand = r.B > 0 ? ArabicBrands[r.B - 1] : null;
        var surname = r.E > 0 ? ArabicSurnames[r.E - 1] : null;
        var domain = ArabicDomains[r.C];
        var domain2 = r.D > 0 ? ArabicDomains[r.D - 1] : null;
        var legal = ArabicLegalForms[r.Legal];
        string En(Word? w) => w is null ? "" : style.Alternative ? w.AltOrLatin : w.English;
        string Lat(Word? w) => w is null ? "" : style.Alternative ? w.AltOrLatin : w.Latin;
        var brandEn = Join(En(surname), En(brand));
        var core = Join(brandEn, domain.English, domain2 is null ? null : "and " + domain2.English);
        var roman = Join(Lat(surname), Lat(brand), domain.Latin, domain2 is null ? null : "wa " + domain2.Latin);
        var native = Join("شركة", surname?.Native, brand?.Native, domain.Native, domain2 is null ? null : "و" + domain2.Native);
        return new NameSet
        {
            Primary = NameSet.Compose(core, legal.English, false),
            PrimaryCore = core,
            PrimaryLegal = legal.English,
            Romanized = NameSet.Compose(roman, legal.Romanized, false),
            RomanizedCore = roman,
            Native = native + " " + legal.Native,
            NativeCore = native,
            AcronymSource = core,
            Distinctive = brandEn,
        };
    }

    // ------------------------------------------------------------------ Latin-script languages

    public static string[] EnglishLegalForms(byte country) => Countries[country] switch
    {
        "GB" => GbLegalForms,
        "IN" => InLegalForms,
        _ => UsLegalForms,
    };

    private static NameSet English(in Recipe r)
    {
        var modifier = r.A > 0 ? EnglishModifiers[r.A - 1] : null;
        var brand = EnglishBrands[r.B];
        var d1 = EnglishDomains[r.C];
        var d2 = r.D > 0 ? EnglishDomains[r.D - 1] : null;
        var legal = EnglishLegalForms(r.Country)[r.Legal];
        if (r.Has(Recipe.FlagLegalComma) && legal is "Inc." or "LLC" or "Ltd.")
        {
            legal = ", " + legal;
        }
        var core = Join(modifier, brand, d1, d2);
        return new NameSet
        {
            Primary = NameSet.Compose(core, legal, false),
            PrimaryCore = core,
            PrimaryLegal = legal,
            AcronymSource = core,
            Distinctive = brand,
        };
    }

    private static NameSet German(in Recipe r, RenderStyle style)
    {
        var brand = GermanBrands[r.B];
        var partner = r.E > 0 ? GermanBrands[r.E - 1] : null;
        var domain = GermanDomains[r.C];
        var domain2 = r.D > 0 ? GermanDomains[r.D - 1] : null;
        var legal = GermanLegalForms[r.Legal];
        string De(Word? w) => w is null ? "" : style.Alternative ? w.AltOrLatin : w.Native;
        var core = Join(De(brand), partner is null ? null : "& " + De(partner), De(domain), domain2 is null ? null : "und " + De(domain2));
        var english = Join(brand.English, partner is null ? null : "& " + partner.English, domain.English, domain2 is null ? null : "and " + domain2.English);
        return new NameSet
        {
            Primary = NameSet.Compose(core, legal, false),
            PrimaryCore = core,
            PrimaryLegal = legal,
            Romanized = NameSet.Compose(english, legal, false),
            RomanizedCore = english,
            AcronymSource = core,
            Distinctive = style.Alternative ? brand.AltOrLatin : brand.Native,
        };
    }

    private static NameSet Turkish(in Recipe r, RenderStyle style)
    {
        var brand = TurkishBrands[r.B];
        var second = r.E > 0 ? TurkishBrands[r.E - 1] : null;
        var domain = TurkishDomains[r.C];
        var domain2 = r.D > 0 ? TurkishDomains[r.D - 1] : null;
        var legal = TurkishLegalForms[r.Legal];
        string Tr(Word? w) => w is null ? "" : style.Alternative ? w.AltOrLatin : w.Native;
        var trade = r.Has(Recipe.FlagVariant);
        var core = Join(Tr(brand), Tr(second), Tr(domain), Tr(domain2), trade ? "Sanayi ve Ticaret" : null);
        if (style.Alternative)
        {
            legal = legal.Replace('Ş', 'S').Replace('ş', 's');
        }
        var english = Join(brand.English, second?.English, domain.English, domain2?.English, trade ? "Industry and Trade" : null);
        return new NameSet
        {
            Primary = NameSet.Compose(core, legal, false),
            PrimaryCore = core,
            PrimaryLegal = legal,
            Romanized = NameSet.Compose(english, legal == "A.Ş." ? "Inc." : "Ltd.", false),
            RomanizedCore = english,
            AcronymSource = core,
            Distinctive = style.Alternative ? brand.AltOrLatin : brand.Native,
        };
    }

    // ------------------------------------------------------------------ countries

    /// <summary>Countries of the generated list, with their families and weights (per thousand).</summary>
    public static readonly string[] Countries = ["CN", "RU", "IR", "KP", "JP", "US", "KR", "DE", "AE", "HK", "BY", "TR", "IN", "GB"];

    public static readonly Family[] CountryFamilies =
    [
        Family.Chinese, Family.Russian, Family.Persian, Family.Korean, Family.Japanese, Family.English, Family.Korean,
        Family.German, Family.Arabic, Family.Chinese, Family.Russian, Family.Turkish, Family.English, Family.English,
    ];

    public static readonly int[] CountryWeights = [270, 150, 80, 40, 90, 120, 50, 50, 30, 30, 20, 20, 25, 25];

    public static string Format(int i) => "syn-" + i.ToString("D7", Inv);
}
