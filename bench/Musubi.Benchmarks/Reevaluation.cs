using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Musubi.Engines.Transfers;

namespace Musubi.Benchmarks;

/// <summary>
/// Re-evaluating saved checks after a rule change (issue #3: 1,000,000 saved cases in ≤ 5 s on 2 cores). The saved
/// checks are JSON lines, one per check — <c>{"verdict":"…","case":{contract JSON}}</c> — generated deterministically
/// and answered under the default rule set, then written to a temporary file. The changed rule set is the default one
/// written to a temporary <c>data/</c> folder with one rule's effective date moved (<see cref="ChangedRule"/>), loaded
/// with <see cref="RuleSet.LoadDirectory"/>. The timed part reads the file, parses and checks every case with
/// <see cref="TransferCaseFastReader"/> (the contract's checks, in one forward pass over the bytes), evaluates it under
/// the changed set and compares the verdict with the stored one, on <c>workers</c> threads. The breakdown times the
/// stages apart, and the document-based <see cref="TransferCaseReader.ReadCase"/> beside the fast reader.
/// </summary>
internal static class Reevaluation
{
    /// <summary>The rule whose date moves: Japan's 2026 "non-weapons with ordinary screening" brought forward two years.</summary>
    public const string ChangedRule = "JP_2026_NON_WEAPONS";
    public const string ChangedFile = "rules/jp/revisions.yaml";
    public const string OldFrom = "2026-04-21";
    public const string NewFrom = "2024-04-21";

    private const int Chunk = 2048;

