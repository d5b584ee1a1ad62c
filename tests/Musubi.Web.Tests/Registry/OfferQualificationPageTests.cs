namespace Musubi.Web.Tests.Registry;

/// <summary>A part's page lists its offers with the time and cost to qualify them, in English and Japanese.</summary>
public sealed class OfferQualificationPageTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    [Theory]
    [InlineData("en", "Qualification (months)", "Qualification cost")]
    [InlineData("ja", "認定取得期間（月）", "認定取得費用")]
    public async Task PartPage_OfferTable_ShowsQualificationMonthsAndCost(string culture, string months, string cost)
    {
        // The demo's Subaru CCA offer is unqualified, with 36 months and US$400M to qualify (illustrative).
        var html = await factory.ClientAs("us-acq").GetStringAsync($"/registry/parts/p-cca?culture={culture}");

        Assert.Contains($">{months}</th>", html, StringComparison.Ordinal);
        Assert.Contains($">{cost}</th>", html, StringComparison.Ordinal);
        var row = html[html.IndexOf("/registry/facilities/subaru-utsunomiya", StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("<td class=\"num\">36</td>", row, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">US$400,000,000</td>", row, StringComparison.Ordinal);
    }
}
