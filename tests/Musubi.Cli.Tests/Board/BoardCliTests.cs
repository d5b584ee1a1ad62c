using System.Globalization;
using System.Text.Json;
using Musubi.Testing;
using static Musubi.Cli.Tests.Board.BoardCliSteps;

namespace Musubi.Cli.Tests.Board;

/// <summary>
/// <c>musubi board …</c> as a user runs it over the demo: the JSON shapes of search, show, subscriptions, feed and
/// notify; English and Japanese text; a requirement published and changed from a file; bad input exiting 2 naming the
/// option, or <c>FILE:line:column: field</c> for <c>--input</c> (the three: an unknown capability code, a need-by
/// date in the past, empty descriptions); a reader without the role, a stale version, and a requirement the reader may
/// not see; and a supplier without CUI access who never sees a marked requirement in a search or its feed.
/// </summary>
internal static class BoardCliSteps
{
    internal static readonly string[] Marked = ["req-001", "req-002", "req-003", "req-004", "req-012", "req-024", "req-027", "req-029", "req-030"];

    /// <summary>A database in <paramref name="temp"/> with the demo loaded.</summary>
    internal static Task<string> DemoAsync(TempDirectory temp) => DemoDatabase.NewAsync(temp);

    internal static string Day(int days) =>
        DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A requirement file in <paramref name="temp"/>; the capability code is on line 4 and the need-by date on line 8.</summary>
    internal static async Task<string> FileAsync(TempDirectory temp, string title, string code = "ELEC.PASSIVE", int needIn = 300, string description = "Illustrative CLI test requirement.",
        string quantity = "25", string? marking = null, uint? version = null)
    {
        var path = temp.NewPath(".json");
        await File.WriteAllTextAsync(path, $$"""
            {
              "programId": "replicator",
              "capabilityCodes": [
                "{{code}}"
              ],
              "title": "{{title}}",
              "quantity": {{quantity}},
              "needBy": "{{Day(needIn)}}",
              "description": "{{description}}",
              "descriptionJa": "",
              "fundingStatus": "funded",
              "contractingPath": "ota",
              "status": "open",
              "marking": {{(marking is null ? "null" : "\"" + marking + "\"")}},
              "milestones": [ { "kind": "solicitation", "date": "{{Day(20)}}" } ]{{(version is { } v ? ",\n  \"version\": " + v.ToString(CultureInfo.InvariantCulture) : "")}}
            }
            """);
        return path;
    }

    internal static async Task<JsonElement> JsonOkAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)}: {result.Err}");
        return JsonDocument.Parse(result.Out).RootElement;
    }

    internal static async Task<string> BadAsync(params string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode == 2, $"{string.Join(' ', args)} exited {result.ExitCode}: {result.Out} {result.Err}");
        return result.Err;
    }
}

