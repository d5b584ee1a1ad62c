using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Musubi.Testing;
using Xunit.Abstractions;

namespace Musubi.Web.Tests.Security;

/// <summary>
/// Malformed and random requests generated from the app's own OpenAPI document, for every operation, as anonymous
/// and as demo accounts: never a 5xx, and every 4xx with a body is a ProblemDetails. 10,000 requests in ./test;
/// <c>MUSUBI_FUZZ_REQUESTS</c> and <c>MUSUBI_FUZZ_SEED</c> set a longer or different run (bench/api-fuzz.sh).
/// </summary>
[RunsLong(40)]
public sealed partial class ApiFuzzTests(UnlimitedFactory app, ITestOutputHelper output) : IClassFixture<UnlimitedFactory>
{
    private const int DefaultRequests = 10_000;
    private const int DefaultSeed = 20261201;
    private const int Workers = 2;

    [Fact]
    public async Task Random_and_malformed_requests_never_get_a_5xx_and_every_error_is_a_problem()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("MUSUBI_FUZZ_REQUESTS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultRequests;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("MUSUBI_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        using var client = app.ClientAs(null);
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var operations = FuzzOperation.Read(document.RootElement);
        Assert.True(operations.Count >= 20, $"only {operations.Count} operations in the OpenAPI document");
        var ids = await KnownIdsAsync(operations);

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var byStatus = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var perOperation = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var timePerOperation = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var generator = new FuzzRequests(new Random(HashCode.Combine(seed, worker)), operations, ids);
            using var http = app.ClientAs(null);
            for (var i = worker; i < total; i += Workers)
            {
                var (operation, request, description) = generator.Next();
                using (request)
                {
                    HttpResponseMessage response;
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        response = await http.SendAsync(request);
                        timePerOperation.AddOrUpdate(operation.Key, Stopwatch.GetTimestamp() - started, (_, t) => t + Stopwatch.GetTimestamp() - started);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        failures.Enqueue($"{description}\n    → exception in the server or client: {ex.GetType().Name}: {FirstLine(ex.Message)}");
                        continue;
                    }
                    using (response)
                    {
                        var status = (int)response.StatusCode;
                        byStatus.AddOrUpdate(status, 1, (_, c) => c + 1);
                        perOperation.AddOrUpdate(operation.Key, 1, (_, c) => c + 1);
                        var body = await response.Content.ReadAsByteArrayAsync();
                        if (status >= 500)
                        {
                            failures.Enqueue($"{description}\n    → {status}: {Excerpt(body)}");
                        }
                        else if (status >= 400 && body.Length > 0 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                        {
                            failures.Enqueue($"{description}\n    → {status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}: {Excerpt(body)}");
                        }
                        else if (status >= 400 && Internal().Match(Encoding.UTF8.GetString(body)) is { Success: true } leak)
                        {
                            failures.Enqueue($"{description}\n    → {status} speaks of .NET, not of the request ('{leak.Value}'): {Excerpt(body)}");
                        }
                    }
                }
            }
        }))).ConfigureAwait(true);
        clock.Stop();

        var fiveHundreds = byStatus.Where(p => p.Key >= 500).Sum(p => p.Value);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"api fuzz: {total} requests over {operations.Count} operations, seed {seed}, {clock.Elapsed.TotalSeconds:0.0} s, {fiveHundreds} 5xx, {failures.Count} failures; statuses {string.Join(' ', byStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}");
        output.WriteLine(summary);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"time inside requests: {timePerOperation.Values.Sum() / (double)Stopwatch.Frequency:0.0} s"));
        output.WriteLine("slowest operations (total seconds): " + string.Join(", ", timePerOperation.OrderByDescending(p => p.Value).Take(6)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value / (double)Stopwatch.Frequency:0.0} s ({perOperation.GetValueOrDefault(p.Key)})"))));
        if (Environment.GetEnvironmentVariable("MUSUBI_FUZZ_SUMMARY") is { Length: > 0 } summaryFile)
        {
            await File.WriteAllTextAsync(summaryFile, string.Create(CultureInfo.InvariantCulture,
                $"requests={total}\nseed={seed}\nseconds={clock.Elapsed.TotalSeconds:0.0}\nfivexx={fiveHundreds}\nfailures={failures.Count}\noperations={operations.Count}\nstatuses={string.Join(' ', byStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}x{p.Value}"))}\n"));
        }
        Assert.All(operations, o => Assert.True(perOperation.ContainsKey(o.Key), $"{o.Key} was never exercised"));
        Assert.True(failures.IsEmpty, $"{summary}\nrerun with MUSUBI_FUZZ_SEED={seed}; first failures:\n{string.Join("\n", failures.Take(15))}");
    }

    /// <summary>Real ids for each collection (so that some requests reach records), read through the list operations.</summary>
    private async Task<Dictionary<string, List<string>>> KnownIdsAsync(IReadOnlyList<FuzzOperation> operations)
    {
        using var admin = app.ClientAs("admin");
        var ids = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var list in operations.Where(o => o.Method == "GET" && !o.Path.Contains('{', StringComparison.Ordinal) && o.Path.Count(c => c == '/') == 2))
        {
            using var response = await admin.GetAsync(list.Path + "?pageSize=50");
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/json")
            {
                continue;
            }
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var items = json.RootElement.ValueKind == JsonValueKind.Array ? json.RootElement
                : json.RootElement.TryGetProperty("items", out var i) ? i : default;
            if (items.ValueKind == JsonValueKind.Array)
            {
                ids[list.Path] = [.. items.EnumerateArray().Where(e => e.TryGetProperty("id", out _)).Select(e => e.GetProperty("id").ToString())];
            }
        }
        return ids;
    }

    private static string Excerpt(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400)).ReplaceLineEndings(" ");
        return text.Length == 0 ? "(empty body)" : text;
    }

    private static string FirstLine(string text) => text.Split('\n')[0];

    /// <summary>Words of the framework, not of the request: .NET type names and System.Text.Json's reader state.</summary>
    [GeneratedRegex(@"System\.[A-Z]|Microsoft\.[A-Z]|Musubi\.[A-Z]|Nullable<|\.NET (member|type)|isFinalBlock|BytePositionInLine|\bInt32\b|\bInt64\b")]
    private static partial Regex Internal();
}
