using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Musubi.Testing;
using Xunit.Abstractions;

namespace Musubi.Web.Tests.Security;

/// <summary>
/// Optimistic concurrency on every editable aggregate, through the real API: 32 writers × 200 updates each, spread over
/// one record of every registry kind, each a read (ETag), a change that names the writer and the attempt, and a PUT
/// with If-Match. The accepted writes must form one chain per record — each based on the version the previous one
/// produced, each having read what the previous one wrote — and the final record must be the last accepted write:
/// that is, the serial replay of the accepted writes, with no update lost. Every rejection is a 412 or 409 ProblemDetails.
/// </summary>
public abstract class ConcurrencyTests(SecurityFactory factory, ITestOutputHelper output)
{
    private const int Writers = 32;
    private const int UpdatesPerWriter = 200;
    private const string Writer = "us-acq";

    /// <summary>One record under test and the field the writers take turns to change.</summary>
    private sealed record Target(string Kind, string Id, Func<JsonNode, string?> Read, Action<JsonNode, string> Write)
    {
        public string Path => $"/api/{Kind}/{Uri.EscapeDataString(Id)}";
    }

    private sealed record Attempt(string Path, int Writer, int Number, uint Base, string? BaseMark, string Mark, int Status, uint? Result, JsonNode Sent);