/// <summary><c>board search|show|ics</c>: shapes, both languages, filters, access and bad options.</summary>
[RunsLong(68)]
public sealed class BoardCliSearchTests
{
    [Fact]
    public async Task Search_Show_Ics_ShapesLanguagesAndAccess()
    {
        using var temp = new TempDirectory("musubi-board-");
        var db = await DemoAsync(temp);
        var page = await JsonOkAsync("board", "search", "--db", db, "--as", "us-acq", "--page-size", "100", "--format", "json");
        Assert.True(page.GetProperty("total").GetInt32() >= 30);
        foreach (var key in new[] { "total", "page", "pageSize", "items", "facets" })
        {
            Assert.True(page.TryGetProperty(key, out _), key);
        }
        Assert.True(page.GetProperty("facets").TryGetProperty("capability", out _));
        Assert.Contains("req-001", (await JsonOkAsync("board", "search", "固体ロケット", "--db", db, "--as", "us-acq", "--format", "json"))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        var filtered = await JsonOkAsync("board", "search", "--db", db, "--as", "us-acq", "--program", "gpi,cca", "--status", "open", "--need-from", "2027-01-01", "--format", "json");
        Assert.All(filtered.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Contains(i.GetProperty("programId").GetString(), new[] { "gpi", "cca" });
            Assert.Equal("open", i.GetProperty("status").GetString());
        });

        // A supplier without CUI access: no marked requirement in any search, its total or its facets.
        foreach (var text in new[] { "", "rocket", "seeker", "固体ロケット" })
        {
            var args = new List<string> { "board", "search" };
            if (text.Length > 0)
            {
                args.Add(text);
            }
            var result = await CliRunner.RunAsync([.. args, "--db", db, "--as", "jp-bizdev", "--page-size", "100", "--format", "json"]);
            Assert.True(result.ExitCode == 0, result.Err);
            Assert.All(Marked, id => Assert.DoesNotContain('"' + id + '"', result.Out, StringComparison.Ordinal));
            var visible = JsonDocument.Parse(result.Out).RootElement;
            Assert.Equal(visible.GetProperty("items").GetArrayLength(), visible.GetProperty("total").GetInt32());
        }
        var err = await BadAsync("board", "show", "req-001", "--db", db, "--as", "jp-bizdev");
        Assert.StartsWith("id: unknown requirement 'req-001'", err, StringComparison.Ordinal);
        var shown = await JsonOkAsync("board", "show", "req-001", "--db", db, "--as", "us-acq", "--format", "json");
        Assert.Equal("gpi", shown.GetProperty("programId").GetString());
        Assert.Equal(["PROP.SRM", "PROP.SRM.CASE"], shown.GetProperty("capabilityCodes").EnumerateArray().Select(c => c.GetString()));
        var table = await CliRunner.RunAsync("board", "show", "req-001", "--db", db, "--as", "us-acq");
        Assert.Contains("req-001", table.Out, StringComparison.Ordinal);

        var ics = temp.NewPath(".ics");
        var written = await CliRunner.RunAsync("board", "ics", "req-001", "--db", db, "--as", "us-acq", "-o", ics);
        Assert.True(written.ExitCode == 0, written.Err);
        var calendar = await File.ReadAllTextAsync(ics);
        Assert.StartsWith("BEGIN:VCALENDAR", calendar, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VEVENT", calendar, StringComparison.Ordinal);
        var searchIcs = await CliRunner.RunAsync("board", "ics", "--program", "gpi", "--db", db, "--as", "jp-bizdev");
        Assert.True(searchIcs.ExitCode == 0, searchIcs.Err);
        Assert.StartsWith("BEGIN:VCALENDAR", searchIcs.Out, StringComparison.Ordinal);
        Assert.All(Marked, id => Assert.DoesNotContain(id, searchIcs.Out, StringComparison.Ordinal));
        Assert.StartsWith("id: unknown requirement", await BadAsync("board", "ics", "req-001", "--db", db, "--as", "jp-bizdev"), StringComparison.Ordinal);

        // Bad options name themselves.
        Assert.StartsWith("--page-size:", await BadAsync("board", "search", "--db", db, "--page-size", "0"), StringComparison.Ordinal);
        Assert.StartsWith("--status:", await BadAsync("board", "search", "--db", db, "--status", "approved"), StringComparison.Ordinal);
        Assert.StartsWith("--capability:", await BadAsync("board", "search", "--db", db, "--capability", "NOPE.NOPE"), StringComparison.Ordinal);
        Assert.StartsWith("--need-from:", await BadAsync("board", "search", "--db", db, "--need-from", "2027-02-30"), StringComparison.Ordinal);
        Assert.StartsWith("--sort:", await BadAsync("board", "search", "--db", db, "--sort", "bogus"), StringComparison.Ordinal);
    }
}

/// <summary><c>board create|update --input</c>: FILE:line:column: field for bad input, roles, versions, hidden requirements.</summary>
[RunsLong(31)]
public sealed class BoardCliWriteTests
{
    [Fact]
    public async Task CreateUpdate_FromFile_BadInputNamesFileLineAndField()
    {
        using var temp = new TempDirectory("musubi-board-");
        var db = await DemoAsync(temp);
        // The three, each with the file, the line and the field.
        var code = await FileAsync(temp, "Bad code", code: "NOT.A.CODE");
        Assert.StartsWith($"{code}:4:5: capabilityCodes[0]: unknown capability code", await BadAsync("board", "create", "--input", code, "--db", db, "--as", "us-acq"), StringComparison.Ordinal);
        var past = await FileAsync(temp, "Past", needIn: -1);
        Assert.StartsWith($"{past}:8:3: needBy: must be today", await BadAsync("board", "create", "--input", past, "--db", db, "--as", "us-acq"), StringComparison.Ordinal);
        var empty = await FileAsync(temp, "Empty", description: "");
        Assert.StartsWith($"{empty}:9:3: description: is required", await BadAsync("board", "create", "--input", empty, "--db", db, "--as", "us-acq"), StringComparison.Ordinal);
        // A value of the wrong type and an unknown field, found while reading the file, said in the file's terms: no .NET
        // type is named.
        var typed = await FileAsync(temp, "Typed", quantity: "\"many\"");
        var typedError = await BadAsync("board", "create", "--input", typed, "--db", db, "--as", "us-acq");
        Assert.StartsWith($"{typed}:7:", typedError, StringComparison.Ordinal);
        Assert.Contains(": quantity: expected a number", typedError, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", typedError, StringComparison.Ordinal);
        var unknown = await FileAsync(temp, "Unknown", quantity: "25,\n  \"colour\": \"red\"");
        var unknownError = await BadAsync("board", "create", "--input", unknown, "--db", db, "--as", "us-acq");
        Assert.StartsWith($"{unknown}:", unknownError, StringComparison.Ordinal);
        Assert.Contains("unknown field", unknownError, StringComparison.Ordinal);
        Assert.DoesNotContain(".NET", unknownError, StringComparison.Ordinal);
        Assert.DoesNotContain("Musubi.", unknownError, StringComparison.Ordinal);
        Assert.StartsWith("--input:", await BadAsync("board", "create", "--input", "/no/such/file.json", "--db", db), StringComparison.Ordinal);

        // Only program managers and administrators publish.
        var good = await FileAsync(temp, "Passive component kits");
        Assert.StartsWith("--as: contributor may not publish", await BadAsync("board", "create", "--input", good, "--db", db, "--as", "jp-bizdev"), StringComparison.Ordinal);

        var created = await JsonOkAsync("board", "create", "--input", good, "--db", db, "--as", "us-acq", "--format", "json");
        var id = created.GetProperty("id").GetString()!;
        var version = created.GetProperty("version").GetUInt32();
        Assert.Equal("Passive component kits", created.GetProperty("title").GetString());
        Assert.Equal("solicitation", created.GetProperty("milestones")[0].GetProperty("kind").GetString());

        var changed = await JsonOkAsync("board", "update", id, "--input", await FileAsync(temp, "Passive component kits, lot 2", version: version), "--db", db, "--as", "us-acq", "--format", "json");
        Assert.Equal("Passive component kits, lot 2", changed.GetProperty("title").GetString());
        // The version read before the change is stale now.
        Assert.StartsWith("version: ", await BadAsync("board", "update", id, "--input", await FileAsync(temp, "Lost update", version: version), "--db", db, "--as", "us-acq"), StringComparison.Ordinal);
        Assert.StartsWith("id: unknown requirement 'req-001'", await BadAsync("board", "update", "req-001", "--input", good, "--db", db, "--as", "gb-partner"), StringComparison.Ordinal);
    }
}

/// <summary><c>board subscribe|subscriptions|feed|notify|unsubscribe</c>: the supplier's feed never carries a marked requirement.</summary>
[RunsLong(60)]
public sealed class BoardCliSubscriptionTests
{
    [Fact]
    public async Task Subscribe_Feed_Notify_Unsubscribe()
    {
        using var temp = new TempDirectory("musubi-board-");
        var db = await DemoAsync(temp);
        var subscription = await JsonOkAsync("board", "subscribe", "--name", "Passive components", "--capability", "ELEC.PASSIVE", "--digest", "daily",
            "--db", db, "--as", "jp-bizdev", "--format", "json");
        var sid = subscription.GetProperty("id").GetString()!;
        Assert.Equal("capability", subscription.GetProperty("kind").GetString());
        Assert.Equal(["ELEC.PASSIVE"], subscription.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        var saved = await JsonOkAsync("board", "subscribe", "--name", "Small drones", "--search", "small UAS", "--db", db, "--as", "jp-bizdev", "--format", "json");
        Assert.Equal("small UAS", saved.GetProperty("query").GetProperty("text").GetString());

        Assert.StartsWith("--capability|--program|--nation|--search:", await BadAsync("board", "subscribe", "--name", "x", "--capability", "ELEC.PCB", "--nation", "JP", "--db", db, "--as", "jp-bizdev"), StringComparison.Ordinal);
        Assert.StartsWith("--capability[0]:", await BadAsync("board", "subscribe", "--name", "x", "--capability", "NOT.A.CODE", "--db", db, "--as", "jp-bizdev"), StringComparison.Ordinal);
        Assert.StartsWith("--digest:", await BadAsync("board", "subscribe", "--name", "x", "--nation", "JP", "--digest", "hourly", "--db", db, "--as", "jp-bizdev"), StringComparison.Ordinal);
        Assert.StartsWith("--as:", await BadAsync("board", "subscriptions", "--db", db), StringComparison.Ordinal);

        // One open and one marked requirement with the code: only the open one reaches the supplier's feed.
        var open = await JsonOkAsync("board", "create", "--input", await FileAsync(temp, "Passive component kits"), "--db", db, "--as", "us-acq", "--format", "json");
        var hidden = await JsonOkAsync("board", "create", "--input", await FileAsync(temp, "Controlled passive filters", marking: "CUI//REL TO USA, JPN"), "--db", db, "--as", "us-acq", "--format", "json");
        var feedRun = await CliRunner.RunAsync("board", "feed", "--subscription", sid, "--db", db, "--as", "jp-bizdev", "--format", "json");
        Assert.True(feedRun.ExitCode == 0, feedRun.Err);
        Assert.DoesNotContain(hidden.GetProperty("id").GetString()!, feedRun.Out, StringComparison.Ordinal);
        var feed = JsonDocument.Parse(feedRun.Out).RootElement;
        var item = Assert.Single(feed.GetProperty("items").EnumerateArray());
        Assert.Equal(open.GetProperty("id").GetString(), item.GetProperty("requirementId").GetString());
        Assert.Equal("created", item.GetProperty("change").GetString());
        Assert.True(feed.GetProperty("unread").GetInt32() >= 1);

        // The sweep already ran with each change: running it again makes nothing new (idempotent).
        var notify = await JsonOkAsync("board", "notify", "--db", db, "--format", "json");
        Assert.Equal(["subscriptions", "newItems", "digests"], notify.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, notify.GetProperty("newItems").GetInt32());
        Assert.True(notify.GetProperty("subscriptions").GetInt32() >= 2);

        var list = await JsonOkAsync("board", "subscriptions", "--db", db, "--as", "jp-bizdev", "--format", "json");
        Assert.Equal(1, list.GetProperty("subscriptions").EnumerateArray().Single(s => s.GetProperty("id").GetString() == sid).GetProperty("unread").GetInt32());
        Assert.StartsWith("id: unknown subscription", await BadAsync("board", "unsubscribe", sid, "--db", db, "--as", "us-bizdev"), StringComparison.Ordinal);
        var gone = await CliRunner.RunAsync("board", "unsubscribe", sid, "--db", db, "--as", "jp-bizdev");
        Assert.True(gone.ExitCode == 0, gone.Err);
        Assert.DoesNotContain((await JsonOkAsync("board", "subscriptions", "--db", db, "--as", "jp-bizdev", "--format", "json")).GetProperty("subscriptions").EnumerateArray(),
            s => s.GetProperty("id").GetString() == sid);
    }
}