    public static int Run(int count, int workers, string? keep)
    {
        var inv = CultureInfo.InvariantCulture;
        var work = Directory.CreateTempSubdirectory("musubi-reeval.");
        try
        {
            var rules = RuleSet.LoadDefault();
            var file = Path.Combine(work.FullName, "saved-checks.jsonl");
            var clock = Stopwatch.StartNew();
            WriteSavedChecks(file, rules, count);
            Console.WriteLine(string.Create(inv, $"wrote {count:N0} saved checks ({new FileInfo(file).Length / 1e6:0.0} MB) in {clock.Elapsed.TotalSeconds:0.0} s (not timed)"));

            var changed = ChangedSet(rules, Path.Combine(work.FullName, "data"));
            Console.WriteLine($"changed rule set: {ChangedRule} from {OldFrom} to {NewFrom} ({changed.Hash[..19]}…, default {rules.Hash[..19]}…)");

            // Warm-up on a slice (about 5% of a million checks), then a pause for tiered compilation to finish in the
            // background, so the timed run measures steady state rather than JIT compilation.
            var head = File.ReadAllBytes(file).AsMemory(0, (int)Math.Min(new FileInfo(file).Length, 15_000_000));
            Pass(head[..(head.Span.LastIndexOf((byte)'\n') + 1)], changed, workers);
            Thread.Sleep(500);

            GC.Collect();
            clock.Restart();
            var bytes = File.ReadAllBytes(file);
            var read = clock.Elapsed;
            var result = Pass(bytes, changed, workers);
            var wall = clock.Elapsed;
            if (result.Lines != count || result.Failed != 0)
            {
                Console.Error.WriteLine($"re-evaluation: {result.Lines} lines, {result.Failed} unreadable (expected {count}, 0)");
                return 1;
            }
            Console.WriteLine(string.Create(inv, $"re-evaluated {result.Lines:N0} saved checks on {workers} threads in {wall.TotalSeconds:0.000} s (file read {read.TotalSeconds:0.000} s): {result.Changed:N0} verdicts changed ({result.Lines / wall.TotalSeconds:N0} checks/s)"));

            // Where the time goes: the same lines parsed only, then the parsed cases evaluated only.
            var parsed = new TransferCase[count];
            var stored = new TransferVerdict[count];
            clock.Restart();
            ParseAll(bytes, changed, workers, parsed, stored, fast: false);
            var parseDocument = clock.Elapsed;
            clock.Restart();
            ParseAll(bytes, changed, workers, parsed, stored, fast: true);
            var parse = clock.Elapsed;
            clock.Restart();
            var evalChanged = EvaluateAll(parsed, stored, changed, workers);
            var evaluate = clock.Elapsed;
            Console.WriteLine(string.Create(inv, $"  breakdown on {workers} threads: parse + check {parse.TotalSeconds:0.000} s (TransferCaseFastReader; JsonDocument + TransferCaseReader.ReadCase: {parseDocument.TotalSeconds:0.000} s), evaluate + compare {evaluate.TotalSeconds:0.000} s ({evalChanged:N0} changed), file read {read.TotalSeconds:0.000} s"));
            Console.WriteLine(string.Create(inv, $"RESULT reevaluate count={count} workers={workers} wall_s={wall.TotalSeconds:0.000} read_s={read.TotalSeconds:0.000} parse_s={parse.TotalSeconds:0.000} parse_document_s={parseDocument.TotalSeconds:0.000} evaluate_s={evaluate.TotalSeconds:0.000} changed={result.Changed} mb={bytes.Length / 1e6:0.0}"));
            if (keep is not null)
            {
                File.Copy(file, keep, overwrite: true);
            }
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void WriteSavedChecks(string file, RuleSet rules, int count)
    {
        var engine = new TransferEngine(rules);
        using var w = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 20);
        foreach (var c in CaseMix.Generate(count, seed: 7))
        {
            var verdict = engine.Evaluate(c).Verdict;
            w.Write("{\"verdict\":\"");
            w.Write(VerdictText(verdict));
            w.Write("\",\"case\":");
            w.Write(TransferJson.Serialize(c));
            w.Write("}\n");
        }
    }

    /// <summary>The default rule set written under <paramref name="dataDir"/> with <see cref="ChangedRule"/> moved, loaded back.</summary>
    public static RuleSet ChangedSet(RuleSet rules, string dataDir)
    {
        var moved = false;
        foreach (var src in rules.Sources)
        {
            var text = src.Text;
            if (src.Path == ChangedFile)
            {
                var at = text.IndexOf("id: " + ChangedRule + "\n", StringComparison.Ordinal);
                var from = at < 0 ? -1 : text.IndexOf("effective_from: " + OldFrom, at, StringComparison.Ordinal);
                if (from < 0)
                {
                    throw new InvalidOperationException($"{ChangedFile} has no {ChangedRule} effective from {OldFrom}: update Reevaluation.ChangedRule");
                }
                text = string.Concat(text.AsSpan(0, from), "effective_from: " + NewFrom, text.AsSpan(from + ("effective_from: " + OldFrom).Length));
                moved = true;
            }
            var path = Path.Combine(dataDir, src.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }
        if (!moved)
        {
            throw new InvalidOperationException($"{ChangedFile} is not in the default rule set");
        }
        var load = RuleSet.LoadDirectory(dataDir);
        var set = load.Set ?? throw new InvalidOperationException("the changed rule set does not load: " + string.Join("; ", load.Problems));
        if (set.Rules.Single(r => r.Id == ChangedRule).EffectiveFrom != DateOnly.ParseExact(NewFrom, "yyyy-MM-dd", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("the rule did not move");
        }
        return set;
    }

    internal static string VerdictText(TransferVerdict v) => v switch
    {
        TransferVerdict.Permitted => "permitted",
        TransferVerdict.PermittedWithApproval => "permitted_with_approval",
        _ => "prohibited",
    };

    private static TransferVerdict ParseVerdict(string? s) => s switch
    {
        "permitted" => TransferVerdict.Permitted,
        "permitted_with_approval" => TransferVerdict.PermittedWithApproval,
        "prohibited" => TransferVerdict.Prohibited,
        _ => throw new FormatException($"not a verdict: '{s}'"),
    };

    private readonly record struct Totals(long Lines, long Changed, long Failed);

    /// <summary>
    /// One saved check: the stored verdict and the case. <paramref name="fast"/>: the case's bytes go to
    /// <see cref="TransferCaseFastReader"/> (one forward pass); otherwise the line is parsed into a
    /// <see cref="JsonDocument"/> and the case read with <see cref="TransferCaseReader.ReadCase"/>.
    /// </summary>
    private static (TransferCase? Case, TransferVerdict Verdict) ReadSaved(ReadOnlySpan<byte> line, RuleSet rules, List<CaseProblem> problems, bool fast)
    {
        if (!fast)
        {
            using var doc = JsonDocument.Parse(line.ToArray());
            var root = doc.RootElement;
            return (TransferCaseReader.ReadCase(root.GetProperty("case"), "", rules, null, problems), ParseVerdict(root.GetProperty("verdict").GetString()));
        }
        // {"verdict":"…","case":{…}}: the verdict, then the case object's bytes for the case reader.
        var r = new Utf8JsonReader(line);
        TransferVerdict? verdict = null;
        ReadOnlySpan<byte> caseJson = default;
        r.Read();
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("verdict"u8))
            {
                r.Read();
                verdict = ParseVerdict(r.GetString());
            }
            else if (r.ValueTextEquals("case"u8))
            {
                r.Read();
                var start = (int)r.TokenStartIndex;
                r.Skip();
                caseJson = line[start..(int)r.BytesConsumed];
            }
            else
            {
                r.Skip();
            }
        }
        if (verdict is null || caseJson.IsEmpty)
        {
            throw new FormatException("a saved check without a verdict or a case");
        }
        return (TransferCaseFastReader.ReadCase(caseJson, rules, null, problems), verdict.Value);
    }

    /// <summary>Start offsets of every line (and one past the end), so that workers can take ranges of lines.</summary>
    private static List<int> LineStarts(ReadOnlySpan<byte> bytes)
    {
        var starts = new List<int>(1 << 20) { 0 };
        var pos = 0;
        while (true)
        {
            var nl = bytes[pos..].IndexOf((byte)'\n');
            if (nl < 0)
            {
                break;
            }
            pos += nl + 1;
            starts.Add(pos);
        }
        if (starts[^1] != bytes.Length)
        {
            starts.Add(bytes.Length + 1);
        }
        return starts;
    }

    private static Totals Pass(ReadOnlyMemory<byte> bytes, RuleSet rules, int workers, bool fast = true)
    {
        var engine = new TransferEngine(rules);
        var starts = LineStarts(bytes.Span);
        var lines = starts.Count - 1;
        long changed = 0, failed = 0, done = 0;
        var chunks = (lines + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers },
            () => (Changed: 0L, Failed: 0L, Done: 0L, Problems: new List<CaseProblem>()),
            (k, _, acc) =>
            {
                var end = Math.Min(lines, (k + 1) * Chunk);
                for (var i = k * Chunk; i < end; i++)
                {
                    var line = bytes[starts[i]..(starts[i + 1] - 1)];
                    if (line.IsEmpty)
                    {
                        continue;
                    }
                    acc.Done++;
                    acc.Problems.Clear();
                    var (c, verdict) = ReadSaved(line.Span, rules, acc.Problems, fast);
                    if (c is null)
                    {
                        acc.Failed++;
                        continue;
                    }
                    if (engine.Evaluate(c).Verdict != verdict)
                    {
                        acc.Changed++;
                    }
                }
                return acc;
            },
            acc =>
            {
                Interlocked.Add(ref changed, acc.Changed);
                Interlocked.Add(ref failed, acc.Failed);
                Interlocked.Add(ref done, acc.Done);
            });
        return new Totals(done, changed, failed);
    }

