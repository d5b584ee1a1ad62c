using System.Diagnostics;
using System.Globalization;
using CsCheck;
using Musubi.Engines.Screening;
using Xunit.Abstractions;

namespace Musubi.Engines.Tests.Screening;

/// <summary>
/// One MeCab reader for the Japanese tests. MeCab is required (./test installs libmecab2 and mecab-ipadic-utf8):
/// without it these tests fail with the reader's status instead of skipping.
/// </summary>
public sealed class MecabFixture : IDisposable
{
    public MecabReader Reader { get; } = MecabReader.Open();

    public MecabReader Required()
    {
        Assert.True(Reader.Available, $"MeCab is required for this test: {Reader.Status}");
        return Reader;
    }

    public void Dispose() => Reader.Dispose();
}

public sealed class HepburnTests
{
    [Theory]
    [InlineData("みつびし", "mitsubishi")]
    [InlineData("ジュウコウギョウ", "jukogyo")]
    [InlineData("とうきょう", "tokyo")]
    [InlineData("トーキョー", "tokyo")]
    [InlineData("おおさか", "osaka")]
    [InlineData("きゃく", "kyaku")]
    [InlineData("しゃしん", "shashin")]
    [InlineData("ちゃ", "cha")]
    [InlineData("じゃま", "jama")]
    [InlineData("りょこう", "ryoko")]
    [InlineData("にゅう", "nyu")]
    [InlineData("ひゃく", "hyaku")]
    [InlineData("がっこう", "gakko")]
    [InlineData("まっちゃ", "matcha")]
    [InlineData("いっち", "itchi")]
    [InlineData("ざっし", "zasshi")]
    [InlineData("きって", "kitte")]
    [InlineData("ほっぽう", "hoppo")]
    [InlineData("しんぶん", "shinbun")]
    [InlineData("ヴァイオリン", "vaiorin")]
    [InlineData("ヴ", "vu")]
    [InlineData("ファイル", "fairu")]
    [InlineData("パーティー", "pati")]
    [InlineData("ディスク", "disuku")]
    [InlineData("ウィンドウ", "windo")]
    [InlineData("ウェブ", "webu")]
    [InlineData("フィルム", "firumu")]
    [InlineData("フェリー", "feri")]
    [InlineData("チェック", "chekku")]
    [InlineData("シェル", "sheru")]
    [InlineData("ジェット", "jetto")]
    [InlineData("ゐゑを", "ieo")]
    [InlineData("ちぢむ", "chijimu")]
    [InlineData("つづく", "tsuzuku")]
    [InlineData("ふじつう", "fujitsu")]
    [InlineData("トウシバ", "toshiba")]
    [InlineData("にいがた", "niigata")]
    [InlineData("せいさくしょ", "seisakusho")]
    [InlineData("おかあさん", "okasan")]
    [InlineData("スーパー", "supa")]
    [InlineData("ローマ", "roma")]
    [InlineData("きょう", "kyo")]
    [InlineData("しゅうだん", "shudan")]
    [InlineData("ちゅうごく", "chugoku")]
    [InlineData("さゝき", "sasaki")]
    [InlineData("いすゞ", "isuzu")]
    [InlineData("コッ", "ko")]
    [InlineData("ゝゞ", "")]
    [InlineData("ABCてすと1", "abctesuto1")]
    public void Romanizes_kana_in_modified_Hepburn_with_long_vowels_folded(string kana, string romaji) =>
        Assert.Equal(romaji, Hepburn.Romanize(kana));

    [Fact]
    public void Hiragana_and_katakana_read_alike()
    {
        foreach (var (hiragana, katakana) in new[] { ("みつびしじゅうこうぎょう", "ミツビシジュウコウギョウ"), ("ゔぁ", "ヴァ"), ("さゝき", "サヽキ"), ("いすゞ", "イスヾ") })
        {
            Assert.Equal(Hepburn.Romanize(katakana), Hepburn.Romanize(hiragana));
        }
    }

