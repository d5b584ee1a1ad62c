using System.Text;
using Musubi.Engines.Transfers;

namespace Musubi.Fuzz;

/// <summary>
/// Transfer cases as the CLI and the API read them (<see cref="TransferCaseReader.Read"/>): one case or an array of
/// cases in the contract's JSON, checked against the default rule set. Invariants:
/// <list type="bullet">
/// <item>the reader never throws: it returns cases or problems, never both, never neither;</item>
/// <item>every problem names a field, says what is wrong, and prints as one line;</item>
/// <item>every case read evaluates without throwing, and its contract JSON (<see cref="TransferJson.Serialize(TransferCase)"/>)
/// reads back to the same case;</item>
/// <item>for one case, <see cref="TransferCaseFastReader"/> on the same bytes returns the same case, or the same problems.</item>
/// </list>
/// </summary>
internal sealed class TransferCaseTarget : IFuzzTarget
{
    private RuleSet? rules;
    private TransferEngine? engine;

    public string Name => "transfer-case";

    public string Description => "transfer cases in contract JSON (TransferCaseReader, TransferCaseFastReader), evaluated and round-tripped";

    public void Setup()
    {
        rules ??= RuleSet.LoadDefault();
        engine ??= new TransferEngine(rules);
    }

    public void Run(byte[] input)
    {
        Setup();
        var text = Encoding.UTF8.GetString(input);
        var read = TransferCaseReader.Read(text, rules!);
        if ((read.Cases.Count > 0) == (read.Problems.Count > 0))
        {
            throw new InvariantViolation($"{read.Cases.Count} case(s) and {read.Problems.Count} problem(s)");
        }
        foreach (var p in read.Problems)
        {
            if (string.IsNullOrWhiteSpace(p.Field) || string.IsNullOrWhiteSpace(p.Message))
            {
                throw new InvariantViolation($"problem without a field or a message: '{p}'");
            }
            if (TransferExamples.MultiLine(p.ToString()))
            {
                throw new InvariantViolation($"problem prints as several lines: '{p.ToString().Replace("\n", "\\n", StringComparison.Ordinal)}'");
            }
        }
        foreach (var c in read.Cases)
        {
            var result = engine!.Evaluate(c);
            _ = TransferJson.Serialize(result);
            _ = result.Explanation;
            var json = TransferJson.Serialize(c);
            var again = TransferCaseReader.Read(json, rules!);
            if (again.Cases.Count != 1 || !TransferExamples.Same(c, again.Cases[0]))
            {
                throw new InvariantViolation($"case {c.Id} writes as {json}, which reads back as {(again.Cases.Count == 1 ? TransferJson.Serialize(again.Cases[0]) : string.Join("; ", again.Problems))}");
            }
        }
        var problems = new List<CaseProblem>();
        var fast = TransferCaseFastReader.ReadCase(input, rules!, null, problems);
        if (read.WasArray)
        {
            if (fast is not null)
            {
                throw new InvariantViolation("the fast reader read an array as one case");
            }
        }
        else if (read.Cases.Count == 1)
        {
            if (fast is null || !TransferExamples.Same(fast, read.Cases[0]))
            {
                throw new InvariantViolation($"the fast reader gives {(fast is null ? string.Join("; ", problems) : TransferJson.Serialize(fast))}, the reader {TransferJson.Serialize(read.Cases[0])}");
            }
        }
        else if (fast is not null || !problems.SequenceEqual(read.Problems))
        {
            throw new InvariantViolation($"the fast reader gives {(fast is null ? string.Join("; ", problems) : TransferJson.Serialize(fast))}, the reader {string.Join("; ", read.Problems)}");
        }
    }
}
