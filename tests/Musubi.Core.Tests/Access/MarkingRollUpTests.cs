using CsCheck;
using Musubi.Core.Features.Access;

namespace Musubi.Core.Tests.Access;

/// <summary>Generators of valid markings and of readers, shared by the roll-up and parser properties.</summary>
internal static class MarkingGen
{
    public static readonly string[] Foreign = ["AUS", "CAN", "GBR", "ITA", "JPN", "KOR"];
    public static readonly string[] CategoryPool = ["SP-CTI", "SP-EXPT", "SP-PROPIN", "CTI", "PROPIN", "PRVCY"];
    public static readonly string[] ProgramPool = ["cca", "gcap", "gpi"];

    public static Gen<string[]> Subset(string[] pool, int min) =>
        Gen.Bool.Array[pool.Length].Where(mask => mask.Count(b => b) >= min).Select(mask => pool.Where((_, i) => mask[i]).ToArray());

    /// <summary>Valid markings as Musubi stores them: canonical lists, CUI whenever anything else is set.</summary>
    public static readonly Gen<Marking> Marking =
        Gen.Select(Gen.Int[0, 4], Subset(Foreign, 1), Subset(CategoryPool, 0), Gen.Bool, Gen.Bool, Gen.OneOf(new string?[] { null, null, "cca", "gcap", "gpi" }),
            (control, countries, categories, fedOnly, cui, needToKnow) =>
            {
                var m = new Marking
                {
                    Categories = Join(CuiMarkings.InBannerOrder(categories)),
                    NoForn = control == 1,
                    RelTo = control == 2 ? Join(countries.Order(StringComparer.Ordinal).Prepend("USA")) : "",
                    DisplayOnly = control == 3 ? Join(countries.Order(StringComparer.Ordinal)) : "",
                    FedOnly = fedOnly,
                    NeedToKnow = needToKnow,
                };
                m.Cui = cui || categories.Length > 0 || control is 1 or 2 or 3 || fedOnly;
                return m;
            });

    public static readonly Gen<AccessScope> Reader =
        Gen.Select(Gen.OneOf(new string?[] { null, "USA", "JPN", "GBR", "AUS", "FRA" }), Gen.Bool, Gen.Bool, Subset(ProgramPool, 0), Gen.Int[0, 19],
            (nationality, cui, federal, programs, unrestricted) => new AccessScope
            {
                Nationality = nationality,
                CuiAccess = cui,
                Federal = federal,
                Programs = [.. programs],
                Unrestricted = unrestricted == 0,
            });

    public static (bool, string, bool, string, bool, string, string?) Key(Marking m) =>
        (m.Cui, m.Categories, m.NoForn, m.RelTo, m.FedOnly, m.DisplayOnly, m.NeedToKnow);

    private static string Join(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "" : "|" + string.Join('|', list) + "|";
    }
}

/// <summary>Roll-up (ADR 0007) is a meet: it never widens releasability, and reading the whole means reading every part.</summary>
public sealed class MarkingRollUpTests
{
    private const int Iterations = 2000;

    private static bool CanRead(AccessScope reader, Marking part) => AccessPolicy.CanRead(reader, part);

    private static RolledUpMarking R(params Marking[] parts) => Marking.RollUp(parts);

    [Fact]
    public void RollUp_IsCommutative() =>
        MarkingGen.Marking.Array[0, 6].Sample(parts =>
            Assert.Equal(Marking.RollUp(parts), Marking.RollUp(parts.Reverse())), iter: Iterations);

    [Fact]
    public void RollUp_IsAssociative() =>
        Gen.Select(MarkingGen.Marking, MarkingGen.Marking, MarkingGen.Marking).Sample((a, b, c) =>
        {
            var left = RolledUpMarking.RollUp([R(a, b), R(c)]);
            var right = RolledUpMarking.RollUp([R(a), R(b, c)]);
            Assert.Equal(left, right);
            Assert.Equal(R(a, b, c), left);
        }, iter: Iterations);

