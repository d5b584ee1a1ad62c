using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Data.Configurations;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Network;
using Musubi.Engines.Network;
using Musubi.Engines.Optimization.Surge;

namespace Musubi.Core.Features.Surge;

/// <summary>
/// Surge-production planning over the registry (issue #6; docs/engines/surge.md): plans for chosen end items under
/// each scenario asked, side by side; the steady-state maximum rate; saved runs with their questions; the Markdown
/// briefing. Scoped: one per request or CLI run, over the caller's <see cref="AppDbContext"/>, whose
/// <see cref="AppDbContext.Scope"/> decides what the network holds (<see cref="NetworkRegistryLoader"/>), so a plan never
/// uses a record the caller may not see. Bad input throws <see cref="SurgeValidationException"/> naming the field. Plans
/// and rates are audited as <c>surge.planned</c>, saves as <c>surge.saved</c>. A saved run is read by its creator only
/// (it holds results over records under markings an administrator may not see).
/// </summary>
public sealed partial class SurgeService(AppDbContext db, TimeProvider clock)
{
    /// <summary>Most runs listed (newest first).</summary>
    public const int MaxListed = 500;

    /// <summary>The JSON of saved questions and results (camelCase, as the API writes them).</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private (SupplyNetwork Network, int Hidden)? _network;

    /// <summary>How many offers the caller may see were left out because their part or facility (or an input) is hidden (after the network is loaded).</summary>
    public int? HiddenOffers => _network?.Hidden;

    /// <summary>The network as the caller sees it, loaded once per service.</summary>
    public async Task<SupplyNetwork> NetworkAsync(CancellationToken ct = default) => (await LoadAsync(ct)).Network;

    private async Task<(SupplyNetwork Network, int Hidden)> LoadAsync(CancellationToken ct) =>
        _network ??= await NetworkRegistryLoader.LoadAsync(db, ct);

    /// <summary>
    /// Plans every scenario of <paramref name="question"/> (none: the baseline) over the caller's network and returns
    /// them side by side, with the question as checked. Audited as <c>surge.planned</c>.
    /// </summary>
    public async Task<SurgeAnswer> PlanAsync(SurgeQuestion question, AuditTrail audit, CancellationToken ct = default)
    {
        var (network, hidden) = await LoadAsync(ct);
        var answer = Plan(network, question, hidden);
        await AuditAsync(audit, SurgeAuditTypes.Planned, answer.Question.Items ?? [], new
        {
            analysis = "plan",
            items = answer.Question.Items,
            months = answer.Question.Months,
            objective = answer.Question.Objective,
            scenarios = answer.Plans.Select(p => new { name = p.Scenario, status = p.Status, delivered = p.Delivered }),
            hiddenOffers = hidden,
        }, ct);
        return answer;
    }

    /// <summary>The plans of <paramref name="question"/> over <paramref name="network"/> (a package, or the registry as one reader sees it).</summary>
    public static SurgeAnswer Plan(SupplyNetwork network, SurgeQuestion question, int hiddenOffers = 0)
    {
        var (checkedQuestion, requests) = SurgeQuestions.Prepare(network, question);
        var plans = requests.Select(r => SurgePlanner.Plan(network, r)).ToList();
        return new SurgeAnswer(checkedQuestion, plans, hiddenOffers);
    }

    /// <summary>
    /// The steady-state maximum monthly output of <paramref name="items"/> under <paramref name="scenario"/> (lost and
    /// qualified units; with <see cref="SurgeScenarioQuestion.WithExpansions"/>, the <paramref name="expansions"/> taken
    /// as built). Audited as <c>surge.planned</c>.
    /// </summary>
    public async Task<SurgeRate> RateAsync(IReadOnlyList<string>? items, SurgeScenarioQuestion? scenario, IReadOnlyList<SurgeExpansion>? expansions, AuditTrail audit, CancellationToken ct = default)
    {
        var (network, hidden) = await LoadAsync(ct);
        var rate = Rate(network, items, scenario, expansions);
        await AuditAsync(audit, SurgeAuditTypes.Planned, rate.Items, new
        {
            analysis = "rate",
            items = rate.Items,
            scenario = rate.Scenario,
            maxMonthlyRate = rate.MaxMonthlyRate,
            hiddenOffers = hidden,
        }, ct);
        return rate;
    }

    /// <summary>The steady-state maximum over <paramref name="network"/>.</summary>
    public static SurgeRate Rate(SupplyNetwork network, IReadOnlyList<string>? items, SurgeScenarioQuestion? scenario, IReadOnlyList<SurgeExpansion>? expansions)
    {
        var (list, s, options) = SurgeQuestions.PrepareRate(network, items, scenario, expansions);
        return SurgePlanner.Rate(network, list, s, s.WithExpansions ? options : null);
    }

