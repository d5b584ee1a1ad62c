using Musubi.Core.Features.Access;

namespace Musubi.Core.Tests.Access;

public sealed class MarkingTests
{
    [Theory]
    [InlineData("", "UNCLASSIFIED")]
    [InlineData("U", "UNCLASSIFIED")]
    [InlineData("CUI", "CUI")]
    [InlineData("cui//noforn", "CUI//NOFORN")]
    [InlineData("CUI//SP-EXPT//REL TO USA, JPN", "CUI//SP-EXPT//REL TO USA, JPN")]
    [InlineData("CUI//REL TO USA,GBR,  ITA, JPN", "CUI//REL TO USA, GBR, ITA, JPN")]
    [InlineData("CUI//FED ONLY", "CUI//FED ONLY")]
    [InlineData("CUI//SP-CTI/SP-EXPT/PROPIN//NOFORN/FED ONLY", "CUI//SP-CTI/SP-EXPT/PROPIN//NOFORN/FED ONLY")]
    [InlineData("CUI//FED ONLY/REL TO USA, JPN", "CUI//FED ONLY/REL TO USA, JPN")]
    [InlineData("CUI//DISPLAY ONLY JPN, KOR", "CUI//DISPLAY ONLY JPN, KOR")]
    [InlineData("CUI // PRVCY // DISPLAY ONLY JPN", "CUI//PRVCY//DISPLAY ONLY JPN")]
    public void TryParse_ValidBanner_RoundTripsToCanonicalBanner(string banner, string expected)
    {
        var marking = Marking.TryParse(banner, null, out var error);

        Assert.Null(error);
        Assert.Equal(expected, marking!.Banner);
    }

    [Theory]
    [InlineData("SECRET", "must start with CUI")]
    [InlineData("CONTROLLED//NOFORN", "not CONTROLLED")]
    [InlineData("CUI//REL TO USA, XXX", "'XXX' is not an ISO 3166-1 alpha-3")]
    [InlineData("CUI//NOFORN//REL TO USA, JPN", "NOFORN cannot be combined")]
    [InlineData("CUI//NOFORN/DISPLAY ONLY JPN", "NOFORN and DISPLAY ONLY cannot be combined")]
    [InlineData("CUI//REL TO USA, JPN/DISPLAY ONLY GBR", "REL TO and DISPLAY ONLY cannot be combined")]
    [InlineData("CUI//<script>", "is not a CUI category or dissemination control Musubi accepts")]
    [InlineData("CUI//SP-NOPE", "'SP-NOPE' is not a CUI category")]
    [InlineData("CUI//SP-EXPT//REL TO JPN, USA", "write 'CUI//SP-EXPT//REL TO USA, JPN' (REL TO lists USA first")]
    [InlineData("CUI//REL TO USA, JPN, GBR", "write 'CUI//REL TO USA, GBR, JPN'")]
    [InlineData("CUI//REL TO GBR, JPN", "REL TO begins with USA: write 'REL TO USA, GBR, JPN'")]
    [InlineData("CUI//REL TO USA", "at least one other country")]
    [InlineData("CUI//REL TO", "REL TO needs a list of countries")]
    [InlineData("CUI//REL TO USA, JPN, JPN", "'JPN' appears twice")]
    [InlineData("CUI//REL TO USA, FVEY", "write its countries instead: USA, AUS, CAN, GBR, NZL")]
    [InlineData("CUI//REL TO USA, NATO", "tetragraph")]
    [InlineData("CUI//DISPLAY ONLY USA, JPN", "write 'DISPLAY ONLY JPN'")]
    [InlineData("CUI//DISPLAY ONLY KOR, JPN", "write 'CUI//DISPLAY ONLY JPN, KOR' (DISPLAY ONLY lists its countries alphabetically)")]
    [InlineData("CUI//PROPIN/SP-EXPT", "write 'CUI//SP-EXPT/PROPIN' (categories are listed specified (SP-) first")]
    [InlineData("CUI//NOFORN//FED ONLY", "write 'CUI//NOFORN/FED ONLY'")]
    [InlineData("CUI//FED ONLY/NOFORN", "write 'CUI//NOFORN/FED ONLY'")]
    [InlineData("CUI//NOFORN//SP-EXPT", "write 'CUI//SP-EXPT//NOFORN'")]
    [InlineData("CUI//SP-EXPT/NOFORN", "write 'CUI//SP-EXPT//NOFORN'")]
    [InlineData("CUI//NOFORN/NOFORN", "'NOFORN' appears twice")]
    [InlineData("CUI//FEDCON", "contractor attribute")]
    [InlineData("CUI//DL ONLY", "dissemination list")]
    [InlineData("CUI//", "nothing between two '//'")]
    [InlineData("CUI//NOFORN\nX", "control characters")]
    public void TryParse_BadBanner_SaysWhy(string banner, string reason)
    {
        var marking = Marking.TryParse(banner, null, out var error);

        Assert.Null(marking);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_VeryLongBanner_IsRejectedWithoutEchoingIt()
    {
        var banner = "CUI//REL TO USA" + string.Concat(Enumerable.Repeat(", JPN", 200));

        Assert.Null(Marking.TryParse(banner, null, out var error));
        Assert.Contains("at most 500", error, StringComparison.Ordinal);
        Assert.True(error!.Length < 100);
    }

    [Fact]
    public void DemoData_EveryMarkingParsesAndIsAlreadyCanonical()
    {
        var demo = Path.Combine(Musubi.Core.Data.DatabaseSetup.DataDirectory, "demo");
        var banners = Directory.EnumerateFiles(demo, "*.json")
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(f), "\"marking\":\\s*\"([^\"]*)\"").Select(m => m.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("CUI//REL TO USA, JPN", banners);
        Assert.Contains("CUI//NOFORN", banners);
        foreach (var banner in banners)
        {
            var marking = Marking.TryParse(banner, null, out var error);
            Assert.True(marking is not null, $"{banner}: {error}");
            Assert.Equal(banner.Length == 0 ? "UNCLASSIFIED" : banner, marking!.Banner);
        }
        // The network package carries no marking column today; if one appears, its cells must parse too.
        foreach (var csv in Directory.EnumerateFiles(Path.Combine(demo, "network"), "*.csv"))
        {
            Assert.DoesNotContain("marking", File.ReadLines(csv).First(), StringComparison.Ordinal);
        }
    }
}

public sealed class AccessPolicyTests
{
    private static readonly AccessScope Japanese = new() { Nationality = "JPN", CuiAccess = true, Programs = ["gpi"] };
    private static readonly AccessScope American = new() { Nationality = "USA", CuiAccess = true, Federal = true, Programs = ["gpi"] };
    private static readonly AccessScope Stateless = new() { CuiAccess = true, Programs = ["gpi"] };

