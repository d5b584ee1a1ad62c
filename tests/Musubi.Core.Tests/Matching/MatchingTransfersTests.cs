using Microsoft.Extensions.Time.Testing;
using Musubi.Core.Features.Matching;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Matching;

namespace Musubi.Core.Tests.Matching;

/// <summary>
/// The importer's side of the matcher's transfer filter: 22 CFR 126.1(a) denies imports of defense articles originating in
/// a §126.1 country into the United States, read from the dated world data (<c>ITAR_126_1</c>).
/// </summary>
public sealed class MatchingTransfersTests
{
    private static readonly TransferService Transfers = new(new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("CN", "2027-06-30")]
    [InlineData("IR", "2027-06-30")]
    [InlineData("KP", "2028-01-01")]
    public void DeliveryIntoTheUnitedStatesFromAListedCountry_IsProhibited_WithTheCitation(string from, string date)
    {
        var fact = MatchingTransfers.ImportDenied(Transfers.Rules, from, "US", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.NotNull(fact);
        Assert.Equal(TransferFactVerdict.Prohibited, fact.Verdict);
        Assert.Contains("126.1", fact.Citation, StringComparison.Ordinal);
        Assert.Contains("126.1(a)", fact.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JP", "US", "2027-06-30")] // an ally
    [InlineData("CN", "JP", "2027-06-30")] // Japan's import controls are not modelled
    [InlineData("US", "US", "2027-06-30")]
    [InlineData("CN", "US", "1989-12-31")] // before China's listing (1990-02-16 in the world data)
    public void OtherwiseTheImportSideSaysNothing(string from, string to, string date) =>
        Assert.Null(MatchingTransfers.ImportDenied(Transfers.Rules, from, to, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void TheLookupForARequirement_ExcludesAListedCountry_AndStillAsksTheExportRulesForAnAlly()
    {
        var lookup = MatchingTransfers.Generic(Transfers);

        Assert.Equal(TransferFactVerdict.Prohibited, lookup("CN", "US", new DateOnly(2027, 6, 30)).Verdict);
        Assert.NotEqual(TransferFactVerdict.Prohibited, lookup("JP", "US", new DateOnly(2027, 6, 30)).Verdict);
    }
}
