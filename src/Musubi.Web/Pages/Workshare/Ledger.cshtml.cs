using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Workshare;
using Musubi.Web.Auth;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Workshare;

/// <summary>A program the ledger's pickers offer: its id, names and partner nations.</summary>
public sealed record WorkshareLedgerChoice(string Id, string Name, string? NameJa, IReadOnlyList<string> Nations);

/// <summary>
/// <c>/workshare/ledger</c>: the workshare ledger (docs/engines/workshare.md, "Ledger") over the programs the reader may
/// see — per program each nation's work share against its cost share, flagged beyond the tolerance, the contracts over
/// time (a table and each nation's cumulative value by year), the global balance across programs — and a form to record
/// a contract (bad input: 400 with the message next to its field).
/// </summary>
public sealed class LedgerModel(WorkshareService service, AppDbContext db, IStringLocalizer<UiText> l) : PageModel
{
    public static readonly string[] Fields = ["ContractProgram", "Nation", "Company", "Value", "Date", "Reference"];

    /// <summary>The program to show alone (<c>?program=ID</c>); empty: every program with contracts or a saved allocation.</summary>
    [BindProperty(SupportsGet = true, Name = "program")]
    public string? ProgramFilter { get; set; }

    /// <summary>The contract just recorded (<c>?added=WL-…</c>, after the redirect).</summary>
    [BindProperty(SupportsGet = true, Name = "added")]
    public string? Added { get; set; }

    [BindProperty]
    public string? ContractProgram { get; set; }

    [BindProperty]
    public string? Nation { get; set; }

    [BindProperty]
    public string? Company { get; set; }

    [BindProperty]
    public string? Value { get; set; }

    [BindProperty]
    public string? Date { get; set; }

    [BindProperty]
    public string? Reference { get; set; }

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<WorkshareLedgerChoice> Programs { get; private set; } = [];

    /// <summary>Every partner nation of the programs the reader may see.</summary>
    public IReadOnlyList<string> Nations { get; private set; } = [];

    public WorkshareLedger? Ledger { get; private set; }

    public IReadOnlyList<string> FieldErrors(string field) => Errors.TryGetValue(field, out var e) ? e : [];

    public string NationLabel(string code) => l.Country(code);

    public LocalName ProgramName(string id, string fallback)
    {
        var p = Programs.FirstOrDefault(p => p.Id == id);
        return p is null ? new LocalName(fallback, "en") : Localized.Name(p.Name, p.NameJa);
    }

    public LocalName ProgramName(WorkshareLedgerChoice p) => Localized.Name(p.Name, p.NameJa);

    /// <summary>A program's contracts over time as a chart (null when it has none).</summary>
    public WorkshareLedgerChartView? Chart(WorkshareLedgerProgram program, int index)
    {
        if (program.Contracts.Count == 0)
        {
            return null;
        }
        var order = program.Nations.Select(n => n.Nation).Concat(program.Contracts.Select(c => c.Nation)).Distinct(StringComparer.Ordinal).ToList();
        var nations = order.Select((n, i) => new WorkshareNationKey(i, n, NationLabel(n))).ToList();
        var chart = new WorkshareLedgerChart(nations, [.. program.Contracts.Select(c => (c.Nation, c.Date.Year, c.ValueUsd))]);
        return new WorkshareLedgerChartView(index.ToString(CultureInfo.InvariantCulture), ProgramName(program.ProgramId, program.Name).Text, chart);
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        await LoadAsync(ct);
        ContractProgram ??= ProgramFilter ?? Ledger?.Programs.FirstOrDefault()?.ProgramId;
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        var program = ContractProgram?.Trim();
        if (string.IsNullOrEmpty(program))
        {
            AddError("ContractProgram", l["Workshare.ProgramRequired"]);
        }
        var nation = Nation?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(nation))
        {
            AddError("Nation", l["Workshare.NationRequired"]);
        }
        double? value = null;
        if (double.TryParse(Value?.Trim().Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v > 0)
        {
            value = v;
        }
        else
        {
            AddError("Value", l["Workshare.ValueInvalid"]);
        }
        if (!DateOnly.TryParseExact(Date?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            AddError("Date", l["Workshare.DateInvalid"]);
        }
        if (Reference is { Length: > 200 } || Reference?.IndexOfAny(['\r', '\n']) >= 0)
        {
            AddError("Reference", l["Workshare.ReferenceInvalid"]);
        }
        if (Errors.Count == 0)
        {
            try
            {
                var added = await service.AddContractAsync(
                    new WorkshareContractInput(program, nation, value, Date!.Trim(), string.IsNullOrWhiteSpace(Company) ? null : Company.Trim(), string.IsNullOrWhiteSpace(Reference) ? null : Reference.Trim()),
                    HttpContext.AuditTrail(),
                    ct);
                return Redirect("/workshare/ledger?program=" + Uri.EscapeDataString(added.ProgramId) + "&added=" + Uri.EscapeDataString(added.Id));
            }
            catch (WorkshareInputException ex)
            {
                foreach (var e in ex.Errors)
                {
                    AddError(FormField(e.Field), e.Message);
                }
            }
            catch (WorkshareNotFoundException ex)
            {
                AddError(ex.What.Contains("compan", StringComparison.OrdinalIgnoreCase) || ex.What.Contains("organization", StringComparison.OrdinalIgnoreCase) ? "Company" : "ContractProgram", l["Workshare.NotFound", ex.Id]);
            }
        }
        ProgramFilter ??= program;
        await LoadAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The form field of a service problem (<c>valueUsd</c> → Value, …); one the form does not have keeps its name.</summary>
    public static string FormField(string field) => field.Split('.', '[')[0].ToLowerInvariant() switch
    {
        "programid" or "program" => "ContractProgram",
        "nation" => "Nation",
        "companyid" or "company" => "Company",
        "valueusd" or "value" => "Value",
        "date" => "Date",
        "reference" => "Reference",
        _ => field,
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        var programs = await db.Programs.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
        Programs = [.. programs
            .Where(p => p.Partners.Count > 0)
            .Select(p => new WorkshareLedgerChoice(p.Id, p.Name, p.NameJa, [.. p.Partners.Select(x => x.Country)]))];
        Nations = [.. Programs.SelectMany(p => p.Nations).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var filter = string.IsNullOrWhiteSpace(ProgramFilter) ? null : ProgramFilter.Trim();
        try
        {
            Ledger = await service.LedgerAsync(filter, ct);
        }
        catch (WorkshareNotFoundException)
        {
            Errors["program"] = [l["Workshare.ProgramNotFound", filter ?? ""]];
            Ledger = await service.LedgerAsync(null, ct);
            ProgramFilter = null;
        }
    }

    private void AddError(string field, string message)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }
        list.Add(message);
    }
}
