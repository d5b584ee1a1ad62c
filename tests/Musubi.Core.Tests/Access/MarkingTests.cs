using Musubi.Core.Features.Access;

namespace Musubi.Core.Tests.Access;

public sealed class MarkingTests
{
    [Theory]
    [InlineData("", "UNCLASSIFIED")]
    [InlineData("CUI", "CUI")]
    [InlineData("cui//noforn", "CUI//NOFORN")]
    [InlineData("CUI//SP-EXPT//REL TO JPN, USA", "CUI//SP-EXPT//REL TO USA, JPN")]
    [InlineData("CUI//FED ONLY", "CUI//FED ONLY")]
    public void TryParse_ValidBanner_RoundTripsToCanonicalBanner(string banner, string expected)
    {
        var marking = Marking.TryParse(banner, null, out var error);

        Assert.Null(error);
        Assert.Equal(expected, marking!.Banner);
    }

    [Theory]
    [InlineData("SECRET", "must start with CUI")]
    [InlineData("CUI//REL TO USA, XXX", "'XXX' is not an ISO 3166-1 alpha-3")]
    [InlineData("CUI//NOFORN//REL TO USA", "cannot be combined")]
    [InlineData("CUI//<script>", "is not a CUI category")]
    public void TryParse_BadBanner_SaysWhy(string banner, string reason)
    {
        var marking = Marking.TryParse(banner, null, out var error);

        Assert.Null(marking);
        Assert.Contains(reason, error, StringComparison.Ordinal);
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
