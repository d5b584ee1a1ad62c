using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Musubi.Engines.Transfers;

namespace Musubi.Benchmarks;

/// <summary>
/// Throughput of <see cref="TransferEngine.Evaluate"/> with the full default rule set loaded once: one invocation
/// evaluates the whole mix (the shared examples and 4,096 generated cases) in order, so BenchmarkDotNet's time per
/// operation is the mean time of one evaluation over a realistic spread of dates, parties and items.
/// </summary>
[MemoryDiagnoser]
public class TransferBenchmarks
{
    /// <summary>The shared examples plus 4,096 generated cases.</summary>
    public const int MixSize = 8 + 4096;

    private TransferEngine engine = null!;
    private TransferCase[] mix = [];
    private TransferCase[] examples = [];
    private byte[][] mixJson = [];

    [GlobalSetup]
    public void Setup()
    {
        var rules = RuleSet.LoadDefault();
        engine = new TransferEngine(rules);
        mix = CaseMix.Mix(rules);
        if (mix.Length != MixSize)
        {
            throw new InvalidOperationException($"the mix holds {mix.Length} cases, not {MixSize}: update MixSize");
        }
        examples = [.. CaseMix.Examples(rules)];
        mixJson = [.. mix.Select(c => Encoding.UTF8.GetBytes(TransferJson.Serialize(c)))];
    }

    /// <summary>One evaluation, averaged over the mix.</summary>
    [Benchmark(OperationsPerInvoke = MixSize, Baseline = true)]
    public int Evaluate()
    {
        var sum = 0;
        foreach (var c in mix)
        {
            sum += (int)engine.Evaluate(c).Verdict;
        }
        return sum;
    }

    /// <summary>One evaluation of one of the shared examples (the hand-written cases), averaged over the eight.</summary>
    [Benchmark(OperationsPerInvoke = 8)]
    public int EvaluateExamples()
    {
        var sum = 0;
        foreach (var c in examples)
        {
            sum += (int)engine.Evaluate(c).Verdict;
        }
        return sum;
    }

    /// <summary>Reading one case from its contract JSON (parse and check every field), averaged over the mix.</summary>
    [Benchmark(OperationsPerInvoke = MixSize)]
    public int ReadCase()
    {
        var problems = new List<CaseProblem>();
        var n = 0;
        foreach (var json in mixJson)
        {
            using var doc = JsonDocument.Parse(json);
            if (TransferCaseReader.ReadCase(doc.RootElement, "", engine.RuleSet, null, problems) is not null)
            {
                n++;
            }
        }
        return n;
    }
}
