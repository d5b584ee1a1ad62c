using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data.Configurations;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Registry;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Core.Features.Workshare;

public sealed partial class WorkshareService
{
    /// <summary>Largest contract value accepted (USD).</summary>
    public const double MaxContractValue = 1e13;

    /// <summary>
    /// The ledger (docs/engines/workshare.md, "Ledger") over the programs the caller may see: with
    /// <paramref name="programId"/> that program (unknown or not visible: <see cref="WorkshareNotFoundException"/>), else
    /// every program with contracts or a saved allocation the caller may read; each nation's work share against its cost
    /// share, per program and globally, flagged beyond the tolerance.
    /// </summary>
    public async Task<WorkshareLedger> LedgerAsync(string? programId = null, CancellationToken ct = default)
    {
        List<DefenseProgram> programs;
        if (!string.IsNullOrWhiteSpace(programId))
        {
            var id = programId.Trim();
            var one = await db.Programs.AsNoTracking().Include(p => p.WorkPackages).FirstOrDefaultAsync(p => p.Id == id, ct)
                ?? throw new WorkshareNotFoundException("program", id);
            programs = [one];
        }
        else
        {
            var withContracts = await db.WorkshareContracts.AsNoTracking().Select(c => c.ProgramId).Distinct().ToListAsync(ct);
            var withRuns = await Visible().Where(r => r.ProgramId != null).Select(r => r.ProgramId!).Distinct().ToListAsync(ct);
            var ids = withContracts.Union(withRuns, StringComparer.Ordinal).ToList();
            programs = await db.Programs.AsNoTracking().Include(p => p.WorkPackages).Where(p => ids.Contains(p.Id)).ToListAsync(ct);
        }
        var entries = new List<WorkshareLedgerProgram>();
        foreach (var program in programs.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            entries.Add(await ProgramLedgerAsync(program, ct));
        }
        return new WorkshareLedger(entries, Global(entries, DefaultTolerance), DefaultTolerance);
    }