    [Theory]
    [InlineData("Jūkōgyō", "jukogyo")]
    [InlineData("Juukougyou", "jukogyo")]
    [InlineData("Jukogyo", "jukogyo")]
    [InlineData("Juukoogyoo", "jukogyo")]
    [InlineData("JÛKÔGYÔ", "jukogyo")]
    [InlineData("Ohno", "ono")]
    [InlineData("Ono", "ono")]
    [InlineData("Itoh", "ito")]
    [InlineData("Ohya", "oya")]
    [InlineData("Tōkyō", "tokyo")]
    [InlineData("Toukyou", "tokyo")]
    [InlineData("Osaka", "osaka")]
    [InlineData("Ōsaka", "osaka")]
    [InlineData("Oosaka", "osaka")]
    [InlineData("Shimbun", "shinbun")]
    [InlineData("Homma", "honma")]
    [InlineData("Shin'etsu", "shinetsu")]
    [InlineData("Niigata", "niigata")]
    [InlineData("Seiki", "seiki")]
    [InlineData("Okaasan", "okasan")]
    [InlineData("Kaho", "kaho")]
    public void Folds_the_common_spellings_of_romanized_Japanese_to_one_key(string spelling, string key) =>
        Assert.Equal(key, Hepburn.FoldLatin(spelling));

    [Fact]
    public void A_lone_surrogate_folds_to_a_replacement_character_instead_of_failing() =>
        Assert.Equal("o\uFFFDx", Hepburn.FoldLatin("Ō" + (char)0xD800 + "x"));

    [Fact]
    public void Folding_is_idempotent_and_romanized_kana_is_already_folded()
    {
        Gen.String[Gen.Char["aeiouhmbpnkstyō'"], 0, 12].Sample(s =>
            Assert.Equal(Hepburn.FoldLatin(s), Hepburn.FoldLatin(Hepburn.FoldLatin(s))), iter: 20_000);
        var kana = Gen.Char['\u30A1', '\u30FC'];
        Gen.String[kana, 0, 10].Sample(s =>
        {
            var romaji = Hepburn.Romanize(s);
            Assert.Equal(romaji, Hepburn.FoldLatin(romaji));
        }, iter: 20_000);
    }
}

public sealed class CompanyGlossaryTests
{
    [Fact]
    public void The_glossary_is_loaded_with_every_romaji_from_its_reading()
    {
        Assert.True(CompanyGlossary.Entries.Count >= 40, $"{CompanyGlossary.Entries.Count} entries");
        foreach (var entry in CompanyGlossary.Entries)
        {
            Assert.Equal(entry.Readings.Count, entry.Romaji.Count);
            for (var i = 0; i < entry.Readings.Count; i++)
            {
                Assert.Equal(string.Join(' ', entry.Readings[i].Split(' ').Select(Hepburn.Romanize)), entry.Romaji[i]);
            }
            Assert.NotEmpty(entry.Canonical);
        }
        Assert.Equal(["jukogyo"], CompanyGlossary.Find("重工業")!.Romaji);
        Assert.Equal(["nihon", "nippon"], CompanyGlossary.Find("日本")!.Romaji);
    }

    [Theory]
    [InlineData("jukogyo", "heavy industries")]
    [InlineData("kogyo", "industries")]
    [InlineData("denki", "electric")]
    [InlineData("nippon", "japan")]
    [InlineData("nihon", "japan")]
    [InlineData("seisakusho", "works")]
    [InlineData("denkikogyo", "electric industries")]
    [InlineData("koku", "aviation")]
    [InlineData("zosen", "shipbuilding")]
    [InlineData("shisutemuzu", "systems")]
    public void English_for_a_romanized_glossary_word(string romaji, string english) =>
        Assert.Equal(english.Split(' '), CompanyGlossary.EnglishFor(romaji));

    [Fact]
    public void Words_outside_the_glossary_have_no_English_and_shared_readings_list_every_sense()
    {
        Assert.Null(CompanyGlossary.EnglishFor("mitsubishi"));
        Assert.Empty(CompanyGlossary.AlternativesFor("toshiba"));
        var kogyo = CompanyGlossary.AlternativesFor("kogyo").Select(words => string.Join(' ', words)).ToList();
        Assert.Equal("industries", kogyo[0]);
        Assert.Contains("industrial", kogyo);
        Assert.Contains("mining", kogyo); // 鉱業, read the same
    }

    [Theory]
    [InlineData("三菱重工業", "三菱", "重工業")]
    [InlineData("日本航空電子工業", "日本航空電子", "工業")]
    [InlineData("古河電気工業", "古河", "電気工業")]
    [InlineData("島津製作所", "島津", "製作所")]
    [InlineData("日本製鋼所", "日本", "製鋼所")]
    [InlineData("工業", "", "工業")]
    [InlineData("IHIエアロスペース", "IHI", "エアロスペース")]
    public void Splits_the_longest_glossary_suffix(string surface, string stem, string word)
    {
        Assert.True(CompanyGlossary.TryMatchSuffix(surface, out var actualStem, out var entry));
        Assert.Equal(stem, actualStem);
        Assert.Equal(word, entry.Japanese);
    }