    private static void ParseAll(byte[] bytes, RuleSet rules, int workers, TransferCase[] cases, TransferVerdict[] stored, bool fast)
    {
        var starts = LineStarts(bytes);
        var lines = starts.Count - 1;
        var chunks = (lines + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, k =>
        {
            var problems = new List<CaseProblem>();
            var end = Math.Min(lines, (k + 1) * Chunk);
            for (var i = k * Chunk; i < end; i++)
            {
                var (c, verdict) = ReadSaved(bytes.AsSpan(starts[i], starts[i + 1] - 1 - starts[i]), rules, problems, fast);
                cases[i] = c ?? throw new InvalidOperationException($"saved check {i + 1} does not read: {string.Join("; ", problems)}");
                stored[i] = verdict;
            }
        });
    }

    private static long EvaluateAll(TransferCase[] cases, TransferVerdict[] stored, RuleSet rules, int workers)
    {
        var engine = new TransferEngine(rules);
        long changed = 0;
        var chunks = (cases.Length + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, () => 0L, (k, _, n) =>
        {
            var end = Math.Min(cases.Length, (k + 1) * Chunk);
            for (var i = k * Chunk; i < end; i++)
            {
                if (engine.Evaluate(cases[i]).Verdict != stored[i])
                {
                    n++;
                }
            }
            return n;
        }, n => Interlocked.Add(ref changed, n));
        return changed;
    }
}