    [Fact]
    public void RollUp_IsIdempotent() =>
        MarkingGen.Marking.Array[1, 5].Sample(parts =>
        {
            var once = Marking.RollUp(parts);
            Assert.Equal(once, Marking.RollUp(parts.Concat(parts)));
            Assert.Equal(once, RolledUpMarking.RollUp([once, once]));
        }, iter: Iterations);

    [Fact]
    public void RollUp_OfNothing_IsUnmarkedAndTheIdentity() =>
        MarkingGen.Marking.Sample(m =>
        {
            Assert.True(Marking.RollUp([]).IsUnmarked);
            Assert.Equal(R(m), RolledUpMarking.RollUp([R(m), RolledUpMarking.Unmarked]));
        }, iter: 200);

    [Fact]
    public void AddingAPart_NeverWidensReleasability() =>
        Gen.Select(MarkingGen.Marking.Array[0, 5], MarkingGen.Marking, MarkingGen.Reader).Sample((parts, extra, reader) =>
        {
            if (Marking.RollUp(parts.Append(extra)).ReadableBy(reader))
            {
                Assert.True(Marking.RollUp(parts).ReadableBy(reader));
            }
            if (Marking.RollUp(parts.Append(extra)).CopyableBy(reader))
            {
                Assert.True(Marking.RollUp(parts).CopyableBy(reader));
            }
        }, iter: Iterations * 2);

    [Fact]
    public void ReadingTheRollUp_IsExactlyReadingEveryPart() =>
        Gen.Select(MarkingGen.Marking.Array[0, 5], MarkingGen.Reader).Sample((parts, reader) =>
        {
            var whole = Marking.RollUp(parts);
            Assert.Equal(parts.All(p => CanRead(reader, p)), whole.ReadableBy(reader));
            Assert.Equal(parts.All(p => CanRead(reader, p) && CopyPolicy.MayHoldCopy(reader, p)), whole.CopyableBy(reader));
        }, iter: Iterations * 2);

    [Fact]
    public void RollUp_BannerAlwaysParses() =>
        MarkingGen.Marking.Array[0, 5].Sample(parts =>
        {
            var whole = Marking.RollUp(parts);
            var parsed = Marking.TryParse(whole.Banner, null, out var error);
            Assert.True(parsed is not null, error);
            Assert.Equal(RolledUpMarking.Of(parsed!).Releasability.Banner, whole.Banner);
        }, iter: Iterations);

    [Theory]
    [InlineData(new[] { "CUI//REL TO USA, GBR, JPN", "CUI//REL TO USA, JPN, KOR" }, "CUI//REL TO USA, JPN")]
    [InlineData(new[] { "CUI//REL TO USA, GBR", "CUI//REL TO USA, JPN" }, "CUI//NOFORN")]
    [InlineData(new[] { "CUI//REL TO USA, JPN", "CUI//NOFORN" }, "CUI//NOFORN")]
    [InlineData(new[] { "CUI//REL TO USA, JPN", "" }, "CUI//REL TO USA, JPN")]
    [InlineData(new[] { "CUI//REL TO USA, JPN", "CUI" }, "CUI//REL TO USA, JPN")]
    [InlineData(new[] { "CUI//REL TO USA, GBR, JPN", "CUI//DISPLAY ONLY JPN, KOR" }, "CUI//DISPLAY ONLY JPN")]
    [InlineData(new[] { "CUI//REL TO USA, GBR", "CUI//DISPLAY ONLY JPN" }, "CUI//NOFORN")]
    [InlineData(new[] { "CUI//SP-EXPT", "CUI//PROPIN//FED ONLY", "CUI//SP-CTI//REL TO USA, JPN" }, "CUI//SP-CTI/SP-EXPT/PROPIN//FED ONLY/REL TO USA, JPN")]
    [InlineData(new[] { "", "" }, "UNCLASSIFIED")]
    public void RollUp_Examples(string[] banners, string expected)
    {
        var parts = banners.Select(b => Marking.TryParse(b, null, out _)!).ToArray();

        Assert.Equal(expected, Marking.RollUp(parts).Banner);
    }