    [Theory]
    [InlineData("東芝")]
    [InlineData("富士通")]
    [InlineData("")]
    public void A_name_without_a_glossary_suffix_is_not_split(string surface)
    {
        Assert.False(CompanyGlossary.TryMatchSuffix(surface, out var stem, out _));
        Assert.Equal(surface, stem);
    }

    [Theory]
    [InlineData("工業\tコウギョウ", "3 tab-separated columns", 1)]
    [InlineData("# c\n工\tコウ\tindustry", "japanese", 2)]
    [InlineData("工業\tkogyo\tindustries", "readings", 1)]
    [InlineData("工業\tコウギョウ\tIndustries", "english", 1)]
    public void A_bad_glossary_line_is_refused_with_its_line_and_column(string text, string column, int line)
    {
        var e = Assert.Throws<FormatException>(() => CompanyGlossary.Parse(text));
        Assert.Contains($"glossary.tsv:{line}", e.Message, StringComparison.Ordinal);
        Assert.Contains(column, e.Message, StringComparison.Ordinal);
    }
}

public sealed class JapaneseNamesTests(MecabFixture mecab, ITestOutputHelper output) : IClassFixture<MecabFixture>
{
    private JapaneseForms Read(string text)
    {
        var forms = JapaneseNames.Analyze(text, mecab.Required());
        Assert.NotNull(forms);
        return forms;
    }

    private static string[] Words(string text) => text.Length == 0 ? [] : text.Split(' ');

    [Fact]
    public void The_four_forms_of_Mitsubishi_Heavy_Industries_meet()
    {
        string[] reading = ["mitsubishi", "jukogyo"];
        string[] gloss = ["mitsubishi", "heavy", "industries"];

        var kanji = Read("三菱重工業株式会社");
        Assert.Equal(reading, kanji.Reading);
        Assert.Equal(gloss, kanji.Gloss);

        var kana = JapaneseNames.Analyze("ミツビシ ジュウコウギョウ", reader: null);
        Assert.NotNull(kana);
        Assert.Equal(reading, kana.Reading);
        Assert.Equal(gloss, kana.Gloss);

        // Romanized, as a normalizer would see it: lower case, punctuation gone, the legal form "K.K." dropped, folded.
        foreach (var romanized in new[] { "Mitsubishi Jukogyo K.K.", "Mitsubishi Jūkōgyō K.K.", "MITSUBISHI JUUKOUGYOU K.K." })
        {
            var tokens = romanized.Replace("K.K.", "", StringComparison.Ordinal)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(Hepburn.FoldLatin)
                .ToList();
            Assert.Equal(reading, tokens);
            Assert.Equal(gloss, tokens.SelectMany(t => CompanyGlossary.EnglishFor(t) ?? [t]));
        }

        Assert.Equal(gloss, "Mitsubishi Heavy Industries".ToLowerInvariant().Split(' '));
    }

    [Theory]
    [InlineData("三菱重工業", "mitsubishi jukogyo", "mitsubishi heavy industries")]
    [InlineData("川崎重工業", "kawasaki jukogyo", "kawasaki heavy industries")]
    [InlineData("日本電気", "nihon denki", "japan electric")]
    [InlineData("三菱電機株式会社", "mitsubishi denki", "mitsubishi electric")]
    [InlineData("株式会社東芝", "toshiba", "toshiba")]
    [InlineData("富士通", "fujitsu", "fujitsu")]
    [InlineData("日本航空電子工業", "nihon koku denshi kogyo", "japan aviation electronics industries")]
    [InlineData("古河電気工業", "furukawa denki kogyo", "furukawa electric industries")]
    [InlineData("日本工機", "nippon koki", "japan machinery")]
    [InlineData("日本製鋼所", "nihon seikosho", "japan steel works")]
    [InlineData("株式会社日立製作所", "hitachi seisakusho", "hitachi works")]
    [InlineData("㈱小松製作所", "komatsu seisakusho", "komatsu works")]
    [InlineData("（株）島津製作所", "shimazu seisakusho", "shimazu works")]
    [InlineData("東京計器", "tokyo keiki", "tokyo instruments")]
    [InlineData("日本電気硝子", "nihon denki garasu", "japan electric glass")]
    [InlineData("石川島播磨重工業", "ishikawajimaharima jukogyo", "ishikawajimaharima heavy industries")]
    [InlineData("ＩＨＩエアロスペース", "ihi earosupesu", "ihi aerospace")]
    [InlineData("NTTデータ", "ntt deta", "ntt deta")]
    [InlineData("日油", "nichiyu", "nichiyu")]
    [InlineData("髙島屋", "takashimaya", "takashimaya")]
    [InlineData("独立行政法人 宇宙航空研究開発機構", "uchu koku kenkyu kaihatsu kiko", "space aviation research development kiko")]
    [InlineData("三菱重工業 Aero Engines", "mitsubishi jukogyo aero engines", "mitsubishi heavy industries aero engines")]
    [InlineData("ヤマハ発動機", "yamaha hatsudoki", "yamaha motor")]
    public void Reads_kanji_company_names(string name, string reading, string gloss)
    {
        var forms = Read(name);
        Assert.Equal(Words(reading), forms.Reading);
        Assert.Equal(Words(gloss), forms.Gloss);
    }

