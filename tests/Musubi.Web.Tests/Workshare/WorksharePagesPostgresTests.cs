using System.Net;
using Musubi.Testing;
using Musubi.Web.Hosting;
using Musubi.Web.Tests.Security;

namespace Musubi.Web.Tests.Workshare;

/// <summary>
/// A saved workshare run on PostgreSQL: its release limits (derived from the planning file's transfer cases) are stored
/// with its question and shown again when it is reopened. Skipped, and says so, when no server is configured.
/// </summary>
public sealed class WorksharePagesPostgresTests(WorksharePagesPostgresFactory app) : IClassFixture<WorksharePagesPostgresFactory>
{
    [PostgresFact]
    public async Task SaveThisRun_Reopened_ShowsTheReleaseLimitsItSaved()
    {
        using var client = app.BrowserClient();
        await HardenedFactory.SignInAsync(client, "us-acq");
        var token = await HardenedFactory.FormTokenAsync(client, "/workshare");

        using var saved = await client.PostAsync("/workshare", WorksharePagesTests.Form(token, ("Source", "program"), ("Program", "sm3-iia"), ("Mode", "integrated"), ("Save", "true"), ("Name", "SM-3 releases")));
        var html = await saved.Content.ReadAsStringAsync();
        Assert.True(saved.StatusCode == HttpStatusCode.OK, $"{(int)saved.StatusCode}: {html[..Math.Min(html.Length, 4000)]}");
        var id = WorksharePagesTests.SavedRun().Match(html).Groups[1].Value;
        Assert.StartsWith("WS-", id, StringComparison.Ordinal);

        using var response = await client.GetAsync($"/workshare?run={id}&culture=ja");
        var reopened = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Contains("<h3 id=\"releases-title\">移転規則による技術データの提供先制限</h3>", reopened, StringComparison.Ordinal);
        var jp = WorksharePagesTests.ReleaseRow(reopened, "sm3-wp-kv", "JP");
        Assert.Equal(("permitted_with_approval", "hand"), (jp.Verdict, jp.Use));
        Assert.Contains("<td>使用不可（手動指定の提供先に含まれない）</td>", jp.Html, StringComparison.Ordinal);
    }
}

/// <summary><see cref="WorksharePagesFactory"/> on PostgreSQL (SQLite when no server is configured; its tests then skip).</summary>
public sealed class WorksharePagesPostgresFactory() : HardenedFactory(TestDatabase.PostgresConnectionString is null ? "sqlite" : "postgres")
{
    protected override void Tune(HardeningOptions options)
    {
        options.SignInPermitsPerMinute = 10_000;
        options.AddressPermitsPerMinute = 10_000;
    }
}