    /// <summary>
    /// Records a contract in a program's ledger (audited as <c>workshare.contract_added</c> in the same transaction).
    /// The program must be one the caller may see; the nation a partner; the company, when given, an organization of
    /// that nation the caller may see; the value &gt; 0 USD; the date <c>YYYY-MM-DD</c>.
    /// </summary>
    public async Task<WorkshareContractView> AddContractAsync(WorkshareContractInput input, AuditTrail audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(audit);
        if (string.IsNullOrWhiteSpace(input.ProgramId))
        {
            throw new WorkshareInputException("programId", "is required");
        }
        var programId = input.ProgramId.Trim();
        var program = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programId, ct)
            ?? throw new WorkshareNotFoundException("program", programId);
        var errors = new List<WorkshareInputError>();
        void Error(string field, string message) => errors.Add(new WorkshareInputError(field, message, "options"));
        var partners = program.Partners.Select(p => p.Country).ToList();
        var nation = input.Nation?.Trim().ToUpperInvariant() ?? "";
        if (nation.Length == 0)
        {
            Error("nation", "is required");
        }
        else if (!partners.Contains(nation, StringComparer.Ordinal))
        {
            Error("nation", $"'{input.Nation}' is not a partner nation of '{program.Id}' ({string.Join(", ", partners)})");
        }
        if (input.ValueUsd is not { } value)
        {
            Error("valueUsd", "is required");
            value = 0;
        }
        else if (!double.IsFinite(value) || value <= 0 || value > MaxContractValue)
        {
            Error("valueUsd", string.Create(CultureInfo.InvariantCulture, $"must be more than 0 and at most {MaxContractValue:0.#####E+0} USD"));
        }
        DateOnly date = default;
        if (string.IsNullOrWhiteSpace(input.Date))
        {
            Error("date", "is required");
        }
        else if (!DateOnly.TryParseExact(input.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            Error("date", $"'{input.Date}' is not a date YYYY-MM-DD");
        }
        else if (date.Year < 1950 || date > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddYears(10))
        {
            Error("date", "must be from 1950 and at most ten years ahead");
        }
        string? company = null;
        if (!string.IsNullOrWhiteSpace(input.CompanyId))
        {
            company = input.CompanyId.Trim();
            var country = await db.Organizations.AsNoTracking().Where(o => o.Id == company).Select(o => o.Country).FirstOrDefaultAsync(ct);
            if (country is null)
            {
                Error("companyId", $"unknown organization '{company}'");
            }
            else if (nation.Length > 0 && !string.Equals(country, nation, StringComparison.Ordinal))
            {
                Error("companyId", $"organization '{company}' is in {country}, not {nation}");
            }
        }
        var reference = string.IsNullOrWhiteSpace(input.Reference) ? null : input.Reference.Trim();
        if (reference is not null && (reference.Length > WorkshareContractConfiguration.ReferenceLength || reference.Any(char.IsControl)))
        {
            Error("reference", string.Create(CultureInfo.InvariantCulture, $"must be one line of at most {WorkshareContractConfiguration.ReferenceLength} characters"));
        }
        if (errors.Count > 0)
        {
            throw new WorkshareInputException(errors);
        }
        var now = clock.GetUtcNow();
        var contract = new WorkshareContract
        {
            Id = NewId("WL-", now),
            ProgramId = program.Id,
            Nation = nation,
            CompanyId = company,
            ValueUsd = (decimal)value,
            Date = date,
            Reference = reference,
            CreatedAt = now,
            CreatedBy = Reader,
        };
        var owned = db.Database.CurrentTransaction is null;
        await using (var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            db.WorkshareContracts.Add(contract);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, WorkshareAuditTypes.ContractAdded, AuditOutcomes.Success, "workshare/ledger/" + contract.Id,
                JsonSerializer.Serialize(new { programId = contract.ProgramId, nation, companyId = company, valueUsd = value, date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reference }, Json), ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }
        }
        if (owned)
        {
            await audit.Log.CheckpointIfDueAsync(db, ct);
        }
        db.Entry(contract).State = Microsoft.EntityFrameworkCore.EntityState.Detached;
        return View(contract);
    }

    private static WorkshareContractView View(WorkshareContract c) =>
        new(c.Id, c.ProgramId, c.Nation, c.CompanyId, (double)c.ValueUsd, c.Date, c.Reference, c.CreatedAt, c.CreatedBy);

    private async Task<WorkshareLedgerProgram> ProgramLedgerAsync(DefenseProgram program, CancellationToken ct)
    {
        var contracts = (await db.WorkshareContracts.AsNoTracking().Where(c => c.ProgramId == program.Id).ToListAsync(ct))
            .OrderBy(c => c.Date).ThenBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal).Select(View).ToList();
        var runs = await Visible().Where(r => r.ProgramId == program.Id)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Select(r => new { r.Id, r.Compared, r.QuestionJson, r.ResultJson }).Take(50).ToListAsync(ct);
        double? tolerance = null;
        string? runId = null;
        IReadOnlyList<WorkshareAssignment>? allocation = null;
        foreach (var r in runs)
        {
            tolerance ??= JsonSerializer.Deserialize<StoredQuestion>(r.QuestionJson, Json)?.Problem.Tolerance;
            if (r.Compared || allocation is not null)
            {
                continue;
            }
            var result = ReadResults(r.ResultJson).FirstOrDefault();
            if (result is { Status: "optimal" or "feasible", Allocation.Count: > 0 })
            {
                allocation = result.Allocation;
                runId = r.Id;
            }
        }
        if (tolerance is null && DemoPlanPath(program.Id) is { } plan)
        {
            try
            {
                tolerance = WorkshareInputReader.ReadPlan(WorkshareJson.Parse(await File.ReadAllTextAsync(plan, ct), "plan")).Tolerance;
            }
            catch (WorkshareInputException)
            {
                tolerance = null;
            }
        }
        var tol = tolerance ?? DefaultTolerance;

        var work = new Dictionary<string, double>(StringComparer.Ordinal);
        string basis;
        if (contracts.Count > 0)
        {
            basis = "contracts";
            foreach (var c in contracts)
            {
                work[c.Nation] = Money.Add(work.GetValueOrDefault(c.Nation), c.ValueUsd);
            }
        }
        else if (allocation is not null)
        {
            basis = "allocation";
            foreach (var a in allocation)
            {
                work[a.Nation] = Money.Add(work.GetValueOrDefault(a.Nation), a.Value);
            }
        }
        else
        {
            basis = "none";
        }
        var total = work.Values.Aggregate(0.0, Money.Add);
        var shares = program.Partners.ToDictionary(p => p.Country, p => (double)(p.CostShare ?? 0), StringComparer.Ordinal);
        var codes = shares.Keys.Concat(work.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var nations = codes.Select(n =>
        {
            var w = work.GetValueOrDefault(n);
            var s = shares.GetValueOrDefault(n);
            var ws = total > 0 ? w / total : 0;
            var deviation = Money.Subtract(ws, s);
            return new WorkshareLedgerNation(n, s, w, ws, Money.Multiply(total, s), deviation, total > 0 && Math.Abs(deviation) > tol + 1e-12);
        }).ToList();

        var timeline = new List<WorkshareLedgerPoint>();
        var cumulative = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var day in contracts.GroupBy(c => c.Date).OrderBy(g => g.Key))
        {
            foreach (var c in day)
            {
                cumulative[c.Nation] = Money.Add(cumulative.GetValueOrDefault(c.Nation), c.ValueUsd);
            }
            var sum = cumulative.Values.Aggregate(0.0, Money.Add);
            foreach (var n in codes)
            {
                var w = cumulative.GetValueOrDefault(n);
                timeline.Add(new WorkshareLedgerPoint(day.Key, n, w, sum > 0 ? w / sum : 0));
            }
        }
        var name = program.Name;
        return new WorkshareLedgerProgram(program.Id, name, tol, basis, runId, total, total, nations, contracts, timeline);
    }

    /// <summary>The global balance: each nation's work over the programs against its funding (Σ program total × cost share).</summary>
    private static List<WorkshareLedgerNation> Global(IReadOnlyList<WorkshareLedgerProgram> programs, double tolerance)
    {
        var work = new Dictionary<string, double>(StringComparer.Ordinal);
        var funding = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in programs)
        {
            foreach (var n in p.Nations)
            {
                work[n.Nation] = Money.Add(work.GetValueOrDefault(n.Nation), n.Work);
                funding[n.Nation] = Money.Add(funding.GetValueOrDefault(n.Nation), n.Funding);
            }
        }
        var totalWork = work.Values.Aggregate(0.0, Money.Add);
        var totalFunding = funding.Values.Aggregate(0.0, Money.Add);
        return [.. work.Keys.Union(funding.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(n =>
        {
            var w = work.GetValueOrDefault(n);
            var f = funding.GetValueOrDefault(n);
            var ws = totalWork > 0 ? w / totalWork : 0;
            var cs = totalFunding > 0 ? f / totalFunding : 0;
            var deviation = Money.Subtract(ws, cs);
            return new WorkshareLedgerNation(n, cs, w, ws, f, deviation, totalWork > 0 && Math.Abs(deviation) > tolerance + 1e-12);
        })];
    }

    /// <summary>
    /// The history a global-balance allocation of <paramref name="programId"/> reads from the ledger: each other
    /// program's work and funding per nation (for the partner nations of this program only).
    /// </summary>
    private async Task<List<WorkshareHistory>> LedgerHistoryAsync(string programId, IReadOnlyList<string> partners, CancellationToken ct)
    {
        var ledger = await LedgerAsync(null, ct);
        var history = new List<WorkshareHistory>();
        foreach (var p in ledger.Programs.Where(p => p.ProgramId != programId && p.Total > 0))
        {
            var year = p.Contracts.Count > 0 ? p.Contracts[^1].Date.Year : (int?)null;
            foreach (var n in p.Nations.Where(n => partners.Contains(n.Nation, StringComparer.Ordinal) && (n.Work > 0 || n.Funding > 0)))
            {
                history.Add(new WorkshareHistory(n.Nation, n.Work, n.Funding, p.ProgramId, year));
            }
        }
        return history;
    }
}
