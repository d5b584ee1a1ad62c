using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Musubi.Core.Data;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Network;
using Musubi.Core.Features.Surge;
using Musubi.Engines.Network;
using Musubi.Engines.Optimization.Surge;

namespace Musubi.Fuzz;

/// <summary>
/// The surge planner's planning data (docs/engines/surge.md, "Planning data") as <c>./musubi surge plan --plan DIR</c>
/// reads it: <see cref="SurgePlanDataReader.Read"/> on a folder holding any of <c>expansions.csv</c>,
/// <c>stocks.csv</c> and <c>demand.csv</c>.
/// <para>
/// One input holds the three files, so that AFL mutates them together. A line that is exactly <c>=== NAME</c> (NAME one
/// of the three file names; a CR before its LF is allowed) starts that file; the file is every byte up to the next
/// such line or the end of the input, its last line break included — a file without one (a truncated line) can only
/// come last. A file whose marker is missing is absent from the folder (an empty section is an empty file); a repeated
/// marker starts that file over; bytes before the first marker are ignored. The files are written to a fresh folder per
/// input, which is removed afterwards.
/// </para>
/// Invariants:
/// <list type="bullet">
/// <item>the reader returns data or throws <see cref="SurgePlanDataException"/> — no other exception;</item>
/// <item>every problem is one line <c>file:line:field: message</c> of at most ~1 KB: the file one of the three that was
/// written, the line from 1 to that file's last line (an empty file, or one of only a BOM, is exactly
/// <c>NAME:1:file: the file is empty: it needs a header row</c>), a field, a message naming no .NET type and holding no
/// stack trace; problems are ordered by file and line, and past 1,000 the last line only counts the rest;</item>
/// <item>data read keeps the documented rules: expansion ids unique, every id well formed, extra_per_month &gt; 0,
/// cost_usd ≥ 0, months_until_available 0–120, stock quantities ≥ 0 and one per part and facility, demand months
/// 1–120, quantities ≥ 0, priority 1–3 and one row per part and month, every number finite; nothing read from an absent
/// file; the <c>*Lines</c> lists have one line per record, rising, each after the header and inside its file;</item>
/// <item>checked against the demo network (<c>data/demo/network</c>, read once by the CLI's package reader),
/// <see cref="SurgePlanData.Check"/>'s problems obey the same format; when there are none,
/// <see cref="SurgePlanner.Validate"/> accepts the data in a request for <c>p-int</c> over 24 months.</item>
/// </list>
/// </summary>
internal sealed partial class SurgePlanTarget : IFuzzTarget
{
    private static readonly string[] Files = [SurgePlanDataReader.ExpansionsFile, SurgePlanDataReader.StocksFile, SurgePlanDataReader.DemandFile];
    private static readonly byte[][] FileBytes = [.. Files.Select(Encoding.ASCII.GetBytes)];

    private SupplyNetwork? _network;
    private string? _root;
    private long _inputs;

    public string Name => "surge-plan";

    public string Description => "surge planning data (expansions, stocks, demand CSV in one input), checked against the demo network";

    public void Setup()
    {
        if (_network is not null)
        {
            return;
        }
        // As scripts/fuzz.sh's import targets do: afl-fuzz ends the harness with SIGKILL, so the folders live inside
        // MUSUBI_FUZZ_WORK, which the script removes.
        var parent = Environment.GetEnvironmentVariable("MUSUBI_FUZZ_WORK");
        _root = parent is { Length: > 0 }
            ? Directory.CreateDirectory(Path.Combine(parent, "surge-plan-" + Environment.ProcessId)).FullName
            : Directory.CreateTempSubdirectory("musubi-fuzz-surge-").FullName;
        var root = _root;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ImportHarness.TryDelete(root);
        _network = NetworkPackageReader.Read(Path.Combine(DatabaseSetup.DataDirectory, "demo", "network"));
    }