    /// <summary>
    /// Saves <paramref name="answer"/> (its checked question and its plans) as a run named <paramref name="name"/>
    /// (default: the items, objective and horizon), readable by the caller only. Audited as <c>surge.saved</c>
    /// in the same transaction.
    /// </summary>
    public async Task<SurgeRunSummary> SaveAsync(string? name, SurgeAnswer answer, AuditTrail audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var title = string.IsNullOrWhiteSpace(name) ? DefaultRunName(answer.Question) : name.Trim();
        if (title.Length > SurgeRunConfiguration.NameLength || title.Any(char.IsControl))
        {
            throw new SurgeValidationException("name", string.Create(CultureInfo.InvariantCulture, $"a run name is one line of at most {SurgeRunConfiguration.NameLength} characters"));
        }
        var now = clock.GetUtcNow();
        var run = new SurgeRun
        {
            Id = NewId(now),
            Name = title,
            CreatedAt = now,
            CreatedBy = Reader,
            QuestionJson = JsonSerializer.Serialize(answer.Question, Json),
            ResultJson = JsonSerializer.Serialize(new StoredResult(answer.Plans, answer.HiddenOffers), Json),
        };
        var owned = db.Database.CurrentTransaction is null;
        await using (var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            db.SurgeRuns.Add(run);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, SurgeAuditTypes.Saved, AuditOutcomes.Success, "surge/runs/" + run.Id,
                JsonSerializer.Serialize(new { name = run.Name, items = answer.Question.Items, objective = answer.Question.Objective, scenarios = answer.Plans.Count }), ct);
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
        return Summary(run.Id, run.Name, run.CreatedAt, run.CreatedBy, answer.Question);
    }

    /// <summary>The runs the caller may read (their own; the unrestricted local operator: all), newest first, at most <see cref="MaxListed"/>.</summary>
    public async Task<IReadOnlyList<SurgeRunSummary>> ListAsync(CancellationToken ct = default)
    {
        var rows = await Visible()
            .OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Take(MaxListed)
            .Select(r => new { r.Id, r.Name, r.CreatedAt, r.CreatedBy, r.QuestionJson })
            .ToListAsync(ct);
        return [.. rows.Select(r => Summary(r.Id, r.Name, r.CreatedAt, r.CreatedBy, ReadQuestion(r.QuestionJson)))];
    }

    /// <summary>One run with its question and plans; null when there is none or the caller may not read it.</summary>
    public async Task<SurgeRunView?> GetAsync(string? id, CancellationToken ct = default)
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
        var question = ReadQuestion(run.QuestionJson);
        var result = JsonSerializer.Deserialize<StoredResult>(run.ResultJson, Json) ?? new StoredResult([], 0);
        return new SurgeRunView(Summary(run.Id, run.Name, run.CreatedAt, run.CreatedBy, question), question, result.Plans ?? [], result.HiddenOffers);
    }

    /// <summary>The run's Markdown briefing; null when there is none or the caller may not read it.</summary>
    public async Task<string?> BriefingAsync(string? id, CancellationToken ct = default)
    {
        var run = await GetAsync(id, ct);
        return run is null ? null : Briefing(run, clock.GetUtcNow());
    }

    /// <summary>The Markdown briefing of an answer not saved (the surge page's download of what is on screen).</summary>
    public string Briefing(SurgeAnswer answer, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var now = clock.GetUtcNow();
        var summary = Summary("", string.IsNullOrWhiteSpace(name) ? DefaultRunName(answer.Question) : name.Trim(), now, Reader, answer.Question);
        return Briefing(new SurgeRunView(summary, answer.Question, answer.Plans, answer.HiddenOffers), now);
    }

    /// <summary>The saved result: the plans and how many offers the saver could not see.</summary>
    public sealed record StoredResult(IReadOnlyList<SurgePlan> Plans, int HiddenOffers);

    private string Reader => string.IsNullOrEmpty(db.Scope.PrincipalId) ? "anonymous" : db.Scope.PrincipalId;

    // A run holds results computed over the records its creator could see, under their markings; an administrator
    // does not see every marked record, so only the creator (and the unrestricted local operator) reads a run.
    private bool ReadsAll => db.Scope.Unrestricted;

    private IQueryable<SurgeRun> Visible()
    {
        var runs = db.SurgeRuns.AsNoTracking();
        if (ReadsAll)
        {
            return runs;
        }
        var reader = Reader;
        return runs.Where(r => r.CreatedBy == reader);
    }

    private static SurgeQuestion ReadQuestion(string json) =>
        JsonSerializer.Deserialize<SurgeQuestion>(json, Json) ?? new SurgeQuestion([]);

    private static SurgeRunSummary Summary(string id, string name, DateTimeOffset createdAt, string createdBy, SurgeQuestion q) =>
        new(id, name, createdAt, createdBy, q.Items ?? [], q.Objective ?? "max", q.Months ?? SurgeQuestions.DefaultMonths,
            [.. (q.Scenarios ?? []).Select(s => s.Name ?? "baseline")]);

    private static string DefaultRunName(SurgeQuestion q)
    {
        var items = string.Join(", ", q.Items ?? []);
        if (items.Length > 120)
        {
            items = items[..119] + "…";
        }
        return string.Create(CultureInfo.InvariantCulture, $"{items} — {q.Objective ?? "max"}, {q.Months ?? SurgeQuestions.DefaultMonths} months");
    }

    /// <summary><c>SG-yyyymmdd-</c> (SR- is a screening record) and 80 random bits, as saved transfer checks.</summary>
    private static string NewId(DateTimeOffset now) =>
        "SG-" + now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));

    private async Task AuditAsync(AuditTrail audit, string type, IReadOnlyList<string> items, object detail, CancellationToken ct)
    {
        var what = string.Join(",", items);
        var obj = "surge/" + (what.Length > 200 ? what[..200] : what);
        await audit.AppendAsync(db, type, AuditOutcomes.Success, obj, JsonSerializer.Serialize(detail, Json), ct);
    }
}
