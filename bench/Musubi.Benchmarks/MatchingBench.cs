using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Musubi.Engines.Matching;

namespace Musubi.Benchmarks;

/// <summary>
/// Issue #8's benchmarks in one process (bench/matching.sh): rank FACILITIES (200,000) generated supplier facilities for
/// each of RANKINGS (50) requirements; rank REVERSE (50,000) requirements for each of RANKINGS organizations; board search
/// over BOARD (100,000) requirements with QUERIES (2,000) queries of a mix. Each operation is timed alone after a
/// warm-up; the reader cannot see about a quarter of the records, so the access paths are exercised. When PEER_DIR is
/// given, the board's documents and queries are written there as JSON lines for bench/matching_fts5.py.
/// </summary>
internal static class MatchingBench
{
    private static readonly DateOnly AsOf = new(2027, 1, 1);

    public static int Run(int facilityCount, int reverseCount, int boardCount, int queryCount, int rankings, string? peerDir)
    {
        var inv = CultureInfo.InvariantCulture;
        var gen = new MatchingGenerator(8);
        var taxonomy = gen.Taxonomy();
        TransferLookup transfers = (from, to, _) => (from, to) switch
        {
            ("KR", "JP") or ("DE", "KR") => new TransferFact(TransferFactVerdict.Prohibited, "Synthetic prohibition.", null, []),
            ("US", _) => new TransferFact(TransferFactVerdict.PermittedWithApproval, "Synthetic licence.", null, ["licence"]),
            ("IT", _) => new TransferFact(TransferFactVerdict.Unknown, "Synthetic: no rule set.", null, []),
            _ => new TransferFact(TransferFactVerdict.Permitted, "Synthetic permission.", null, []),
        };

        // 1. Forward: rank suppliers.
        var sw = Stopwatch.StartNew();
        var facilities = gen.Facilities(facilityCount);
        var generate = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var cpu0 = ThreadCpuMs();
        using var suppliers = new SupplierIndex(taxonomy, facilities);
        var supplierBuild = sw.Elapsed.TotalSeconds;
        var supplierBuildCpu = (ThreadCpuMs() - cpu0) / 1000;
        Console.WriteLine(string.Create(inv, $"suppliers: {facilityCount:N0} synthetic facilities generated in {generate:0.00} s, indexed in {supplierBuild:0.00} s ({supplierBuildCpu:0.00} s thread CPU); managed heap {GC.GetTotalMemory(false) / 1e9:0.00} GB"));
        Console.WriteLine(string.Create(inv, $"RESULT suppliers build_s={supplierBuild:0.000} build_cpu_s={supplierBuildCpu:0.000} facilities={facilityCount}"));

        var targets = gen.Requirements(rankings + 10).Select(r => r with { Status = "open" }).ToList();
        var options = new MatchOptions(AsOf, 10, false, null, MatchingGenerator.CanSee);
        foreach (var r in targets.Take(10))
        {
            Matcher.RankSuppliers(suppliers, r, transfers, options);
        }

        var forward = new List<double>();
        var forwardCpu = new List<double>();
        var candidates = new List<int>();
        foreach (var r in targets.Skip(10))
        {
            var (t, c) = (Stopwatch.GetTimestamp(), ThreadCpuMs());
            var ranking = Matcher.RankSuppliers(suppliers, r, transfers, options);
            forward.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            forwardCpu.Add(ThreadCpuMs() - c);
            candidates.Add(ranking.Candidates);
        }

        Report("forward", $"rank {facilityCount:N0} facilities for {forward.Count} requirements (top 10; candidates per requirement {candidates.Min():N0}–{candidates.Max():N0}, mean {candidates.Average():N0})", forward);
        Report("forward_cpu", "  thread CPU time of the same", forwardCpu);
        var explain = new List<double>();
        foreach (var r in targets.Skip(10))
        {
            var t = Stopwatch.GetTimestamp();
            Matcher.RankSuppliers(suppliers, r, transfers, options with { ExplainExcluded = true });
            explain.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        }

        Report("forward_excluded", "the same with every excluded candidate explained", explain);

        // 2. Reverse: rank requirements for organizations.
        var reverseDocs = gen.Requirements(reverseCount);
        sw.Restart();
        using var reverseIndex = new RequirementIndex(taxonomy, reverseDocs);
        var reverseBuild = sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"RESULT reverse build_s={reverseBuild:0.000} requirements={reverseCount}"));
        var random = new Random(88);
        var orgs = Enumerable.Range(0, rankings + 10).Select(_ => facilities[random.Next(facilities.Count)]).Where(f => MatchingGenerator.CanSee(f.AccessKey)).Select(f => f.OrganizationId).Distinct().ToList();
        foreach (var o in orgs.Take(10))
        {
            Matcher.RankRequirements(reverseIndex, suppliers, o, transfers, options);
        }

        var reverse = new List<double>();
        var reverseCpu = new List<double>();
        var reverseCandidates = new List<int>();
        foreach (var o in orgs.Skip(10))
        {
            var (t, c) = (Stopwatch.GetTimestamp(), ThreadCpuMs());
            var ranking = Matcher.RankRequirements(reverseIndex, suppliers, o, transfers, options);
            reverse.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            reverseCpu.Add(ThreadCpuMs() - c);
            reverseCandidates.Add(ranking.Candidates);
        }

        Report("reverse", $"rank {reverseCount:N0} requirements for {reverse.Count} organizations (candidates per organization {reverseCandidates.Min():N0}–{reverseCandidates.Max():N0}, mean {reverseCandidates.Average():N0})", reverse);
        Report("reverse_cpu", "  thread CPU time of the same", reverseCpu);

        // 3. Board search.
        var boardDocs = gen.Requirements(boardCount);
        sw.Restart();
        cpu0 = ThreadCpuMs();
        using var board = new RequirementIndex(taxonomy, boardDocs);
        var boardBuild = sw.Elapsed.TotalSeconds;
        var boardBuildCpu = (ThreadCpuMs() - cpu0) / 1000;
        Console.WriteLine(string.Create(inv, $"board: {boardCount:N0} synthetic requirements indexed in {boardBuild:0.00} s ({boardBuildCpu:0.00} s thread CPU)"));
        Console.WriteLine(string.Create(inv, $"RESULT board build_s={boardBuild:0.000} build_cpu_s={boardBuildCpu:0.000} requirements={boardCount}"));
        var queries = gen.BoardQueries(queryCount + 200, MatchingGenerator.CanSee);
        foreach (var q in queries.Take(200))
        {
            board.Search(q);
        }

        var all = new List<double>();
        var allCpu = new List<double>();
        var byKind = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        long totals = 0;
        foreach (var q in queries.Skip(200))
        {
            var (t, c) = (Stopwatch.GetTimestamp(), ThreadCpuMs());
            var hits = board.Search(q);
            var ms = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            all.Add(ms);
            allCpu.Add(ThreadCpuMs() - c);
            totals += hits.Total;
            var kind = Kind(q);
            if (!byKind.TryGetValue(kind, out var list))
            {
                byKind[kind] = list = [];
            }

            list.Add(ms);
        }

        Report("board", $"board search over {boardCount:N0} requirements, {all.Count:N0} queries (mean visible hits {totals / (double)all.Count:N0}; total, 7 facets, page of 25)", all);
        Report("board_cpu", "  thread CPU time of the same", allCpu);
        foreach (var (kind, list) in byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            Report("board_" + kind, $"  {kind}: {list.Count:N0} queries", list);
        }

        if (peerDir is not null)
        {
            Export(peerDir, taxonomy, boardDocs, queries.Skip(200).ToList());
        }

        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(inv, $"RESULT process peak_rss_gb={process.PeakWorkingSet64 / 1e9:0.00}"));
        return 0;
    }

    /// <summary>This thread's CPU time (clock_gettime CLOCK_THREAD_CPUTIME_ID): an operation's cost without the time other processes took the core.</summary>
    private static double ThreadCpuMs()
    {
        _ = ClockGetTime(3, out var ts);
        return (ts.Seconds * 1e3) + (ts.Nanoseconds / 1e6);
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec value);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static string Kind(BoardQuery q)
    {
        var filtered = q.Programs is not null || q.Nations is not null || q.Capabilities is not null || q.FundingStatuses is not null || q.Statuses is not null || q.NeedFrom is not null;
        if (q.Text is null)
        {
            return "listing";
        }

        var japanese = q.Text.Any(c => c > 0x3000);
        return (japanese ? "text_ja" : "text_en") + (filtered ? "_filtered" : string.Empty);
    }

    private static void Report(string name, string label, List<double> ms)
    {
        var sorted = ms.Order().ToArray();
        double P(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"{label}: p50 {P(50):0.0} ms, p95 {P(95):0.0} ms, max {sorted[^1]:0.0} ms"));
        Console.WriteLine(string.Create(inv, $"RESULT {name} n={sorted.Length} p50={P(50):0.00} p95={P(95):0.00} p99={P(99):0.00} max={sorted[^1]:0.00} mean={ms.Average():0.00}"));
    }

    private static void Export(string dir, CapabilityTaxonomy taxonomy, List<RequirementDocument> docs, List<BoardQuery> queries)
    {
        Directory.CreateDirectory(dir);
        string? D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using (var w = new StreamWriter(Path.Combine(dir, "docs.jsonl")))
        {
            foreach (var r in docs)
            {
                var terms = r.CapabilityCodes.Select(taxonomy.Find).Where(t => t is not null).ToList();
                w.WriteLine(JsonSerializer.Serialize(new
                {
                    id = r.Id,
                    title_en = r.Title,
                    description_en = r.Description ?? string.Empty,
                    title_ja = r.TitleJa ?? string.Empty,
                    description_ja = r.DescriptionJa ?? string.Empty,
                    caps_en = string.Join(' ', terms.Select(t => t!.LabelEn)),
                    caps_ja = string.Join(' ', terms.Select(t => t!.LabelJa)),
                    program = r.ProgramName ?? string.Empty,
                    program_id = r.ProgramId,
                    nations = r.ProgramNations,
                    codes = r.CapabilityCodes,
                    funding = r.FundingStatus,
                    path = r.ContractingPath,
                    status = r.Status,
                    need_by = D(r.NeedBy),
                    published = D(r.PublishedOn),
                    key = r.AccessKey,
                }));
            }
        }

        using (var w = new StreamWriter(Path.Combine(dir, "queries.jsonl")))
        {
            foreach (var q in queries)
            {
                w.WriteLine(JsonSerializer.Serialize(new
                {
                    text = q.Text,
                    kind = Kind(q),
                    programs = q.Programs,
                    nations = q.Nations,
                    capabilities = q.Capabilities?.SelectMany(c => taxonomy.SelfAndNarrower(c)).ToList(),
                    funding = q.FundingStatuses,
                    statuses = q.Statuses,
                    need_from = D(q.NeedFrom),
                    need_to = D(q.NeedTo),
                    sort = q.Sort ?? (q.Text is null ? "needBy" : "relevance"),
                    offset = q.Offset,
                    limit = q.Limit,
                }));
            }
        }

        Console.WriteLine($"peer: {docs.Count:N0} documents and {queries.Count:N0} queries written to {dir}");
    }
}