    protected async Task RunAsync()
    {
        var setup = factory.ClientAs(Writer);
        var targets = await TargetsAsync(setup);
        var initial = new Dictionary<string, (uint Version, string? Mark)>(StringComparer.Ordinal);
        foreach (var target in targets)
        {
            var (version, node) = await ReadAsync(setup, target);
            initial[target.Path] = (version, target.Read(node));
        }

        var attempts = new ConcurrentQueue<Attempt>();
        var failures = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w, targets, attempts, failures))));
        clock.Stop();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Writers} writers × {UpdatesPerWriter} updates over {targets.Count} records: {attempts.Count} attempts in {clock.Elapsed.TotalSeconds:F1} s, "
            + $"{attempts.Count(a => a.Status == 200)} accepted, {attempts.Count(a => a.Status != 200)} rejected"));

        Assert.Empty(failures);
        Assert.Equal(Writers * UpdatesPerWriter, attempts.Count);
        Assert.All(attempts, a => Assert.True(a.Status is 200 or 409 or 412, $"{a.Path} writer {a.Writer} attempt {a.Number}: status {a.Status}"));
        // The test proves nothing unless writers really collided and really got through.
        Assert.Contains(attempts, a => a.Status == 412);

        foreach (var target in targets)
        {
            var accepted = attempts.Where(a => a.Path == target.Path && a.Status == 200).ToList();
            Assert.True(accepted.Count > 0, $"{target.Path}: no write was accepted");
            var duplicates = accepted.GroupBy(a => a.Base).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(duplicates.Count == 0, $"{target.Path}: accepted writes share base versions {string.Join(", ", duplicates)}: updates were lost");

            // Replay: start at the version the writers first saw, follow each accepted write to the version it made.
            var byBase = accepted.ToDictionary(a => a.Base);
            var (version, mark) = initial[target.Path];
            Attempt? last = null;
            var chained = 0;
            while (byBase.TryGetValue(version, out var next))
            {
                Assert.True(next.BaseMark == mark,
                    $"{target.Path}: {next.Mark} was accepted on version {version} but had read '{next.BaseMark}', not '{mark}'");
                Assert.NotNull(next.Result);
                (version, mark, last) = (next.Result.Value, next.Mark, next);
                chained++;
            }
            Assert.True(chained == accepted.Count, $"{target.Path}: {accepted.Count} writes accepted, but only {chained} form the chain from version {initial[target.Path].Version}");

            var (finalVersion, final) = await ReadAsync(setup, target);
            Assert.Equal(version, finalVersion);
            Assert.Equal(mark, target.Read(final));
            Assert.True(JsonNode.DeepEquals(last!.Sent, final), $"{target.Path}: the stored record differs from the last accepted write\nsent:   {last.Sent.ToJsonString()}\nstored: {final.ToJsonString()}");
        }
    }

    private async Task WriteAsync(int writer, IReadOnlyList<Target> targets, ConcurrentQueue<Attempt> attempts, ConcurrentQueue<string> failures)
    {
        var client = factory.ClientAs(Writer);
        for (var n = 0; n < UpdatesPerWriter; n++)
        {
            var target = targets[(writer + n) % targets.Count];
            var read = await client.GetAsync(target.Path);
            if (read.StatusCode != HttpStatusCode.OK)
            {
                failures.Enqueue($"GET {target.Path}: {(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
                continue;
            }
            var version = Version(read);
            var node = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
            var baseMark = target.Read(node);
            var mark = string.Create(CultureInfo.InvariantCulture, $"writer {writer:D2} attempt {n:D3}");
            target.Write(node, mark);

            using var put = new HttpRequestMessage(HttpMethod.Put, target.Path)
            {
                Content = new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            put.Headers.IfMatch.Add(new EntityTagHeaderValue(string.Create(CultureInfo.InvariantCulture, $"\"{version}\"")));
            using var response = await client.SendAsync(put);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            if (status == 200)
            {
                attempts.Enqueue(new Attempt(target.Path, writer, n, version, baseMark, mark, status, Version(response), node));
                continue;
            }
            attempts.Enqueue(new Attempt(target.Path, writer, n, version, baseMark, mark, status, null, node));
            if (status is 409 or 412)
            {
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? JsonNode.Parse(body) : null;
                if (problem?["status"]?.GetValue<int>() != status)
                {
                    failures.Enqueue($"PUT {target.Path}: {status} without a ProblemDetails body: {response.Content.Headers.ContentType} {body}");
                }
            }
            else
            {
                failures.Enqueue($"PUT {target.Path}: {status} {body}");
            }
        }
    }

    private static async Task<(uint Version, JsonNode Record)> ReadAsync(HttpClient client, Target target)
    {
        var response = await client.GetAsync(target.Path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (Version(response), JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static uint Version(HttpResponseMessage response)
    {
        var tag = response.Headers.ETag?.Tag ?? throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: no ETag");
        return uint.Parse(tag.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// One demo record of every kind, and a field to change: for organizations a name in the owned JSON list (nothing
    /// else in the row changes), for programs a work package's name (a child row; the program's own row is unchanged).
    /// </summary>
    private static async Task<IReadOnlyList<Target>> TargetsAsync(HttpClient client)
    {
        async Task<string> FirstAsync(string kind, Func<JsonNode, bool>? where = null)
        {
            var list = JsonNode.Parse(await client.GetStringAsync($"/api/{kind}?pageSize=500&sort=id"))!["items"]!.AsArray();
            var item = list.FirstOrDefault(i => where?.Invoke(i!) ?? true) ?? throw new InvalidOperationException($"no {kind} to write to");
            return item!["id"]!.GetValue<string>();
        }

        static JsonObject Name(JsonNode record, string lang)
        {
            var names = record["names"]!.AsArray();
            if (names.FirstOrDefault(n => n!["lang"]!.GetValue<string>() == lang) is JsonObject found)
            {
                return found;
            }
            var added = new JsonObject { ["lang"] = lang, ["value"] = "", ["primary"] = false };
            names.Add(added);
            return added;
        }

        static string? Text(JsonNode? node) => node?.GetValue<string>();

        return
        [
            new("organizations", await FirstAsync("organizations"),
                r => r["names"]!.AsArray().FirstOrDefault(n => n!["lang"]!.GetValue<string>() == "ja-Latn")?["value"]?.GetValue<string>(),
                (r, m) => Name(r, "ja-Latn")["value"] = m),
            new("facilities", await FirstAsync("facilities"), r => Text(r["region"]), (r, m) => r["region"] = m),
            new("capabilities", await FirstAsync("capabilities"), r => Text(r["evidence"]), (r, m) => r["evidence"] = m),
            new("parts", await FirstAsync("parts"), r => Text(r["nameJa"]), (r, m) => r["nameJa"] = m),
            new("programs", await FirstAsync("programs", p => p["workPackages"]!.AsArray().Count > 0),
                r => Text(r["workPackages"]![0]!["name"]), (r, m) => r["workPackages"]![0]!["name"] = m),
            new("requirements", await FirstAsync("requirements"), r => Text(r["pointOfContact"]), (r, m) => r["pointOfContact"] = m),
            new("agreements", await FirstAsync("agreements"), r => Text(r["title"]!["en"]), (r, m) => r["title"]!["en"] = m),
        ];
    }
}

[RunsLong(35)]
public sealed class SqliteConcurrencyTests(SecurityFactory factory, ITestOutputHelper output)
    : ConcurrencyTests(factory, output), IClassFixture<SecurityFactory>
{
    [Fact]
    public Task ConcurrentWriters_LoseNoUpdate_AndRejectEachConflictWith412() => RunAsync();
}

[RunsLong(35)]
public sealed class PostgresConcurrencyTests(PostgresSecurityFactory factory, ITestOutputHelper output)
    : ConcurrencyTests(factory, output), IClassFixture<PostgresSecurityFactory>
{
    [PostgresFact]
    public Task ConcurrentWriters_LoseNoUpdate_AndRejectEachConflictWith412() => RunAsync();
}
