using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Musubi.Web.Tests.Screening;

/// <summary>
/// <c>/screening/bulk</c> with a finished batch of 245 names (the 15 shared examples, then 230 generated names that match
/// nothing): a page of 100 rows, filters by decision with their counts, and a bad filter or page reported on the page
/// with the results still shown (ADR 0054).
/// </summary>
public sealed partial class BulkPageTests(MusubiFactory factory) : IClassFixture<MusubiFactory>
{
    private const int Generated = 230;
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "Screening", "examples");

    [GeneratedRegex("<tr data-query=\"([^\"]+)\"")]
    private static partial Regex Row();

    [GeneratedRegex("<tbody>.*</tbody>", RegexOptions.Singleline)]
    private static partial Regex Body();

    [GeneratedRegex("data-decision=\"(match|review|none)\"")]
    private static partial Regex Chip();

    private static List<string> Rows(string html) => [.. Row().Matches(html).Select(m => m.Groups[1].Value)];

    private static List<string> Decisions(string html) => [.. Chip().Matches(Body().Match(html).Value).Select(m => m.Groups[1].Value)];

    private async Task<(HttpClient Client, string Job)> FinishedBatchAsync()
    {
        var client = factory.ClientAs("jp-compliance");
        await ScreeningApiTests.EnsureListAsync(factory);
        var csv = new StringBuilder(await File.ReadAllTextAsync(Path.Combine(Examples, "queries.csv")));
        for (var i = 0; i < Generated; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"g{i:D4},Generated Trading Company {i},,,\n");
        }
        var started = await client.PostAsync("/api/screening/jobs", ScreeningApiTests.Upload(Encoding.UTF8.GetBytes(csv.ToString()), "queries.csv"));
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string state;
        do
        {
            await Task.Delay(100);
            state = JsonDocument.Parse(await client.GetStringAsync("/api/screening/jobs/" + job)).RootElement.GetProperty("state").GetString()!;
        }
        while (state == "running" && clock.Elapsed < TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", state);
        return (client, job);
    }

    [Fact]
    public async Task AFinishedBatch_ShowsAHundredRowsAPage_AndFiltersByDecision()
    {
        var (client, job) = await FinishedBatchAsync();
        var url = "/screening/bulk?job=" + Uri.EscapeDataString(job);
        var total = 15 + Generated;

        var first = await client.GetStringAsync(url);
        Assert.Equal([.. Enumerable.Range(1, 15).Select(i => $"e{i:D2}"), .. Enumerable.Range(0, 85).Select(i => $"g{i:D4}")], Rows(first));
        Assert.Contains($"Showing 1–100 of {total}", first, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 3", first, StringComparison.Ordinal);
        Assert.Contains($"All ({total})", first, StringComparison.Ordinal);

        var last = await client.GetStringAsync(url + "&page=3");
        Assert.Equal([.. Enumerable.Range(185, 45).Select(i => $"g{i:D4}")], Rows(last));
        Assert.Contains($"Showing 201–{total} of {total}", last, StringComparison.Ordinal);

        // Each filter keeps its decision's rows, as many as its link says, in the file's order.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (decision, label) in new[] { ("match", "Match"), ("review", "Needs review"), ("none", "No match") })
        {
            counts[decision] = int.Parse(Regex.Match(first, Regex.Escape(label) + @" \((\d+)\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var filtered = await client.GetStringAsync(url + "&decision=" + decision);
            var rows = Rows(filtered);
            Assert.Equal(Math.Min(100, counts[decision]), rows.Count);
            Assert.All(Decisions(filtered), d => Assert.Equal(decision, d));
            Assert.Equal(rows.Order(StringComparer.Ordinal), rows);
            Assert.Contains("aria-current=\"page\" data-decision=\"" + decision + "\"", filtered, StringComparison.Ordinal);
            // A decision no name has says so rather than showing an empty table.
            Assert.Equal(counts[decision] == 0, filtered.Contains("No name in this batch has this decision.", StringComparison.Ordinal));
            Assert.Equal(counts[decision] > 0, filtered.Contains("data-testid=\"bulk-results\"", StringComparison.Ordinal));
        }
        Assert.Equal(total, counts.Values.Sum());
        Assert.True(counts["match"] > 0, "the examples hold matches");
        Assert.True(counts["none"] >= Generated, "the generated names match nothing");

        var japanese = await client.GetStringAsync(url + "&culture=ja");
        Assert.Contains($"すべて（{total} 件）", japanese, StringComparison.Ordinal);
        Assert.Contains("1 / 3 ページ", japanese, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("&decision=maybe", "decision", "“maybe” is not a decision (match, review, none)")]
    [InlineData("&page=0", "page", "“0” is not a page number")]
    [InlineData("&page=two", "page", "“two” is not a page number")]
    [InlineData("&page=9", "page", "There is no page 9")]
    public async Task ABadFilterOrPage_IsNamed_AndTheFirstPageOfEveryResultShows(string query, string field, string message)
    {
        var (client, job) = await FinishedBatchAsync();

        var html = await client.GetStringAsync("/screening/bulk?job=" + Uri.EscapeDataString(job) + query);

        Assert.Contains("<code>" + field + "</code>: " + WebUtility.HtmlEncode(message), html, StringComparison.Ordinal);
        Assert.Equal(100, Rows(html).Count);
        Assert.Equal("e01", Rows(html)[0]);
        Assert.Contains($"Showing 1–100 of {15 + Generated}", html, StringComparison.Ordinal);
    }
}
