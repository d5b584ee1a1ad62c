namespace Musubi.Engines.Timelines;

/// <summary>Input the engine cannot use, with the field each problem belongs to (e.g. <c>steps[2].duration</c>,
/// <c>country</c>, <c>year</c>) so callers can answer with a 400 or exit 2 naming it.</summary>
public sealed class TimelineInputException : Exception
{
    /// <summary>One problem.</summary>
    public TimelineInputException(string field, string message)
        : this([new TimelineInputProblem(field, message)])
    {
    }

    /// <summary>Several problems.</summary>
    public TimelineInputException(IReadOnlyList<TimelineInputProblem> problems)
        : base(string.Join("; ", problems.Select(p => $"{p.Field}: {p.Message}"))) => Problems = problems;

    /// <summary>The problems, each with its field path.</summary>
    public IReadOnlyList<TimelineInputProblem> Problems { get; }
}

/// <summary>A field path and what is wrong with it.</summary>
public sealed record TimelineInputProblem(string Field, string Message);
