using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Core.Features.Workshare;

/// <summary>The audit event types of the workshare allocator.</summary>
public static class WorkshareAuditTypes
{
    /// <summary>An allocation or a mode comparison computed over a registry program (one event per question).</summary>
    public const string Allocated = "workshare.allocated";

    /// <summary>An allocation or comparison saved as a run.</summary>
    public const string Saved = "workshare.saved";

    /// <summary>A contract recorded in a program's ledger.</summary>
    public const string ContractAdded = "workshare.contract_added";
}

/// <summary>
/// One problem with a workshare question: the field path (<c>workPackages[2].cost</c>, <c>nations</c>, <c>mode</c>), what
/// is wrong, and where it was read — <paramref name="Source"/> <c>input</c> (the JSON), <c>plan</c> (the planning
/// file), <c>options</c> (mode, λ, μ, κ, time limit given beside the JSON) or <c>registry</c> (a program's record) — with
/// its 1-based line and column in that source (0 when unknown, e.g. an API body's wrapper field).
/// </summary>
public sealed record WorkshareInputError(string Field, string Message, string Source = "input", long Line = 0, long Column = 0);

/// <summary>A workshare question cannot be answered as asked: every problem, each naming its field (400 on the web, exit 2 in the CLI).</summary>
public sealed class WorkshareInputException(IReadOnlyList<WorkshareInputError> errors)
    : Exception(errors.Count == 0 ? "invalid workshare input" : string.Join("; ", errors.Take(20).Select(e => e.Field + ": " + e.Message)))
{
    public WorkshareInputException(string field, string message, string source = "options")
        : this([new WorkshareInputError(field, message, source)])
    {
    }

    public IReadOnlyList<WorkshareInputError> Errors { get; } = errors;

    /// <summary>The errors keyed by field path, as a ValidationProblem's <c>errors</c>.</summary>
    public IDictionary<string, string[]> ByField() =>
        Errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
}

/// <summary>The program asked for does not exist or the reader may not see it (one answer for both: 404, "unknown program").</summary>
public sealed class WorkshareNotFoundException(string what, string id) : Exception($"unknown {what} '{id}'")
{
    public string What { get; } = what;

    public string Id { get; } = id;
}

/// <summary>
/// A workshare question (docs/engines/workshare.md, "Service surface"): either the JSON
/// (<paramref name="InputJson"/>) or a registry program (<paramref name="ProgramId"/>) with its planning file's JSON
/// (<paramref name="PlanJson"/>; null: the demo's <c>data/demo/workshare/PROGRAM.json</c> when it exists), and the solve
/// options, which override those in the JSON. <paramref name="InputName"/>/<paramref name="PlanName"/>: the caller's
/// names for the two sources (a file name), kept for the caller to print beside an error: each
/// <see cref="WorkshareInputError"/> carries its source's kind (<c>input</c>, <c>plan</c>) and position, not the name. <paramref name="ExtraFields"/>: root fields of the input JSON its caller reads
/// itself (the API's <c>save</c> and <c>name</c>), which are then not unknown fields.
/// </summary>
public sealed record WorkshareQuestion(
    string? InputJson = null,
    string? ProgramId = null,
    string? PlanJson = null,
    WorkshareMode? Mode = null,
    double? Lambda = null,
    double? Mu = null,
    double? Kappa = null,
    double? TimeLimitSeconds = null,
    string? InputName = null,
    string? PlanName = null,
    IReadOnlyList<string>? ExtraFields = null);

/// <summary>
/// The answer to a question: the problem as built (from the JSON or the registry and planning file), the options used,
/// and one result (allocate) or three side by side (compare: compartmentalized, integrated, blend).
/// <paramref name="ProgramId"/>: the registry program, null for the JSON.
/// </summary>
public sealed record WorkshareAnswer(
    string? ProgramId,
    WorkshareProblem Problem,
    WorkshareOptions Options,
    IReadOnlyList<WorkshareResult> Results,
    bool Compared)
{
    /// <summary>The first (for allocate, the only) result.</summary>
    public WorkshareResult Result => Results[0];

    /// <summary>What the caller should know about how the problem was built: a planning file's organization that is not in the registry as the caller sees it was left out.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The release limits derived from work packages' <c>transfer</c> cases (issue #3's rules); empty when none has one.</summary>
    public IReadOnlyList<WorkshareRelease> Releases { get; init; } = [];
}

