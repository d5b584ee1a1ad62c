using System.Globalization;
using Musubi.Engines.Screening;
using Musubi.Synthetic.Screening;

namespace Musubi.Engines.Tests.Screening;

/// <summary>The generated lists the benchmark and the evaluation use: deterministic, multi-script, unique, with valid identifiers.</summary>
public sealed class SyntheticListTests
{
    private static string Fingerprint(ScreeningEntity e) =>
        string.Join("|", e.Id, e.Schema, string.Join(";", e.Names.Select(n => n.Kind + ":" + n.Value)), string.Join(";", e.Countries),
            string.Join(";", e.Identifiers.Select(i => i.Scheme + ":" + i.Value)), string.Join(";", e.Programs));

    [Fact]
    public void The_same_seed_gives_the_same_list_and_another_seed_another()
    {
        var a = ScreeningListGenerator.Generate(4000, 7).Entities.Select(Fingerprint).ToArray();
        var b = ScreeningListGenerator.Generate(4000, 7).Entities.Select(Fingerprint).ToArray();
        var c = ScreeningListGenerator.Generate(4000, 8).Entities.Select(Fingerprint).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        // A shorter list with the same seed is the longer one's beginning (the benchmark's brute-force slice).
        Assert.Equal(a[..1000], ScreeningListGenerator.Generate(1000, 7).Entities.Select(Fingerprint).ToArray());
    }

    [Fact]
    public void Entries_are_unique_and_every_script_and_name_kind_is_there()
    {
        var list = ScreeningListGenerator.Generate(5000, 3);
        Assert.Equal(5000, list.Entities.Select(e => e.Id).Distinct().Count());
        Assert.Equal(5000, list.Keys.Count);
        var names = list.Entities.SelectMany(e => e.Names).ToList();
        bool Has(char from, char to) => names.Any(n => n.Value.Any(ch => ch >= from && ch <= to));
        Assert.True(Has('\u4E00', '\u9FFF'), "Han");
        Assert.True(Has('\u0400', '\u04FF'), "Cyrillic");
        Assert.True(Has('\uAC00', '\uD7AF'), "Hangul");
        Assert.True(Has('\u30A0', '\u30FF'), "katakana");
        Assert.True(Has('\u0600', '\u06FF'), "Arabic script");
        Assert.Contains(names, n => n.Kind == NameKind.WeakAlias);
        Assert.Contains(names, n => n.Kind == NameKind.Alias);
        Assert.All(list.Entities, e => Assert.Contains(e.Names, n => n.Kind == NameKind.Name));
        Assert.True(list.CountByCountry().Count >= 12);
    }

    [Fact]
    public void Identifiers_carry_valid_check_digits()
    {
        var ids = ScreeningListGenerator.Generate(5000, 4).Entities.SelectMany(e => e.Identifiers).ToList();
        Assert.Contains(ids, i => i.Scheme == "jcn");
        Assert.Contains(ids, i => i.Scheme == "registration");
        foreach (var id in ids)
        {
            switch (id.Scheme)
            {
                case "lei":
                    Assert.Equal(20, id.Value.Length);
                    Assert.Equal(1, SyntheticIdentifiers.Mod97(id.Value));
                    break;
                case "jcn":
                    var sum = 0;
                    for (var n = 1; n <= 12; n++)
                    {
                        sum += (id.Value[13 - n] - '0') * (n % 2 == 1 ? 1 : 2);
                    }
                    Assert.Equal(9 - (sum % 9), id.Value[0] - '0');
                    break;
                case "registration" when id.Value.Length == 13:
                    Assert.Equal(long.Parse(id.Value[..12], CultureInfo.InvariantCulture) % 11 % 10, id.Value[12] - '0');
                    break;
                case "registration":
                    Assert.Equal(18, id.Value.Length);
                    break;
                case "cage":
                    Assert.Equal(5, id.Value.Length);
                    break;
                default:
                    Assert.Fail("unexpected scheme " + id.Scheme);
                    break;
            }
        }
    }

    [Fact]
    public void Lei_check_digits_match_a_published_lei()
    {
        // Bloomberg Finance L.P.'s LEI, as GLEIF lists it among the LEI issuers
        // (https://www.gleif.org/en/lei-data/gleif-concatenated-file/lei-issuers-original-sources): the check accepts it,
        // and rejects it with the last digit changed.
        Assert.Equal(1, SyntheticIdentifiers.Mod97("5493001KJTIIGC8Y1R12"));
        Assert.NotEqual(1, SyntheticIdentifiers.Mod97("5493001KJTIIGC8Y1R13"));
    }

    [Theory]
    [InlineData("Уралвагонзавод", "English", "Uralvagonzavod")]
    [InlineData("Енисейхимсвязь", "English", "Yeniseykhimsvyaz")]
    [InlineData("Енисейхимсвязь", "Icao", "Eniseikhimsviaz")]
    [InlineData("Енисейхимсвязь", "Gost", "Enisejximsvyaz'")]
    [InlineData("Енисейхимсвязь", "German", "Jenisseichimswjas")]
    [InlineData("Щёлковоприбор", "Iso9", "Ŝëlkovopribor")]
    [InlineData("АО «НПО «Вектор»»", "English", "AO «NPO «Vektor»»")]
    public void Cyrillic_is_romanized_per_scheme(string cyrillic, string scheme, string latin) =>
        Assert.Equal(latin, Cyrillic.Romanize(cyrillic, Enum.Parse<CyrillicScheme>(scheme)));

    [Fact]
    public void Every_transformation_of_the_evaluation_is_made_with_its_label()
    {
        var list = ScreeningListGenerator.Generate(5000, 2);
        var set = EvaluationSet.Build(list, 30, 9);
        foreach (var t in EvaluationSet.Positives)
        {
            Assert.True(set.Count(q => q.Transformation == t) >= 25, $"{t}: {set.Count(q => q.Transformation == t)}");
        }
        Assert.True(set.Count(q => q.Transformation == EvaluationSet.HardNegative) >= 50);
        Assert.True(set.Count(q => q.Transformation == EvaluationSet.Negative) >= 50);
        Assert.All(set.Where(q => !q.IsNegative), q => Assert.NotNull(list.Entities.SingleOrDefault(e => e.Id == q.Expected)));
        // A negative is never a listed name, a positive never another entry's name.
        var owners = list.Entities.SelectMany(e => e.Names.Where(n => n.Kind != NameKind.WeakAlias).Select(n => (Key: EvaluationSet.Normalize(n.Value), e.Id)))
            .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Select(x => x.Id).ToHashSet());
        foreach (var q in set.Where(q => q.Transformation is not (EvaluationSet.Acronym or EvaluationSet.IdentifierOnly)))
        {
            if (owners.TryGetValue(EvaluationSet.Normalize(q.Query.Name), out var ids))
            {
                Assert.True(!q.IsNegative && ids.SetEquals([q.Expected!]), $"[{q.Transformation}] \"{q.Query.Name}\" is the name of {string.Join(", ", ids)}");
            }
        }
    }
}