    [Theory]
    [InlineData("ミツビシジュウコウギョウ", "mitsubishi jukogyo", "mitsubishi heavy industries")]
    [InlineData("ニホンコウクウデンシコウギョウ", "nihon koku denshi kogyo", "japan aviation electronics industries")]
    [InlineData("とうしば", "toshiba", "toshiba")]
    [InlineData("ロッキード・マーティン", "rokkido matin", "rokkido matin")]
    [InlineData("カブシキガイシャ　ミツビシ", "mitsubishi", "mitsubishi")]
    public void Reads_kana_names_without_a_reader(string name, string reading, string gloss)
    {
        var forms = JapaneseNames.Analyze(name, reader: null);
        Assert.NotNull(forms);
        Assert.Equal(Words(reading), forms.Reading);
        Assert.Equal(Words(gloss), forms.Gloss);
    }

    [Fact]
    public void Text_without_Japanese_or_with_only_a_legal_form_has_no_forms()
    {
        Assert.Null(JapaneseNames.Analyze("Mitsubishi Heavy Industries", mecab.Required()));
        Assert.Null(JapaneseNames.Analyze("株式会社", mecab.Required()));
        Assert.Null(JapaneseNames.Analyze("(株)", reader: null));
    }

    [Fact]
    public void Any_text_is_analyzed_without_throwing_and_never_gives_an_empty_token()
    {
        var reader = mecab.Required();
        string[] parts = ["三菱", "重工業", "株式会社", "(株)", "ミツビシ", "じゅう", "ッ", "ー", "ヽ", "々", "𠮷", "髙", "A", "k.k.", " ", "・", "\uD840", "é", "\u0301", "1", "工業", "ヴァ", "ん"];
        var piece = Gen.Int[0, parts.Length - 1].Select(i => parts[i]);
        piece.Array[0, 8].Select(chosen => string.Concat(chosen)).Sample(text =>
        {
            var forms = JapaneseNames.Analyze(text, reader);
            if (forms is not null)
            {
                Assert.NotEmpty(forms.Reading);
                Assert.DoesNotContain(forms.Reading, string.IsNullOrWhiteSpace);
                Assert.DoesNotContain(forms.Gloss, string.IsNullOrWhiteSpace);
            }
        }, iter: 5_000);
    }

    [Fact]
    public void Legal_forms_are_one_list_longest_first()
    {
        Assert.Contains("株式会社", JapaneseNames.LegalForms);
        Assert.Contains("(株)", JapaneseNames.LegalForms);
        Assert.True(JapaneseNames.LegalForms.Zip(JapaneseNames.LegalForms.Skip(1)).All(p => p.First.Length >= p.Second.Length));
        Assert.Equal("  独立  ", JapaneseNames.StripLegalForms("地方独立行政法人 独立 有限会社"));
    }

    [Fact]
    public void Kanji_without_an_available_reader_have_no_forms_and_the_status_says_alias_only()
    {
        using var missing = MecabReader.Open(null, "libmecab-not-installed.so.9", fallbacks: true);
        Assert.False(missing.Available);
        Assert.Contains("MeCab not found (libmecab-not-installed.so.9)", missing.Status, StringComparison.Ordinal);
        Assert.Contains("match only by their original script and the list's aliases", missing.Status, StringComparison.Ordinal);
        Assert.Contains("install libmecab2 and mecab-ipadic-utf8", missing.Status, StringComparison.Ordinal);
        Assert.Empty(missing.Parse("三菱重工業"));
        Assert.Null(JapaneseNames.Analyze("三菱重工業株式会社", missing));
        Assert.Null(JapaneseNames.Analyze("三菱重工業", reader: null));

        // Kana still read without one.
        Assert.Equal(["mitsubishi", "jukogyo"], JapaneseNames.Analyze("ミツビシ ジュウコウギョウ", missing)!.Reading);
    }

