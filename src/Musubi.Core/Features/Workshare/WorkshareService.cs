using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Data.Configurations;
using Musubi.Core.Features.Audit;
using Musubi.Engines.Optimization.Workshare;
using Musubi.Engines.Transfers;

namespace Musubi.Core.Features.Workshare;

/// <summary>
/// The workshare allocator over the registry (issue #7; docs/engines/workshare.md, "Service surface"): allocations and
/// mode comparisons of the JSON or of a registry program with its planning file, the exact model as LP/MPS,
/// saved runs (<c>WS-…</c>, read by their creator only, like surge runs: a run holds registry records under markings an
/// administrator may not see), and the ledger — contracts (<c>WL-…</c>) and saved allocations per program against each
/// nation's cost share, per program and globally. Scoped: one per request or CLI run over the caller's
/// <see cref="AppDbContext"/>, whose <see cref="AppDbContext.Scope"/> decides what programs and organizations exist for
/// the caller (one that may not see a program is told it is unknown). Bad input throws
/// <see cref="WorkshareInputException"/> naming each field; an unknown program <see cref="WorkshareNotFoundException"/>.
/// Audited: <c>workshare.allocated</c>, <c>workshare.saved</c>, <c>workshare.contract_added</c>.
/// </summary>
public sealed partial class WorkshareService(AppDbContext db, TimeProvider clock)
{
    /// <summary>Most runs listed (newest first).</summary>
    public const int MaxListed = 500;

    /// <summary>The JSON of saved runs and of the CLI and API answers: camelCase, enums as camelCase strings (<c>"integrated"</c>).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>A question made ready to solve: the problem, the options, and where each field path of the problem was written.</summary>
    public sealed record Prepared(string? ProgramId, WorkshareProblem Problem, WorkshareOptions Options, Func<string, string, WorkshareInputError> Locate)
    {
        /// <summary>What the caller should know about how the problem was built (a planning file's organization not in the registry as they see it, left out).</summary>
        public IReadOnlyList<string> Notes { get; init; } = [];

        /// <summary>The release limits derived from work packages' <c>transfer</c> cases (issue #3's rules), already in the problem.</summary>
        public IReadOnlyList<WorkshareRelease> Releases { get; init; } = [];

        /// <summary>The engine's validation of the problem, its errors placed where they were written.</summary>
        public void Validate()
        {
            try
            {
                WorkshareAllocator.Validate(Problem);
            }
            catch (WorkshareValidationException ex)
            {
                throw new WorkshareInputException([.. ex.Errors.Select(e => Locate(e.Field, e.Message))]);
            }
        }
    }

    /// <summary>Allocates under the question's mode. Audited as <c>workshare.allocated</c>.</summary>
    public async Task<WorkshareAnswer> AllocateAsync(WorkshareQuestion question, AuditTrail audit, CancellationToken ct = default)
    {
        var prepared = await PrepareAsync(question, ct);
        var answer = Allocate(prepared);
        await AuditAsync(audit, answer, ct);
        return answer;
    }

    /// <summary>The three modes side by side with the same λ, μ, κ. Audited as <c>workshare.allocated</c>.</summary>
    public async Task<WorkshareAnswer> CompareAsync(WorkshareQuestion question, AuditTrail audit, CancellationToken ct = default)
    {
        var prepared = await PrepareAsync(question, ct);
        var answer = Compare(prepared);
        await AuditAsync(audit, answer, ct);
        return answer;
    }

    /// <summary>One allocation of a prepared question (no database: the CLI's <c>--input</c>).</summary>
    public static WorkshareAnswer Allocate(Prepared prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        prepared.Validate();
        return new WorkshareAnswer(prepared.ProgramId, prepared.Problem, prepared.Options, [WorkshareAllocator.Allocate(prepared.Problem, prepared.Options)], false) { Notes = prepared.Notes, Releases = prepared.Releases };
    }

    /// <summary>The three modes of a prepared question side by side.</summary>
    public static WorkshareAnswer Compare(Prepared prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        prepared.Validate();
        return new WorkshareAnswer(prepared.ProgramId, prepared.Problem, prepared.Options, WorkshareAllocator.Compare(prepared.Problem, prepared.Options), true) { Notes = prepared.Notes, Releases = prepared.Releases };
    }

    /// <summary>The exact model of a prepared question in CPLEX LP format (objective in USD).</summary>
    public static string ExportLp(Prepared prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        prepared.Validate();
        return WorkshareAllocator.ExportLp(prepared.Problem, prepared.Options);
    }

    /// <summary>The exact model of a prepared question in free MPS.</summary>
    public static string ExportMps(Prepared prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        prepared.Validate();
        return WorkshareAllocator.ExportMps(prepared.Problem, prepared.Options);
    }