    private static Marking M(string banner, string? needToKnow = null) => Marking.TryParse(banner, needToKnow, out _)!;

    [Fact]
    public void CanRead_NoForn_OnlyUsNationals()
    {
        Assert.True(AccessPolicy.CanRead(American, M("CUI//NOFORN")));
        Assert.False(AccessPolicy.CanRead(Japanese, M("CUI//NOFORN")));
    }

    [Fact]
    public void CanRead_RelTo_OnlyListedNationalities()
    {
        Assert.True(AccessPolicy.CanRead(Japanese, M("CUI//REL TO USA, JPN")));
        Assert.False(AccessPolicy.CanRead(Japanese, M("CUI//REL TO USA, GBR")));
    }

    [Fact]
    public void CanRead_MissingNationality_DeniesEveryDisseminationControl()
    {
        Assert.False(AccessPolicy.CanRead(Stateless, M("CUI//REL TO USA, JPN")));
        Assert.False(AccessPolicy.CanRead(Stateless, M("CUI//NOFORN")));
        Assert.True(AccessPolicy.CanRead(Stateless, M("")));
    }

    [Fact]
    public void CanRead_Cui_NeedsCuiAccess()
    {
        Assert.False(AccessPolicy.CanRead(Japanese with { CuiAccess = false }, M("CUI")));
        Assert.True(AccessPolicy.CanRead(Japanese, M("CUI")));
        Assert.False(AccessPolicy.CanRead(AccessScope.Anonymous, M("CUI")));
    }

    [Fact]
    public void CanRead_NeedToKnow_OnlyProgramMembers()
    {
        Assert.True(AccessPolicy.CanRead(Japanese, M("", "gpi")));
        Assert.False(AccessPolicy.CanRead(Japanese, M("", "gcap")));
    }

    [Fact]
    public void CanRead_FedOnly_OnlyFederalEmployees()
    {
        Assert.True(AccessPolicy.CanRead(American, M("CUI//FED ONLY")));
        Assert.False(AccessPolicy.CanRead(American with { Federal = false }, M("CUI//FED ONLY")));
    }

    [Fact]
    public void CanRead_SystemScope_ReadsEverything() =>
        Assert.True(AccessPolicy.CanRead(AccessScope.System, M("CUI//NOFORN", "gcap")));
}