    [Fact]
    public void A_missing_dictionary_makes_the_reader_unavailable_and_falls_back_to_the_installed_one()
    {
        using var only = MecabReader.Open("/nonexistent/dic", MecabNative.Library, fallbacks: false);
        Assert.False(only.Available);
        Assert.Contains("MeCab dictionary not usable (/nonexistent/dic:", only.Status, StringComparison.Ordinal);
        Assert.Contains("list's aliases", only.Status, StringComparison.Ordinal);

        mecab.Required();
        using var fallback = MecabReader.Open("/nonexistent/dic");
        Assert.True(fallback.Available, fallback.Status);
        Assert.Equal(MecabReader.DefaultDictionary, fallback.DictionaryDirectory);
        Assert.Contains("not used: /nonexistent/dic", fallback.Status, StringComparison.Ordinal);
    }

    [Fact]
    public void The_status_names_the_dictionary()
    {
        var reader = mecab.Required();
        output.WriteLine(reader.Status);
        Assert.Contains("/var/lib/mecab/dic/ipadic-utf8", reader.Status, StringComparison.Ordinal);
        Assert.Contains("UTF-8", reader.Status, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_gives_surface_reading_and_part_of_speech_and_unknown_words_have_no_reading()
    {
        var morphemes = mecab.Required().Parse("三菱重工業ミネベアミツミ");
        Assert.Equal(new Morpheme("三菱重工業", "ミツビシジュウコウギョウ", "名詞,固有名詞,組織,*"), morphemes[0]);
        Assert.Contains(morphemes, m => m.Reading is null);
        Assert.Equal("三菱重工業ミネベアミツミ", string.Concat(morphemes.Select(m => m.Surface)));
    }

    [Fact]
    public void Parse_is_thread_safe_and_the_reader_refuses_work_after_disposal()
    {
        using var reader = MecabReader.Open();
        Assert.True(reader.Available, reader.Status);
        var names = SyntheticNames(2_000);
        var expected = names.Select(n => string.Join('|', reader.Parse(n).Select(m => m.Surface + "/" + m.Reading))).ToList();
        var actual = new string[names.Count];
        Parallel.For(0, names.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            actual[i] = string.Join('|', reader.Parse(names[i]).Select(m => m.Surface + "/" + m.Reading)));
        Assert.Equal(expected, actual);

        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.Parse("東京"));
    }

    [Fact]
    public void Measures_the_time_per_name()
    {
        var reader = mecab.Required();
        var names = SyntheticNames(50_000);
        foreach (var name in names.Take(2_000))
        {
            JapaneseNames.Analyze(name, reader);
        }

        var clock = Stopwatch.StartNew();
        var read = 0;
        foreach (var name in names)
        {
            read += JapaneseNames.Analyze(name, reader) is null ? 0 : 1;
        }
        var sequential = clock.Elapsed;
        clock.Restart();
        Parallel.ForEach(names, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, name => JapaneseNames.Analyze(name, reader));
        var parallel = clock.Elapsed;

        Assert.Equal(names.Count, read);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"JapaneseNames.Analyze with MeCab: {sequential.TotalMicroseconds / names.Count:F1} µs/name on one thread, {parallel.TotalMicroseconds / names.Count:F1} µs/name wall on {Environment.ProcessorCount} cores ({names.Count} names)"));
    }

    // Company-like names: a stem (place, family or maker name) and one or two company words, with and without a
    // legal form, so the glossary splits run as they do on a list.
    private static List<string> SyntheticNames(int count)
    {
        string[] stems = ["三菱", "川崎", "住友", "日立", "東洋", "大和", "北辰", "中央", "新明和", "古河", "富士", "日本", "東京", "石川島播磨", "山田", "横浜", "名古屋", "大阪", "北海道", "九州"];
        string[] words = ["重工業", "電機", "電気工業", "製作所", "商事", "航空", "通信", "電子", "精機", "化学", "造船", "技研", "研究所", "光学", "計器", "無線", "金属", "電線"];
        string[] forms = ["", "株式会社", "(株)", "有限会社"];
        var names = new List<string>(count);
        for (var i = 0; names.Count < count; i++)
        {
            var name = stems[i % stems.Length] + words[i / stems.Length % words.Length]
                + (i % 3 == 0 ? words[i / 7 % words.Length] : "");
            names.Add(i % 2 == 0 ? forms[i % forms.Length] + name : name + forms[i / 5 % forms.Length]);
        }
        return names;
    }
}
