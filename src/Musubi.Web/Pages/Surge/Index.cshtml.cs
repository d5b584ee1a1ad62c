using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Surge;
using Musubi.Engines.Network;
using Musubi.Engines.Optimization.Surge;
using Musubi.Web.Auth;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Surge;

/// <summary>An end item the form offers: its part, English name, and whether any offer can make it now.</summary>
public sealed record SurgeItem(string PartId, string Name, bool Producible);

/// <summary>
/// <c>/surge</c>: the surge-production planner over what the reader may see (docs/engines/surge.md). The form asks for
/// end items, the horizon, the objective (with a target rate and month for the cost objective), the scenarios to plan
/// beside the baseline (lose a country, qualify a country's offers, take the expansion options, a demand surge) and the
/// optional planning data (expansions.csv, stocks.csv, demand.csv); the results are a chart of monthly deliveries per
/// scenario with its table, the scenarios' summary, each scenario's bottlenecks, "what it takes" for the cost objective
/// and the explanation when nothing is delivered or the target is out of reach. A run can be saved, reopened
/// (<c>?run=ID</c>) and downloaded as a Markdown briefing. Bad input is a 400 with the message next to its field.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes, ValueLengthLimit = (int)MaxFileBytes * 2)]
public sealed class IndexModel(SurgeService service, AppDbContext db, IStringLocalizer<UiText> l) : PageModel
{
    /// <summary>Largest planning file the page takes (the CLI and API read larger ones).</summary>
    public const long MaxFileBytes = 4L << 20;

    private const long MaxRequestBytes = 4 * MaxFileBytes;

    /// <summary>The form's fields, in the order they appear (an error is shown next to its field).</summary>
    public static readonly string[] Fields = ["Items", "Months", "Objective", "Target", "By", "LoseCountry", "QualifyCountry", "DemandFactor", "ExpansionsFile", "StocksFile", "DemandFile", "Name"];

    public static readonly string[] Objectives = ["max", "shortfall", "cost"];

    [BindProperty]
    public List<string> Items { get; set; } = [];

    [BindProperty]
    public string? Months { get; set; } = "24";

    [BindProperty]
    public string? Objective { get; set; } = "max";

    [BindProperty]
    public string? Target { get; set; }

    [BindProperty]
    public string? By { get; set; }

    /// <summary>Start from nothing in flight (a new item or a cold line) instead of the base already making the items.</summary>
    [BindProperty]
    public bool EmptyPipeline { get; set; }

    [BindProperty]
    public bool Lose { get; set; }

    [BindProperty]
    public string? LoseCountry { get; set; }

    [BindProperty]
    public bool Qualify { get; set; }

    [BindProperty]
    public string? QualifyCountry { get; set; }

    [BindProperty]
    public bool WithExpansions { get; set; }

    [BindProperty]
    public bool Surge { get; set; }

    [BindProperty]
    public string? DemandFactor { get; set; } = "1.5";

    [BindProperty]
    public IFormFile? ExpansionsFile { get; set; }

    [BindProperty]
    public IFormFile? StocksFile { get; set; }

    [BindProperty]
    public IFormFile? DemandFile { get; set; }

    /// <summary>The planning files of the last run, carried in the form so "save this run" and a corrected question keep them.</summary>
    [BindProperty]
    public string? ExpansionsCsv { get; set; }

    [BindProperty]
    public string? StocksCsv { get; set; }

    [BindProperty]
    public string? DemandCsv { get; set; }