    public void Run(byte[] input)
    {
        Setup();
        var files = Split(input);
        var dir = Path.Combine(_root!, (++_inputs).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(dir);
        try
        {
            foreach (var (name, bytes) in files)
            {
                File.WriteAllBytes(Path.Combine(dir, name), bytes);
            }
            SurgePlanData data;
            try
            {
                data = SurgePlanDataReader.Read(dir);
            }
            catch (SurgePlanDataException ex)
            {
                CheckProblems(ex.Problems, files, "the reader");
                CheckEmptyFiles(ex.Problems, files);
                return;
            }
            CheckEmptyFiles([], files);
            CheckData(data, files);
            var problems = data.Check(_network!);
            CheckProblems(problems, files, "Check");
            if (problems.Count == 0)
            {
                var request = new SurgeRequest(["p-int"], 24, SurgeObjective.MaxDeliveries, SurgeScenario.Baseline,
                    Demand: data.Demand, Expansions: data.Expansions, Stocks: data.Stocks);
                try
                {
                    SurgePlanner.Validate(_network!, request);
                }
                catch (NetworkInputException ex)
                {
                    throw new InvariantViolation($"data that read and passed Check fails SurgePlanner.Validate: {ImportHarness.Show(string.Join(" | ", ex.Problems))}");
                }
            }
        }
        finally
        {
            ImportHarness.TryDelete(dir);
        }
    }

    /// <summary>The files of one input, by name (see the class comment).</summary>
    internal static Dictionary<string, byte[]> Split(byte[] input)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? current = null;
        var start = 0;
        var lineStart = 0;
        while (lineStart < input.Length)
        {
            var end = Array.IndexOf(input, (byte)'\n', lineStart);
            var next = end < 0 ? input.Length : end + 1;
            if (Marker(input.AsSpan(lineStart, (end < 0 ? input.Length : end) - lineStart)) is { } name)
            {
                if (current is not null)
                {
                    files[current] = input[start..lineStart];
                }
                current = name;
                start = next;
            }
            lineStart = next;
        }
        if (current is not null)
        {
            files[current] = input[Math.Min(start, input.Length)..];
        }
        return files;
    }