/// <summary>A saved run as listed: who saved it when, over which program, and what each mode gave.</summary>
public sealed record WorkshareRunSummary(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    string Program,
    string? ProgramId,
    bool Compared,
    IReadOnlyList<string> Modes,
    IReadOnlyList<string> Statuses);

/// <summary>A saved run with its problem, options and results, exactly as saved.</summary>
public sealed record WorkshareRunView(WorkshareRunSummary Run, WorkshareProblem Problem, WorkshareOptions Options, IReadOnlyList<WorkshareResult> Results)
{
    /// <summary>The release limits derived from transfer cases when the run was made (issue #3's rules as they stood then).</summary>
    public IReadOnlyList<WorkshareRelease> Releases { get; init; } = [];
}

/// <summary>
/// A contract to record in a program's ledger, as the API body and the CLI options state it: the program, the nation
/// whose industry got the work (a partner), the company (an organization of that nation the reader may see; optional),
/// the value in USD (&gt; 0), the date (<c>YYYY-MM-DD</c>) and a reference (optional, one line).
/// </summary>
public sealed record WorkshareContractInput(
    string? ProgramId,
    string? Nation,
    double? ValueUsd,
    string? Date,
    string? CompanyId = null,
    string? Reference = null);

/// <summary>A recorded contract (id <c>WL-…</c>).</summary>
public sealed record WorkshareContractView(
    string Id,
    string ProgramId,
    string Nation,
    string? CompanyId,
    double ValueUsd,
    DateOnly Date,
    string? Reference,
    DateTimeOffset CreatedAt,
    string CreatedBy);

/// <summary>
/// A nation in a ledger: its cost share (funding share; globally its funding over all programs / all funding), its work
/// (USD) and work share, the deviation (work share − cost share) and whether it exceeds the tolerance.
/// </summary>
public sealed record WorkshareLedgerNation(
    string Nation,
    double CostShare,
    double Work,
    double WorkShare,
    double Funding,
    double Deviation,
    bool Flagged);

/// <summary>One point of a program's ledger over time: after the contracts up to <paramref name="Date"/>, a nation's cumulative work and work share.</summary>
public sealed record WorkshareLedgerPoint(DateOnly Date, string Nation, double CumulativeWork, double WorkShare);

/// <summary>
/// A program's ledger. <paramref name="Basis"/>: <c>contracts</c> (work shares from the recorded contracts),
/// <c>allocation</c> (from the latest saved allocation the reader may read, <paramref name="RunId"/>) or <c>none</c>.
/// <paramref name="Total"/>: the work counted (USD); <paramref name="Funding"/>: the program's total used for the global
/// balance (the contract total, else the allocation's, else the work packages' cost estimates).
/// </summary>
public sealed record WorkshareLedgerProgram(
    string ProgramId,
    string Name,
    double Tolerance,
    string Basis,
    string? RunId,
    double Total,
    double Funding,
    IReadOnlyList<WorkshareLedgerNation> Nations,
    IReadOnlyList<WorkshareContractView> Contracts,
    IReadOnlyList<WorkshareLedgerPoint> Timeline)
{
    /// <summary>True when some nation is beyond the tolerance.</summary>
    public bool Flagged => Nations.Any(n => n.Flagged);
}

/// <summary>
/// The ledger: each program the reader may see that has contracts or a saved allocation (or the one asked for), and the
/// global balance over them (each nation's work over all of them against its funding, flagged beyond
/// <paramref name="GlobalTolerance"/>).
/// </summary>
public sealed record WorkshareLedger(
    IReadOnlyList<WorkshareLedgerProgram> Programs,
    IReadOnlyList<WorkshareLedgerNation> Global,
    double GlobalTolerance);