    /// <summary>Set by "save this run": plan the question again and save it with its results.</summary>
    [BindProperty]
    public bool Save { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    /// <summary>A saved run to show (<c>?run=ID</c>), or whose briefing to download.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Run { get; set; }

    private Dictionary<string, string> _parts = new(StringComparer.Ordinal);
    private Dictionary<string, string> _facilities = new(StringComparer.Ordinal);
    private Dictionary<string, string?> _partsJa = new(StringComparer.Ordinal);
    private Dictionary<string, string?> _facilitiesJa = new(StringComparer.Ordinal);

    /// <summary>Problems by form field (<see cref="Fields"/>); anything the form cannot place is under its own name.</summary>
    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The end items of the reader's network (null until loaded), with whether each is producible now.</summary>
    public IReadOnlyList<SurgeItem>? EndItems { get; private set; }

    /// <summary>Offers the reader may see that were left out because their part, facility or an input is hidden.</summary>
    public int HiddenOffers { get; private set; }

    /// <summary>The countries of the facilities in the reader's network, for the scenario pickers.</summary>
    public IReadOnlyList<string> Countries { get; private set; } = [];

    public SurgeAnswer? Answer { get; private set; }

    /// <summary>The saved run shown or just saved.</summary>
    public SurgeRunSummary? SavedRun { get; private set; }

    /// <summary>The run was saved by this request (else <see cref="SavedRun"/> is a run reopened).</summary>
    public bool JustSaved { get; private set; }

    public IReadOnlyList<SurgeRunSummary> Runs { get; private set; } = [];

    public SurgeChart? Chart { get; private set; }

    public int Horizon => Answer?.Question.Months ?? 24;

    public IReadOnlyList<string> FieldErrors(string field) => Errors.TryGetValue(field, out var e) ? e : [];

    /// <summary>Rows of a kept planning file (lines after the header that are not blank).</summary>
    public static int Rows(string? csv) =>
        string.IsNullOrWhiteSpace(csv) ? 0 : Math.Max(0, csv.Split('\n').Count(line => line.Trim().Length > 0) - 1);

    public LocalName PartName(string id, string english) => Localized.Name(english, _partsJa.GetValueOrDefault(id));

    /// <summary>A part of the reader's network by id, named in the reader's language (the id when it is not in the network).</summary>
    public LocalName PartName(string id) => PartName(id, _parts.GetValueOrDefault(id) ?? id);

    public LocalName FacilityName(string id) => FacilityName(id, _facilities.GetValueOrDefault(id) ?? id);

    public LocalName FacilityName(string id, string english) => Localized.Name(english, _facilitiesJa.GetValueOrDefault(id));

    /// <summary>A scenario's label in the reader's language (the page names its scenarios <c>lose:CN</c>, <c>qualify:JP</c>, …; other names are shown as they are).</summary>
    public string ScenarioLabel(string name) => SurgePages.ScenarioLabel(l, name);

    public string BriefingHref(string run) => "/surge?handler=Briefing&run=" + Uri.EscapeDataString(run);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        await LoadFormAsync(ct);
        if (!string.IsNullOrWhiteSpace(Run))
        {
            var run = await service.GetAsync(Run.Trim(), ct);
            if (run is null)
            {
                Errors["Run"] = [l["Surge.RunNotFound", Run.Trim()]];
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
            else
            {
                SavedRun = run.Run;
                ShowQuestion(run.Question);
                Show(new SurgeAnswer(run.Question, run.Plans, run.HiddenOffers));
            }
        }
        await LoadJapaneseNamesAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        await LoadFormAsync(ct);
        var question = await ReadQuestionAsync(ct);
        if (question is not null)
        {
            try
            {
                var answer = await service.PlanAsync(question, HttpContext.AuditTrail(), ct);
                if (Save)
                {
                    SavedRun = await service.SaveAsync(Name, answer, HttpContext.AuditTrail(), ct);
                    JustSaved = true;
                    Runs = await service.ListAsync(ct);
                }
                Show(answer);
            }
            catch (SurgeValidationException ex)
            {
                foreach (var (field, messages) in ex.Errors)
                {
                    AddError(SurgePages.FormField(field), messages);
                }
            }
        }
        await LoadJapaneseNamesAsync(ct);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    /// <summary><c>/surge?handler=Briefing&amp;run=ID</c>: a saved run's briefing as a Markdown file.</summary>
    public async Task<IActionResult> OnGetBriefingAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        var id = Run?.Trim() ?? "";
        var markdown = id.Length == 0 ? null : await service.BriefingAsync(id, ct);
        if (markdown is null)
        {
            await LoadFormAsync(ct);
            Errors["Run"] = [l["Surge.RunNotFound", id]];
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        var file = "surge-briefing-" + string.Concat(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')) + ".md";
        return File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", file);
    }

    /// <summary>
    /// "Download the briefing" of a run not saved: plans the form's question again and returns its Markdown briefing
    /// (what is on screen); bad input shows the page with the errors.
    /// </summary>
    public async Task<IActionResult> OnPostBriefingAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        await LoadFormAsync(ct);
        var question = await ReadQuestionAsync(ct);
        if (question is not null)
        {
            try
            {
                var answer = await service.PlanAsync(question, HttpContext.AuditTrail(), ct);
                // Briefing(answer) only writes Markdown from the answer in memory; BriefingAsync reads a saved run.
#pragma warning disable CA1849
                var markdown = service.Briefing(answer, Name);
#pragma warning restore CA1849
                return File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", "surge-briefing.md");
            }
            catch (SurgeValidationException ex)
            {
                foreach (var (field, messages) in ex.Errors)
                {
                    AddError(SurgePages.FormField(field), messages);
                }
            }
        }
        await LoadJapaneseNamesAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The end items and countries of the reader's network, and the reader's saved runs.</summary>
    private async Task LoadFormAsync(CancellationToken ct)
    {
        var net = await service.NetworkAsync(ct);
        HiddenOffers = service.HiddenOffers ?? 0;
        var feasible = Feasibility.Compute(net);
        var producing = Enumerable.Range(0, net.AllOffers.Count).Where(o => feasible[o]).Select(o => net.AllOffers[o].PartId).ToHashSet(StringComparer.Ordinal);
        EndItems = [.. net.AllParts
            .Where(p => p.EndItem)
            .Select(p => new SurgeItem(p.Id, p.Name, producing.Contains(p.Id)))
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ThenBy(i => i.PartId, StringComparer.Ordinal)];
        _parts = net.AllParts.ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        _facilities = net.AllFacilities.ToDictionary(f => f.Id, f => f.Name, StringComparer.Ordinal);
        var facilities = net.AllOffers.Select(o => o.FacilityId).ToHashSet(StringComparer.Ordinal);
        Countries = [.. net.AllFacilities.Where(f => facilities.Contains(f.Id)).Select(f => f.Country).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Runs = await service.ListAsync(ct);
    }

    /// <summary>The question the form asks, or null with the problems next to their fields.</summary>
    private async Task<SurgeQuestion?> ReadQuestionAsync(CancellationToken ct)
    {
        var items = Items.Select(i => i.Trim()).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (items.Count == 0)
        {
            AddError("Items", l["Surge.ItemsRequired"]);
        }
        int? months = null;
        if (int.TryParse(Months?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= SurgeRequest.MaxMonths)
        {
            months = m;
        }
        else
        {
            AddError("Months", l["Surge.MonthsInvalid"]);
        }
        var objective = Objective?.Trim();
        if (objective is null || !Objectives.Contains(objective, StringComparer.Ordinal))
        {
            AddError("Objective", l["Surge.ObjectiveInvalid"]);
        }
        double? target = null;
        int? by = null;
        if (objective == "cost")
        {
            if (Number(Target) is { } t && t > 0)
            {
                target = t;
            }
            else
            {
                AddError("Target", l["Surge.TargetInvalid"]);
            }
            if (int.TryParse(By?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) && b >= 1 && b <= (months ?? SurgeRequest.MaxMonths))
            {
                by = b;
            }
            else
            {
                AddError("By", l["Surge.ByInvalid"]);
            }
        }
        var scenarios = new List<SurgeScenarioQuestion> { new(SurgePages.Baseline) };
        if (Lose)
        {
            if (Country(LoseCountry, "LoseCountry") is { } c)
            {
                scenarios.Add(new(SurgePages.LoseName(c), Remove: ["country:" + c]));
            }
        }
        if (Qualify)
        {
            if (Country(QualifyCountry, "QualifyCountry") is { } c)
            {
                scenarios.Add(new(SurgePages.QualifyName(c), Qualify: ["country:" + c]));
            }
        }
        if (WithExpansions)
        {
            scenarios.Add(new(SurgePages.ExpansionsName, WithExpansions: true));
        }
        if (Surge)
        {
            if (Number(DemandFactor) is { } f && f > 0)
            {
                scenarios.Add(new(SurgePages.DemandName(f), DemandFactor: f));
            }
            else
            {
                AddError("DemandFactor", l["Surge.FactorInvalid"]);
            }
        }
        var data = await ReadPlanDataAsync(ct);
        if (data is not null && objective == "shortfall" && data.Demand.Count == 0)
        {
            AddError("DemandFile", l["Surge.DemandRequired"]);
        }
        if (Errors.Count > 0 || data is null)
        {
            return null;
        }
        return new SurgeQuestion(items, months, objective, target, by, scenarios, data.Expansions, data.Stocks, data.Demand, EmptyPipeline);
    }

    /// <summary>
    /// The planning data: each file uploaded now, else the one kept from the last run. The text is kept in the form
    /// (hidden) so the next post has it; problems are <c>file:line:field: message</c> next to the file's field.
    /// </summary>
    private async Task<SurgePlanData?> ReadPlanDataAsync(CancellationToken ct)
    {
        ExpansionsCsv = await TextAsync(ExpansionsFile, ExpansionsCsv, "ExpansionsFile", ct);
        StocksCsv = await TextAsync(StocksFile, StocksCsv, "StocksFile", ct);
        DemandCsv = await TextAsync(DemandFile, DemandCsv, "DemandFile", ct);
        if (FieldErrors("ExpansionsFile").Count + FieldErrors("StocksFile").Count + FieldErrors("DemandFile").Count > 0)
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(ExpansionsCsv) && string.IsNullOrWhiteSpace(StocksCsv) && string.IsNullOrWhiteSpace(DemandCsv))
        {
            return SurgePlanData.Empty;
        }
        var directory = Directory.CreateTempSubdirectory("musubi-surge-");
        try
        {
            async Task<string?> WriteAsync(string? text, string name)
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }
                var path = Path.Combine(directory.FullName, name);
                await System.IO.File.WriteAllTextAsync(path, text, new UTF8Encoding(false), ct);
                return path;
            }
            var expansions = await WriteAsync(ExpansionsCsv, SurgePlanDataReader.ExpansionsFile);
            var stocks = await WriteAsync(StocksCsv, SurgePlanDataReader.StocksFile);
            var demand = await WriteAsync(DemandCsv, SurgePlanDataReader.DemandFile);
            return SurgePlanDataReader.ReadFiles(expansions, stocks, demand);
        }
        catch (SurgePlanDataException ex)
        {
            foreach (var problem in ex.Problems)
            {
                AddError(SurgePages.FileField(problem), problem);
            }
            return null;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>An uploaded file's text (then it replaces the kept one), else the kept text.</summary>
    private async Task<string?> TextAsync(IFormFile? upload, string? kept, string field, CancellationToken ct)
    {
        if (upload is null || upload.Length == 0)
        {
            return string.IsNullOrWhiteSpace(kept) ? null : kept;
        }
        if (upload.Length > MaxFileBytes)
        {
            AddError(field, l["Surge.FileTooLarge", (MaxFileBytes >> 20).ToString(CultureInfo.CurrentCulture) + " MB"]);
            return null;
        }
        using var reader = new StreamReader(upload.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(ct);
    }

    private string? Country(string? value, string field)
    {
        var c = value?.Trim().ToUpperInvariant();
        if (string.IsNullOrEmpty(c) || !Countries.Contains(c, StringComparer.Ordinal))
        {
            AddError(field, l["Surge.CountryRequired"]);
            return null;
        }
        return c;
    }

    private static double? Number(string? text) =>
        double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    private void AddError(string field, params IEnumerable<string> messages)
    {
        if (!Errors.TryGetValue(field, out var list))
        {
            Errors[field] = list = [];
        }
        list.AddRange(messages);
    }

    /// <summary>Fills the form from a saved run's question (the planning data is shown as kept files).</summary>
    private void ShowQuestion(SurgeQuestion q)
    {
        Items = [.. q.Items ?? []];
        Months = (q.Months ?? 24).ToString(CultureInfo.InvariantCulture);
        Objective = q.Objective ?? "max";
        Target = q.Target?.ToString(CultureInfo.InvariantCulture);
        By = q.By?.ToString(CultureInfo.InvariantCulture);
        EmptyPipeline = q.EmptyPipeline;
        foreach (var s in q.Scenarios ?? [])
        {
            switch (SurgePages.KindOf(s.Name ?? ""))
            {
                case "lose":
                    Lose = true;
                    LoseCountry = SurgePages.ArgumentOf(s.Name!);
                    break;
                case "qualify":
                    Qualify = true;
                    QualifyCountry = SurgePages.ArgumentOf(s.Name!);
                    break;
                case "expansions":
                    WithExpansions = true;
                    break;
                case "demand":
                    Surge = true;
                    DemandFactor = SurgePages.ArgumentOf(s.Name!);
                    break;
                default:
                    break;
            }
        }
        ExpansionsCsv = SurgePages.ExpansionsCsv(q.Expansions);
        StocksCsv = SurgePages.StocksCsv(q.Stocks);
        DemandCsv = SurgePages.DemandCsv(q.Demand);
    }

    private void Show(SurgeAnswer answer)
    {
        Answer = answer;
        var months = answer.Question.Months ?? 24;
        Chart = new SurgeChart(months, [.. answer.Plans.Select((p, i) => new SurgeSeries(
            i,
            p.Scenario,
            ScenarioLabel(p.Scenario),
            [.. Enumerable.Range(1, months).Select(m => p.Schedule.Where(d => d.Month == m).Sum(d => d.Delivered))]))]);
    }

    /// <summary>The registry's Japanese names of the parts and facilities on the page, when the reader reads Japanese.</summary>
    private async Task LoadJapaneseNamesAsync(CancellationToken ct)
    {
        if (!Localized.Japanese)
        {
            return;
        }
        var plans = Answer?.Plans ?? [];
        var parts = (EndItems?.Select(i => i.PartId) ?? [])
            .Concat(plans.SelectMany(p => p.BottleneckSummary.Select(b => b.Part)))
            .Concat(plans.SelectMany(p => p.Expansions.Select(e => e.Part)))
            .Concat(plans.SelectMany(p => p.FirstDeliveries.Select(f => f.Item)))
            .Concat(plans.Select(p => p.Explanation?.Part).OfType<string>())
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var facilities = plans.SelectMany(p => p.BottleneckSummary.Select(b => b.Facility).Concat(p.Expansions.Select(e => e.Facility))).Distinct(StringComparer.Ordinal).ToList();
        _partsJa = await db.Parts.Where(p => parts.Contains(p.Id)).Select(p => new { p.Id, p.NameJa }).ToDictionaryAsync(p => p.Id, p => p.NameJa, StringComparer.Ordinal, ct);
        _facilitiesJa = await db.Facilities.Where(f => facilities.Contains(f.Id)).Select(f => new { f.Id, f.NameJa }).ToDictionaryAsync(f => f.Id, f => f.NameJa, StringComparer.Ordinal, ct);
    }
}