    /// <summary>
    /// Builds the problem of <paramref name="question"/>: from the JSON (with the registry's taxonomy, or the
    /// shipped one when the registry holds none) or from a registry program the caller may see and its planning file.
    /// </summary>
    public async Task<Prepared> PrepareAsync(WorkshareQuestion question, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        var hasInput = !string.IsNullOrWhiteSpace(question.InputJson);
        var hasProgram = !string.IsNullOrWhiteSpace(question.ProgramId);
        if (hasInput == hasProgram)
        {
            throw new WorkshareInputException(hasInput ? "programId" : "input",
                hasInput ? "give either the input JSON or a registry program, not both" : "give the input JSON or a registry program");
        }
        if (hasInput)
        {
            var taxonomy = await WorkshareTaxonomy.FromRegistryAsync(db, ct);
            if (taxonomy.Count == 0 && File.Exists(WorkshareTaxonomy.DefaultPath))
            {
                taxonomy = WorkshareTaxonomy.FromFile(WorkshareTaxonomy.DefaultPath);
            }
            return PrepareInput(question, taxonomy, today: Today);
        }
        return await PrepareProgramAsync(question, ct);
    }

    /// <summary>
    /// Builds the problem of the JSON (<see cref="WorkshareQuestion.InputJson"/>) with <paramref name="taxonomy"/>
    /// (null: codes match exactly). Work packages with a <c>transfer</c> case get their release limit from
    /// <paramref name="rules"/> (null: the shipped rule set) on the case's date, default <paramref name="today"/> (null: the
    /// UTC date now).
    /// </summary>
    public static Prepared PrepareInput(
        WorkshareQuestion question, IReadOnlyDictionary<string, string?>? taxonomy, IReadOnlyCollection<string>? extraFields = null,
        RuleSet? rules = null, DateOnly? today = null)
    {
        ArgumentNullException.ThrowIfNull(question);
        var json = WorkshareJson.Parse(question.InputJson ?? "", "input");
        var (problem, values, transfers) = WorkshareInputReader.ReadInput(json, extraFields ?? question.ExtraFields);
        if (taxonomy is { Count: > 0 })
        {
            problem = problem with { CapabilityParents = taxonomy };
        }
        var options = Options(json, values, question);
        var (derived, releases) = WorkshareReleases.Apply(problem, transfers, rules ?? RuleSet.LoadDefault(),
            today ?? DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime), (field, message) => json.Error(field, message));
        return new Prepared(null, derived, options, (field, message) => json.Error(field, message)) { Releases = releases };
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The solve options: the question's, else the JSON's, else the defaults; each checked where it was given.</summary>
    private static WorkshareOptions Options(WorkshareJson? json, WorkshareOptionValues fromJson, WorkshareQuestion question)
    {
        var errors = new List<WorkshareInputError>();
        double? Pick(double? given, double? written, string field, Func<double, bool> ok, string rule)
        {
            if (given is { } g)
            {
                if (!double.IsFinite(g) || !ok(g))
                {
                    errors.Add(new WorkshareInputError(field, rule, "options"));
                }
                return g;
            }
            if (written is { } w && !ok(w))
            {
                errors.Add(json is null ? new WorkshareInputError(field, rule, "plan") : json.Error(field, rule));
            }
            return written;
        }
        var lambda = Pick(question.Lambda, fromJson.Lambda, "lambda", v => v >= 0, "must be ≥ 0 (USD per unit of cross-border interface weight)");
        var mu = Pick(question.Mu, fromJson.Mu, "mu", v => v >= 0, "must be ≥ 0 (USD per USD of share deviation)");
        var kappa = Pick(question.Kappa, fromJson.Kappa, "kappa", v => v >= 0, "must be ≥ 0 (USD per extra nation in a subsystem)");
        var limit = Pick(question.TimeLimitSeconds, fromJson.TimeLimitSeconds, "timeLimitSeconds", v => v > 0 && v <= 3600, "must be more than 0 and at most 3600 seconds");
        if (errors.Count > 0)
        {
            throw new WorkshareInputException(errors);
        }
        return new WorkshareOptions(question.Mode ?? fromJson.Mode ?? WorkshareMode.Integrated, lambda, mu, kappa, limit ?? 30);
    }

