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

/// <summary>
/// A generated list of 50,000 entities (seed 5) indexed once with MeCab, and 60 evaluation queries per transformation:
/// retrieval gets harder as a list grows (more entries share each word), so the recall floors are held on a list
/// this size rather than on the small one.
/// </summary>
public sealed class EvaluationListFixture : IDisposable
{
    public const int Size = 50_000;
    public const int Seed = 5;

    private readonly MecabReader reader = MecabReader.Open();

    public EvaluationListFixture()
    {
        Assert.True(reader.Available, $"MeCab is required for this test: {reader.Status}");
        var list = ScreeningListGenerator.Generate(Size, Seed);
        Index = ScreeningIndex.Build(list.Entities, new NameAnalyzer(reader));
        Queries = EvaluationSet.Build(list, 60, Seed + 1);
    }

    public ScreeningIndex Index { get; }

    internal IReadOnlyList<EvalQuery> Queries { get; }

    public void Dispose() => reader.Dispose();
}
