using System.Text;
using System.Text.RegularExpressions;
using Musubi.Engines.Transfers;

namespace Musubi.Fuzz;

/// <summary>
/// Rule files of the transfer engine (docs/engines/transfers.md): the input is one rule YAML file, placed at
/// <c>rules/jp/fuzz.yaml</c> (<c>rules/us/…</c> when its first <c>jurisdiction:</c> is US) next to the real world files,
/// and the set is loaded with <see cref="RuleSet.Load"/>. Invariants:
/// <list type="bullet">
/// <item>the loader never throws: it returns a set or problems, never both, never neither;</item>
/// <item>every problem names a file of the set, a line ≥ 0 (within the file) and a non-empty field, and prints as one
/// line (<c>file:line:field: message</c>);</item>
/// <item>a set that loads evaluates every shared example without throwing (verdict, explanation, JSON, and the
/// timeline from 1967 to 2035, whose last verdict is the verdict on its last day), and its content hash is the hash
/// of its files.</item>
/// </list>
/// </summary>
internal sealed class TransferRulesTarget : IFuzzTarget
{
    private RuleSource[]? world;

    public string Name => "transfer-rules";

    public string Description => "one transfer rule file (YAML) loaded with the real world files; loaded sets evaluate the examples";

    public void Setup()
    {
        world ??= [.. RuleSet.LoadDefault().Sources.Where(s => s.Path.StartsWith("world/", StringComparison.Ordinal))];
        _ = TransferExamples.All;
    }

    private static readonly Regex FirstJurisdiction = new(@"jurisdiction:\s*([A-Za-z]{2})\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public void Run(byte[] input)
    {
        Setup();
        var text = Encoding.UTF8.GetString(input);
        var folder = FirstJurisdiction.Match(text) is { Success: true } m && m.Groups[1].Value == "US" ? "us" : "jp";
        var path = $"rules/{folder}/fuzz.yaml";
        RuleSource[] sources = [.. world!, new RuleSource(path, text)];
        var load = RuleSet.Load(sources);
        if ((load.Set is null) == (load.Problems.Count == 0))
        {
            throw new InvariantViolation(load.Set is null ? "no set and no problem" : $"a set and {load.Problems.Count} problem(s)");
        }
        var lines = YamlLines(text);
        foreach (var p in load.Problems)
        {
            var source = sources.FirstOrDefault(s => s.Path == p.File);
            if (source is null)
            {
                throw new InvariantViolation($"problem names a file not in the set: {p}");
            }
            if (p.Line < 0 || (p.File == path && p.Line > lines + 1))
            {
                throw new InvariantViolation($"problem at line {p.Line} of a {lines}-line file: {p}");
            }
            if (string.IsNullOrWhiteSpace(p.Field) || string.IsNullOrWhiteSpace(p.Message))
            {
                throw new InvariantViolation($"problem without a field or a message: '{p}'");
            }
            if (TransferExamples.MultiLine(p.ToString()))
            {
                throw new InvariantViolation($"problem prints as several lines: '{p.ToString().Replace("\n", "\\n", StringComparison.Ordinal)}'");
            }
        }
        if (load.Set is not { } set)
        {
            return;
        }
        if (set.Hash != RuleSet.HashOf(sources))
        {
            throw new InvariantViolation("the set's content hash is not the hash of its files");
        }
        var engine = new TransferEngine(set);
        foreach (var c in TransferExamples.All)
        {
            var result = engine.Evaluate(c);
            _ = TransferJson.Serialize(result);
            _ = result.Explanation;
            var timeline = engine.Timeline(c, TransferCaseReader.EarliestDate, new DateOnly(2035, 12, 31));
            _ = TransferJson.Serialize(timeline);
            if (timeline.Changes.Count > 0 ? timeline.Changes[^1].Verdict != engine.Evaluate(c, new DateOnly(2035, 12, 31)).Verdict
                                           : timeline.Initial.Verdict != engine.Evaluate(c, new DateOnly(2035, 12, 31)).Verdict)
            {
                throw new InvariantViolation($"{c.Id}: the timeline's last verdict is not the verdict on its last day");
            }
        }
    }

    /// <summary>
    /// Lines as YAML (and most editors) count them: CRLF, a lone CR, LF, NEL, LS and PS each end one. A file of bare
    /// CRs is many lines to the parser, which was right to report line 17 of what '\n' counting called a 1-line file.
    /// </summary>
    private static int YamlLines(string text)
    {
        var lines = 1;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '\r':
                    lines++;
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                    break;
                case '\n' or '\u0085' or '\u2028' or '\u2029':
                    lines++;
                    break;
            }
        }
        return lines;
    }
}
