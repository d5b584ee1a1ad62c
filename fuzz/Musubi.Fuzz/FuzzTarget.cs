namespace Musubi.Fuzz;

/// <summary>
/// One fuzz target: a parser that a user can feed, and the invariants that must hold for every input. A target returns
/// normally when they hold; any exception that escapes <see cref="Run"/> — from the parser or from a broken invariant
/// (<see cref="InvariantViolation"/>) — is a finding.
/// </summary>
internal interface IFuzzTarget
{
    /// <summary>The name on the command line and of the seed folder <c>fuzz/corpus/NAME/</c>.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Prepares what every input needs (a database, say). Run lazily by <see cref="Run"/> too.</summary>
    void Setup();

    void Run(byte[] input);
}

/// <summary>A parser answered, but broke a promise it makes (docs/fuzzing.md lists them per target).</summary>
internal sealed class InvariantViolation(string message) : Exception(message);

/// <summary>Every target, by name. Add a new one here and give it a seed folder (docs/fuzzing.md, "Adding a target").</summary>
internal static class Targets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new CsvImportTarget(),
        new JsonImportTarget(),
        new MarkingTarget(),
        new TransferRulesTarget(),
        new TransferCaseTarget(),
        new ScreeningListTarget(),
        new SurgePlanTarget(),
    ];

    public static IFuzzTarget? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
