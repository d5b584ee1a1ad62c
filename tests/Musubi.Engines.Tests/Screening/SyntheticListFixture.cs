using Musubi.Engines.Screening;
using Musubi.Synthetic.Screening;

namespace Musubi.Engines.Tests.Screening;

/// <summary>
/// A generated multi-script list of 3,000 entities (seed 5) indexed once with MeCab, and its evaluation set, for the
/// property and evaluation tests. MeCab is required (./test installs it).
/// </summary>
public sealed class SyntheticListFixture : IDisposable
{
    public const int Size = 3000;
    public const int Seed = 5;

    private readonly MecabReader reader = MecabReader.Open();

    public SyntheticListFixture()
    {
        Assert.True(reader.Available, $"MeCab is required for this test: {reader.Status}");
        Analyzer = new NameAnalyzer(reader);
        List = ScreeningListGenerator.Generate(Size, Seed);
        Index = ScreeningIndex.Build(List.Entities, Analyzer);
        Queries = EvaluationSet.Build(List, 40, Seed + 1);
    }

    public NameAnalyzer Analyzer { get; }

    internal GeneratedList List { get; }

    public ScreeningIndex Index { get; }

    internal IReadOnlyList<EvalQuery> Queries { get; }

    public void Dispose() => reader.Dispose();
}