    private static string? Marker(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }
        if (!line.StartsWith("=== "u8))
        {
            return null;
        }
        line = line[4..];
        for (var i = 0; i < Files.Length; i++)
        {
            if (line.SequenceEqual(FileBytes[i]))
            {
                return Files[i];
            }
        }
        return null;
    }

    [GeneratedRegex(@"^(?<file>expansions\.csv|stocks\.csv|demand\.csv):(?<line>[0-9]+):(?<field>[^\r\n]+?): (?<message>[^\r\n]+)$")]
    private static partial Regex ProblemLine();

    [GeneratedRegex(@"^\.\.\. and [0-9]+ more errors$")]
    private static partial Regex MoreLine();

    [GeneratedRegex(@"\bat [A-Za-z_.]+\(|Exception\b|--- End of")]
    private static partial Regex StackTrace();

    private static void CheckProblems(IReadOnlyList<string> problems, Dictionary<string, byte[]> files, string who)
    {
        var previous = ("", 0L);
        for (var i = 0; i < problems.Count; i++)
        {
            var problem = problems[i];
            if (MoreLine().IsMatch(problem) && who == "the reader")
            {
                if (i != problems.Count - 1 || i != ErrorSink.Limit)
                {
                    throw new InvariantViolation($"{who}: '{problem}' is problem {i + 1} of {problems.Count}, not the last after {ErrorSink.Limit}");
                }
                continue;
            }
            if (problem.Length > ImportHarness.MaxErrorLength)
            {
                throw new InvariantViolation($"{who}: a problem of {problem.Length} characters, over {ImportHarness.MaxErrorLength}: {ImportHarness.Show(problem)}");
            }
            var m = ProblemLine().Match(problem);
            if (!m.Success || TransferExamples.MultiLine(problem))
            {
                throw new InvariantViolation($"{who}: a problem that is not one 'file:line:field: message' line of a planning file: {ImportHarness.Show(problem)}");
            }
            var file = m.Groups["file"].Value;
            if (!files.TryGetValue(file, out var bytes))
            {
                throw new InvariantViolation($"{who}: a problem in {file}, which the input does not hold: {ImportHarness.Show(problem)}");
            }
            var lines = ImportHarness.PhysicalLines(bytes) + 1;
            if (!long.TryParse(m.Groups["line"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var line) || line < 1 || line > lines)
            {
                throw new InvariantViolation($"{who}: a problem outside lines 1–{lines} of {file}: {ImportHarness.Show(problem)}");
            }
            if (string.IsNullOrWhiteSpace(m.Groups["field"].Value))
            {
                throw new InvariantViolation($"{who}: a problem naming no field: {ImportHarness.Show(problem)}");
            }
            var message = m.Groups["message"].Value;
            if (ImportHarness.NamesDotNetTypes(message) || StackTrace().IsMatch(ImportHarness.WithoutQuotedValues(message)))
            {
                throw new InvariantViolation($"{who}: a message naming .NET types or a stack trace: {ImportHarness.Show(problem)}");
            }
            var place = (file, line);
            if (who == "the reader" && (string.CompareOrdinal(file, previous.Item1) < 0 || (file == previous.Item1 && line < previous.Item2)))
            {
                throw new InvariantViolation($"{who}: problems out of file and line order at {ImportHarness.Show(problem)}");
            }
            previous = place;
        }
    }

    /// <summary>An empty file (a BOM at most) is one problem, on line 1, and nothing else is said of it.</summary>
    private static void CheckEmptyFiles(IReadOnlyList<string> problems, Dictionary<string, byte[]> files)
    {
        foreach (var (name, bytes) in files)
        {
            if (bytes.Length != 0 && !bytes.AsSpan().SequenceEqual("\uFEFF"u8))
            {
                continue;
            }
            var expected = $"{name}:1:file: the file is empty: it needs a header row";
            var about = problems.Where(p => p.StartsWith(name + ":", StringComparison.Ordinal)).ToList();
            if (about.Count != 1 || about[0] != expected)
            {
                throw new InvariantViolation($"{name} is empty; expected exactly '{expected}', got {about.Count}: {ImportHarness.Show(string.Join(" | ", about))}");
            }
        }
    }

    private static void CheckData(SurgePlanData data, Dictionary<string, byte[]> files)
    {
        Lines(SurgePlanDataReader.ExpansionsFile, data.Expansions.Count, data.ExpansionLines, files);
        Lines(SurgePlanDataReader.StocksFile, data.Stocks.Count, data.StockLines, files);
        Lines(SurgePlanDataReader.DemandFile, data.Demand.Count, data.DemandLines, files);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in data.Expansions)
        {
            if (!Values.IsId(e.Id) || !ids.Add(e.Id) || !Values.IsId(e.OfferId)
                || !(e.ExtraPerMonth > 0) || !double.IsFinite(e.ExtraPerMonth)
                || !(e.CostUsd >= 0) || !double.IsFinite(e.CostUsd)
                || e.MonthsUntilAvailable is < 0 or > SurgeRequest.MaxMonths)
            {
                throw new InvariantViolation($"an expansion read that breaks the rules: {e}");
            }
        }
        var stocked = new HashSet<(string, string)>();
        foreach (var s in data.Stocks)
        {
            if (!Values.IsId(s.PartId) || !Values.IsId(s.FacilityId) || !(s.Quantity >= 0) || !double.IsFinite(s.Quantity)
                || !stocked.Add((s.PartId, s.FacilityId)))
            {
                throw new InvariantViolation($"a stock read that breaks the rules: {s}");
            }
        }
        var demanded = new HashSet<(string, int)>();
        foreach (var d in data.Demand)
        {
            if (!Values.IsId(d.PartId) || d.Month is < 1 or > SurgeRequest.MaxMonths || !(d.Quantity >= 0) || !double.IsFinite(d.Quantity)
                || d.Priority is < 1 or > 3 || !demanded.Add((d.PartId, d.Month)))
            {
                throw new InvariantViolation($"a demand row read that breaks the rules: {d}");
            }
        }
    }

    private static void Lines(string file, int records, IReadOnlyList<long> lines, Dictionary<string, byte[]> files)
    {
        if (lines.Count != records)
        {
            throw new InvariantViolation($"{file}: {records} record(s) but {lines.Count} line number(s)");
        }
        if (records == 0)
        {
            return;
        }
        if (!files.TryGetValue(file, out var bytes))
        {
            throw new InvariantViolation($"{file}: {records} record(s) read from a file the input does not hold");
        }
        var last = ImportHarness.PhysicalLines(bytes) + 1;
        var previous = 1L;
        foreach (var line in lines)
        {
            if (line <= previous || line > last)
            {
                throw new InvariantViolation($"{file}: record line {line} after line {previous}, or past the file's {last} lines: {string.Join(",", lines)}");
            }
            previous = line;
        }
    }
}