    /// <summary>
    /// Saves <paramref name="answer"/> as a run named <paramref name="name"/> (default: program, modes and date), readable
    /// by the caller only. An allocation (not a comparison) of a registry program is what the ledger reads as the
    /// program's latest saved allocation. Audited as <c>workshare.saved</c> in the same transaction.
    /// </summary>
    public async Task<WorkshareRunSummary> SaveAsync(string? name, WorkshareAnswer answer, AuditTrail audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(audit);
        var now = clock.GetUtcNow();
        var title = string.IsNullOrWhiteSpace(name) ? DefaultRunName(answer, now) : name.Trim();
        if (title.Length > WorkshareRunConfiguration.NameLength || title.Any(char.IsControl))
        {
            throw new WorkshareInputException("name", string.Create(CultureInfo.InvariantCulture, $"a run name is one line of at most {WorkshareRunConfiguration.NameLength} characters"));
        }
        var program = answer.Problem.Program.Length > 300 ? answer.Problem.Program[..300] : answer.Problem.Program;
        var run = new WorkshareRun
        {
            Id = NewId("WS-", now),
            Name = title,
            CreatedAt = now,
            CreatedBy = Reader,
            Program = program,
            ProgramId = answer.ProgramId,
            Compared = answer.Compared,
            QuestionJson = JsonSerializer.Serialize(new StoredQuestion(answer.Problem, answer.Options, answer.Releases), Json),
            ResultJson = JsonSerializer.Serialize(answer.Results, Json),
        };
        var owned = db.Database.CurrentTransaction is null;
        await using (var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            db.WorkshareRuns.Add(run);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, WorkshareAuditTypes.Saved, AuditOutcomes.Success, "workshare/runs/" + run.Id,
                JsonSerializer.Serialize(new { name = run.Name, program = run.Program, programId = run.ProgramId, compared = run.Compared, statuses = answer.Results.Select(r => r.Status) }, Json), ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }
        }
        if (owned)
        {
            await audit.Log.CheckpointIfDueAsync(db, ct);
        }
        db.Entry(run).State = EntityState.Detached;
        return Summary(run, answer.Results);
    }

    /// <summary>The runs the caller may read (their own; the unrestricted local operator: all), newest first, at most <see cref="MaxListed"/>.</summary>
    public async Task<IReadOnlyList<WorkshareRunSummary>> ListRunsAsync(CancellationToken ct = default)
    {
        var rows = await Visible()
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Take(MaxListed)
            .ToListAsync(ct);
        return [.. rows.Select(r => Summary(r, ReadResults(r.ResultJson)))];
    }

    /// <summary>One run with its problem, options and results; null when there is none or the caller may not read it.</summary>
    public async Task<WorkshareRunView?> GetRunAsync(string? id, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return null;
        }
        var run = await Visible().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (run is null)
        {
            return null;
        }
        var question = JsonSerializer.Deserialize<StoredQuestion>(run.QuestionJson, Json)!;
        var results = ReadResults(run.ResultJson);
        return new WorkshareRunView(Summary(run, results), question.Problem, question.Options, results) { Releases = question.Releases ?? [] };
    }

    /// <summary>A saved run's question: the problem as built, the options used, and the release limits derived from transfer cases.</summary>
    public sealed record StoredQuestion(WorkshareProblem Problem, WorkshareOptions Options, IReadOnlyList<WorkshareRelease>? Releases = null);

    private static IReadOnlyList<WorkshareResult> ReadResults(string json) =>
        JsonSerializer.Deserialize<List<WorkshareResult>>(json, Json) ?? [];

    private string Reader => string.IsNullOrEmpty(db.Scope.PrincipalId) ? "anonymous" : db.Scope.PrincipalId;

    // A run's problem holds registry records the creator could see under their markings; an administrator does not see
    // every marked record, so only the creator (and the unrestricted local operator) reads a run.
    private IQueryable<WorkshareRun> Visible()
    {
        var runs = db.WorkshareRuns.AsNoTracking();
        if (db.Scope.Unrestricted)
        {
            return runs;
        }
        var reader = Reader;
        return runs.Where(r => r.CreatedBy == reader);
    }

    private static WorkshareRunSummary Summary(WorkshareRun run, IReadOnlyList<WorkshareResult> results) =>
        new(run.Id, run.Name, run.CreatedAt, run.CreatedBy, run.Program, run.ProgramId, run.Compared,
            [.. results.Select(r => WorkshareInputReader.ModeName(r.Mode))], [.. results.Select(r => r.Status)]);

    private static string DefaultRunName(WorkshareAnswer answer, DateTimeOffset now)
    {
        var program = answer.Problem.Program.Length > 120 ? answer.Problem.Program[..119] + "…" : answer.Problem.Program;
        var what = answer.Compared ? "modes compared" : WorkshareInputReader.ModeName(answer.Options.Mode);
        return string.Create(CultureInfo.InvariantCulture, $"{program} — {what}, {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
    }

    /// <summary><paramref name="prefix"/>, <c>yyyymmdd-</c> and 80 random bits, as saved surge runs.</summary>
    private static string NewId(string prefix, DateTimeOffset now) =>
        prefix + now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));

    private async Task AuditAsync(AuditTrail audit, WorkshareAnswer answer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var program = answer.ProgramId ?? answer.Problem.Program;
        await audit.AppendAsync(db, WorkshareAuditTypes.Allocated, AuditOutcomes.Success, "workshare/" + (program.Length > 200 ? program[..200] : program),
            JsonSerializer.Serialize(new
            {
                programId = answer.ProgramId,
                program = answer.Problem.Program,
                compared = answer.Compared,
                results = answer.Results.Select(r => new { mode = r.Mode, status = r.Status, objective = r.Objective }),
            }, Json), ct);
    }
}
