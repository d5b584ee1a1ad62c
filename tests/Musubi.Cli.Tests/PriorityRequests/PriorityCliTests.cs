using System.Globalization;
using System.Text;
using System.Text.Json;
using Musubi.Testing;

namespace Musubi.Cli.Tests.PriorityRequests;

/// <summary>
/// <c>musubi priority …</c> as a user runs it over the demo: the JSON shapes of list, show, dashboard and impact, a
/// request created and taken through the workflow by its parties, and bad input exiting 2 naming the option (or
/// FILE:line:column: field for --file), an action out of order, a party that may not act, and an invisible request.
/// </summary>
[RunsLong(64)]
public sealed class PriorityCliTests : IDisposable
{
    private readonly TempDirectory _temp = new("musubi-priority-");

    public void Dispose() => _temp.Dispose();

    private Task<string> DemoAsync() => DemoDatabase.NewAsync(_temp);

    private static string Today(int days) =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Workflow_CreateThroughFulfil_ByEachParty_JsonShapes()
    {
        var db = await DemoAsync();

        var list = await CliRunner.RunAsync("priority", "list", "--db", db, "--as", "jp-atla", "--format", "json");
        Assert.True(list.ExitCode == 0, list.Err);
        var page = JsonDocument.Parse(list.Out).RootElement;
        Assert.Equal(6, page.GetProperty("total").GetInt32()); // the demo's seven, less the U.S. draft
        var first = page.GetProperty("items")[0];
        foreach (var key in new[] { "id", "requestingGovernment", "receivingGovernment", "partId", "quantity", "supplierOrganizationId", "neededBy", "priority", "state", "dueAt", "overdue", "escalationLevel", "marking" })
        {
            Assert.True(first.TryGetProperty(key, out _), key);
        }

        var create = await CliRunner.RunAsync("priority", "create", "--db", db, "--as", "us-acq", "--part", "p-pwb-rf", "--quantity", "300",
            "--supplier", "hokuriku-wiring", "--facility", "hpw-takaoka", "--needed-by", Today(120), "--justification", "Illustrative CLI test", "--priority", "critical", "--format", "json");
        Assert.True(create.ExitCode == 0, create.Err);
        var id = JsonDocument.Parse(create.Out).RootElement.GetProperty("id").GetString()!;
        Assert.Matches("^PR-[0-9]{4}-[0-9]{4}$", id);

        async Task<JsonElement> Act(string who, params string[] args)
        {
            var result = await CliRunner.RunAsync(["priority", "transition", id, .. args, "--db", db, "--as", who, "--format", "json"]);
            Assert.True(result.ExitCode == 0, result.Err);
            return JsonDocument.Parse(result.Out).RootElement;
        }
        Assert.Equal("submitted", (await Act("us-acq", "submit")).GetProperty("state").GetString());
        Assert.Equal("under_review", (await Act("jp-atla", "review")).GetProperty("state").GetString());
        var forwarded = await Act("jp-atla", "forward", "--note", "to Hokuriku");
        Assert.Equal("forwarded", forwarded.GetProperty("state").GetString());
        Assert.Equal("JP", forwarded.GetProperty("actingCountry").GetString());
        var partial = await Act("jp-bizdev", "accept_partial", "--promised-date", Today(100), "--quantity", "200");
        Assert.Equal("partially_accepted", partial.GetProperty("state").GetString());
        Assert.Equal(200, partial.GetProperty("promisedQuantity").GetInt32());
        Assert.Equal(["comment"], partial.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()).ToList()); // the supplier's, now
        Assert.Equal("fulfilled", (await Act("us-acq", "fulfil")).GetProperty("state").GetString());
        var show = await CliRunner.RunAsync("priority", "show", id, "--db", db, "--as", "us-acq", "--format", "json");
        var view = JsonDocument.Parse(show.Out).RootElement;
        Assert.Equal("fulfilled", view.GetProperty("state").GetString());
        Assert.Equal(["create", "submit", "review", "forward", "accept_partial", "fulfil"], view.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("action").GetString()).ToList());
        Assert.Equal(["comment"], view.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()).ToList());

        var comment = await CliRunner.RunAsync("priority", "comment", id, "--db", db, "--as", "jp-bizdev", "--text", "shipped from Takaoka", "--format", "json");
        Assert.True(comment.ExitCode == 0, comment.Err);
        Assert.Equal("jp-bizdev", JsonDocument.Parse(comment.Out).RootElement.GetProperty("by").GetString());

        var dashboard = await CliRunner.RunAsync("priority", "dashboard", "--db", db, "--as", "us-acq", "--format", "json");
        var d = JsonDocument.Parse(dashboard.Out).RootElement;
        Assert.Equal(8, d.GetProperty("total").GetInt32());
        Assert.True(d.GetProperty("overdue").GetInt32() >= 2);
        Assert.Equal(["state", "days0To5", "days6To10", "days11To20", "days21Plus", "total"], d.GetProperty("openByState")[0].EnumerateObject().Select(p => p.Name).ToList());

        // The demo's first request: HDI boards, forwarded to Hokuriku, upstream of the demo's surge demand.
        var demoFirst = page.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("partId").GetString() == "p-pwb-hdi" && r.GetProperty("state").GetString() == "forwarded").GetProperty("id").GetString()!;
        var impact = await CliRunner.RunAsync("priority", "impact", demoFirst, "--db", db, "--as", "us-acq", "--format", "json");
        Assert.True(impact.ExitCode == 0, impact.Err);
        var i = JsonDocument.Parse(impact.Out).RootElement;
        Assert.True(i.GetProperty("computed").GetBoolean());
        Assert.True(i.GetProperty("slips").GetArrayLength() > 0);

        var csv = await CliRunner.RunAsync("priority", "list", "--db", db, "--as", "jp-bizdev", "--format", "csv");
        Assert.StartsWith("id,requesting_government,receiving_government,part_id", csv.Out, StringComparison.Ordinal);
        Assert.Equal(3, csv.Out.Split('\n').Count(l => l.StartsWith("PR-", StringComparison.Ordinal))); // demo 1 and 7, and this one

        var escalate = await CliRunner.RunAsync("priority", "escalate", "--db", db, "--format", "json");
        Assert.True(escalate.ExitCode == 0, escalate.Err);
        Assert.Equal(0, JsonDocument.Parse(escalate.Out).RootElement.GetProperty("escalated").GetInt32()); // the load escalated already
    }

    [Fact]
    public async Task BadInput_ExitTwoNamingTheOptionOrTheFileField()
    {
        var db = await DemoAsync();

        var bad = await CliRunner.RunAsync("priority", "create", "--db", db, "--as", "us-acq", "--part", "p-pwb-hdi", "--quantity", "0",
            "--supplier", "no-such-org", "--needed-by", "2020-01-01", "--justification", "x");
        Assert.Equal(2, bad.ExitCode);
        var lines = bad.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("--needed-by: must be today", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("--quantity: must be more than 0", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("--supplier: unknown organization 'no-such-org'", StringComparison.Ordinal));

        var file = _temp.NewPath(".json");
        await File.WriteAllTextAsync(file, "{\n  \"partId\": \"p-pwb-hdi\",\n  \"quantity\": -1,\n  \"supplierOrganizationId\": \"hokuriku-wiring\",\n  \"neededBy\": \"" + Today(30) + "\",\n  \"justification\": \"x\"\n}\n", new UTF8Encoding(false));
        var fromFile = await CliRunner.RunAsync("priority", "create", "--db", db, "--as", "us-acq", "--file", file);
        Assert.Equal(2, fromFile.ExitCode);
        Assert.StartsWith($"{file}:3:3: quantity: must be more than 0", fromFile.Err, StringComparison.Ordinal);

        await File.WriteAllTextAsync(file, "{ \"partId\": \"p-pwb-hdi\", \"quantity\": \"many\" }", new UTF8Encoding(false));
        var typed = await CliRunner.RunAsync("priority", "create", "--db", db, "--as", "us-acq", "--file", file);
        Assert.Equal(2, typed.ExitCode);
        Assert.StartsWith($"{file}:1:", typed.Err, StringComparison.Ordinal);
        // In the file's terms: no .NET type is named.
        Assert.Contains(": quantity: expected a number", typed.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", typed.Err, StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, "{ \"partId\": \"p-pwb-hdi\", \"colour\": \"red\" }", new UTF8Encoding(false));
        var unknown = await CliRunner.RunAsync("priority", "create", "--db", db, "--as", "us-acq", "--file", file);
        Assert.Equal(2, unknown.ExitCode);
        Assert.StartsWith($"{file}:1:", unknown.Err, StringComparison.Ordinal);
        Assert.Contains("unknown field", unknown.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", unknown.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Musubi.", unknown.Err, StringComparison.Ordinal);

        var noAs = await CliRunner.RunAsync("priority", "create", "--db", db, "--part", "p-pwb-hdi");
        Assert.Equal(2, noAs.ExitCode);
        Assert.StartsWith("--as: ", noAs.Err, StringComparison.Ordinal);

        // Out of order, the wrong party, and a request the reader may not see.
        var submitted = (await CliRunner.RunAsync("priority", "list", "--db", db, "--as", "us-acq", "--state", "submitted", "--format", "json")).Out;
        var id = JsonDocument.Parse(submitted).RootElement.GetProperty("items")[0].GetProperty("id").GetString()!;
        var order = await CliRunner.RunAsync("priority", "transition", id, "forward", "--db", db, "--as", "jp-atla");
        Assert.Equal(2, order.ExitCode);
        Assert.StartsWith("action: transition not allowed from submitted", order.Err, StringComparison.Ordinal);
        var party = await CliRunner.RunAsync("priority", "transition", id, "review", "--db", db, "--as", "us-acq");
        Assert.Equal(2, party.ExitCode);
        Assert.StartsWith("--as: program_manager of US may not review", party.Err, StringComparison.Ordinal);
        var blind = await CliRunner.RunAsync("priority", "show", id, "--db", db, "--as", "gb-partner");
        Assert.Equal(2, blind.ExitCode);
        Assert.StartsWith($"id: unknown priority request '{id}'", blind.Err, StringComparison.Ordinal);
        var state = await CliRunner.RunAsync("priority", "list", "--db", db, "--state", "approved");
        Assert.Equal(2, state.ExitCode);
        Assert.StartsWith("--state: 'approved' is not a state", state.Err, StringComparison.Ordinal);
    }
}
