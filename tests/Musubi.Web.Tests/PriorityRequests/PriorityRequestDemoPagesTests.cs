using System.Net;
using System.Text.RegularExpressions;
using Musubi.Web.Hosting;
using Musubi.Web.Tests.Security;

namespace Musubi.Web.Tests.PriorityRequests;

/// <summary>
/// The demo's priority requests (data/demo/priority/requests.json) on the pages, as each demo account sees them, on a
/// database of their own (no other test's requests): every request a reader is listed has a page that offers the
/// forms of exactly the actions the state machine gives that reader's party in that state
/// (docs/priority-requests.md), the supplier sees its requests only from "forwarded" on, a government's drafts are its
/// own, and the accounts party to nothing (a third-country official, an analyst, the administrator) see no request.
/// </summary>
public sealed partial class PriorityRequestDemoPagesTests(PriorityDemoPagesFactory app) : IClassFixture<PriorityDemoPagesFactory>
{
    private sealed record Row(string Id, string State, string Requesting);

    /// <summary>The demo accounts: their party kind and nation (data/demo/principals.json).</summary>
    private static readonly Dictionary<string, (string Kind, string Nation)> Accounts = new(StringComparer.Ordinal)
    {
        ["us-acq"] = ("government", "US"),
        ["jp-atla"] = ("government", "JP"),
        ["jp-bizdev"] = ("supplier", "JP"),
        ["us-bizdev"] = ("supplier", "US"),
    };

    /// <summary>The state machine's actions for a party in a state (the spec's table; comments are not forms).</summary>
    private static string[] Expected(string party, string state) => (party, state) switch
    {
        ("requesting_government", "draft") => ["submit", "withdraw"],
        ("requesting_government", "submitted" or "under_review" or "forwarded") => ["withdraw"],
        ("requesting_government", "accepted" or "partially_accepted") => ["fulfil", "close", "withdraw"],
        ("requesting_government", "declined") => ["close"],
        ("receiving_government", "submitted") => ["review", "reject"],
        ("receiving_government", "under_review") => ["forward", "reject"],
        ("supplier", "forwarded") => ["accept", "accept_partial", "decline"],
        _ => [],
    };

    private async Task<HttpClient> SignedInAsync(string account)
    {
        var client = app.BrowserClient();
        await HardenedFactory.SignInAsync(client, account);
        return client;
    }

    private static async Task<List<Row>> RowsAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/priority");
        return [.. ListRow().Matches(html).Select(m => new Row(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value))];
    }

    [Theory]
    [InlineData("us-acq")]
    [InlineData("jp-atla")]
    [InlineData("jp-bizdev")]
    [InlineData("us-bizdev")]
    public async Task EachDemoActor_IsOfferedExactlyTheirActions_OnEveryRequestTheySee(string account)
    {
        using var client = await SignedInAsync(account);
        var (kind, nation) = Accounts[account];

        var rows = await RowsAsync(client);

        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            using var response = await client.GetAsync($"/priority/{row.Id}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{row.Id}: {(int)response.StatusCode}");
            var party = kind == "supplier" ? "supplier" : row.Requesting == nation ? "requesting_government" : "receiving_government";
            Assert.Contains($"data-request=\"{row.Id}\" data-state=\"{row.State}\" data-party=\"{party}\"", html, StringComparison.Ordinal);
            var forms = ActionForm().Matches(html).Select(m => m.Groups[1].Value).ToArray();
            Assert.True(Expected(party, row.State).SequenceEqual(forms), $"{account} on {row.Id} ({row.State}, {party}): offered [{string.Join(", ", forms)}], expected [{string.Join(", ", Expected(party, row.State))}]");
            if (kind == "supplier")
            {
                // A supplier sees a request only once it was forwarded to it, never a government's earlier stages.
                Assert.DoesNotContain(row.State, new[] { "draft", "submitted", "under_review" });
            }
            else if (row.State == "draft")
            {
                Assert.Equal(nation, row.Requesting);
            }
        }
    }

    [Fact]
    public async Task TheDemo_HasASupplierToAnswer_AndDraftsStayWithTheirGovernment()
    {
        using var us = await SignedInAsync("us-acq");
        using var jp = await SignedInAsync("jp-atla");
        using var supplier = await SignedInAsync("jp-bizdev");

        var usRows = await RowsAsync(us);
        var jpRows = await RowsAsync(jp);
        var supplierRows = await RowsAsync(supplier);

        // Hokuriku has a forwarded request to answer (accept, accept in part, decline).
        Assert.Contains(supplierRows, r => r.State == "forwarded");
        // The requests both governments see are the same, but for each one's drafts.
        var usOnly = usRows.Select(r => r.Id).Except(jpRows.Select(r => r.Id), StringComparer.Ordinal).ToList();
        var jpOnly = jpRows.Select(r => r.Id).Except(usRows.Select(r => r.Id), StringComparer.Ordinal).ToList();
        Assert.All(usOnly, id => Assert.Contains(usRows, r => r.Id == id && r.State == "draft" && r.Requesting == "US"));
        Assert.All(jpOnly, id => Assert.Contains(jpRows, r => r.Id == id && r.State == "draft" && r.Requesting == "JP"));
        Assert.NotEmpty(usOnly.Concat(jpOnly));
        // Every request the supplier sees, both governments see too.
        Assert.All(supplierRows, r => Assert.Contains(usRows, u => u.Id == r.Id));
        // A U.S. draft is a 404 for the Japanese official.
        using var draft = await jp.GetAsync($"/priority/{usOnly[0]}");
        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
    }

    [Theory]
    [InlineData("gb-partner")]
    [InlineData("us-analyst")]
    [InlineData("admin")]
    [InlineData("jp-compliance")]
    public async Task AccountsPartyToNothing_SeeNoDemoRequest(string account)
    {
        using var us = await SignedInAsync("us-acq");
        var ids = (await RowsAsync(us)).Select(r => r.Id).ToList();
        using var client = await SignedInAsync(account);

        var html = await client.GetStringAsync("/priority");

        Assert.Empty(ListRow().Matches(html));
        Assert.Contains("data-testid=\"no-open\"", html, StringComparison.Ordinal);
        foreach (var id in ids)
        {
            using var page = await client.GetAsync($"/priority/{id}");
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }
    }

    [GeneratedRegex("<tr data-request=\"([^\"]+)\" data-state=\"([a-z_]+)\" data-requesting=\"([A-Z]{2})\"")]
    private static partial Regex ListRow();

    [GeneratedRegex("<form [^>]*class=\"pr-action\" data-testid=\"action-([a-z_]+)\"")]
    private static partial Regex ActionForm();
}

/// <summary>The hardened app on a database of its own, with a sign-in limit these tests do not reach.</summary>
public sealed class PriorityDemoPagesFactory : HardenedFactory
{
    protected override void Tune(HardeningOptions options)
    {
        options.SignInPermitsPerMinute = 10_000;
        options.AddressPermitsPerMinute = 10_000;
    }
}