    [Fact]
    public void RollUp_NeedToKnow_IsTheUnionAndReadersMustBelongToAll()
    {
        var whole = R(Marking.TryParse("CUI", "gpi", out _)!, Marking.TryParse("", "cca", out _)!, Marking.TryParse("", "gpi", out _)!);

        Assert.Equal(["cca", "gpi"], whole.NeedToKnow);
        Assert.Null(whole.Releasability.NeedToKnow);
        Assert.Equal("CUI [need to know: cca, gpi]", whole.ToString());
        var reader = new AccessScope { Nationality = "JPN", CuiAccess = true, Programs = ["gpi"] };
        Assert.False(whole.ReadableBy(reader));
        Assert.True(whole.ReadableBy(reader with { Programs = ["gpi", "cca"] }));
    }

    [Fact]
    public void DisplayOnly_ForeignReadersMayViewButNotCopy_AmericansMayDoBoth()
    {
        var whole = R(Marking.TryParse("CUI//DISPLAY ONLY JPN", null, out _)!);
        var japanese = new AccessScope { Nationality = "JPN", CuiAccess = true };
        var american = japanese with { Nationality = "USA" };
        var british = japanese with { Nationality = "GBR" };

        Assert.True(whole.ReadableBy(japanese));
        Assert.False(whole.CopyableBy(japanese));
        Assert.True(whole.CopyableBy(american));
        Assert.False(whole.ReadableBy(british));
    }
}

/// <summary>The parser and the banner are inverses on every valid marking, and banners come out in canonical form.</summary>
public sealed class MarkingParserPropertyTests
{
    [Fact]
    public void Banner_ParsesBackToAnEqualMarking() =>
        MarkingGen.Marking.Sample(m =>
        {
            var parsed = Marking.TryParse(m.Banner, m.NeedToKnow, out var error);
            Assert.True(parsed is not null, $"{m.Banner}: {error}");
            Assert.Equal(MarkingGen.Key(m), MarkingGen.Key(parsed!));
        }, iter: 3000);

    [Fact]
    public void Banner_IsCanonical() =>
        MarkingGen.Marking.Sample(m =>
        {
            var banner = m.Banner;
            if (!m.Cui)
            {
                Assert.Equal("UNCLASSIFIED", banner);
                return;
            }
            var segments = banner.Split("//");
            Assert.Equal("CUI", segments[0]);
            Assert.InRange(segments.Length, 1, 3);
            Assert.Equal(banner, banner.ToUpperInvariant());
            var categories = m.CategoryList;
            Assert.Equal(CuiMarkings.InBannerOrder(categories), categories);
            var relTo = m.RelToList;
            if (relTo.Count > 0)
            {
                Assert.Equal("USA", relTo[0]);
                Assert.Equal(relTo.Skip(1).Order(StringComparer.Ordinal), relTo.Skip(1));
                Assert.EndsWith("REL TO " + string.Join(", ", relTo), banner, StringComparison.Ordinal);
            }
            // Lower case and loose spacing are forgiven and come back canonical.
            var loose = banner.ToLowerInvariant().Replace("//", " // ", StringComparison.Ordinal).Replace(", ", " ,  ", StringComparison.Ordinal);
            Assert.Equal(banner, Marking.TryParse(loose, null, out _)?.Banner);
        }, iter: 3000);

    [Fact]
    public void CountriesOutOfOrder_AreRejectedWithTheCanonicalForm() =>
        MarkingGen.Marking.Where(m => m.RelToList.Count > 2 || m.DisplayOnly.Count(c => c == '|') > 2).Sample(m =>
        {
            var list = m.RelTo.Length > 0 ? m.RelToList : m.DisplayOnly.Split('|', StringSplitOptions.RemoveEmptyEntries);
            var reversed = m.Banner.Replace(string.Join(", ", list), string.Join(", ", list.Reverse()), StringComparison.Ordinal);

            Assert.Null(Marking.TryParse(reversed, null, out var error));
            Assert.Contains($"write '{m.Banner}'", error, StringComparison.Ordinal);
        }, iter: 500);
}
