using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Workshare;
using Musubi.Engines.Optimization.Workshare;
using Musubi.Engines.Transfers;
using Musubi.Web.Auth;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Workshare;

/// <summary>A registry program the form offers: its id and names.</summary>
public sealed record WorkshareProgramChoice(string Id, string Name, string? NameJa);

/// <summary>
/// <c>/workshare</c>: the workshare allocator (docs/engines/workshare.md). The question is a registry program the reader
/// may see with its planning file (the demo's by default, or one uploaded), or the issue's input JSON uploaded; the
/// mode, λ, μ, κ and the time limit. The results: status and objective, the allocation table, each nation's share
/// against its target and band (SVG and table), the interface map (SVG and table), the conflicts in the reader's
/// language, the release limits derived from work packages' transfer cases (issue #3's rules: each partner nation's
/// verdict, whether the allocation may use it, the approvals and rules), and with "compare modes" the three modes side
/// by side. A run can be saved and reopened (<c>?run=ID</c>, with the release limits it was made under), and its
/// allocation downloaded as CSV or JSON. Bad input is a 400 with the message next to its field.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes, ValueLengthLimit = (int)MaxFileBytes * 2)]
public sealed class IndexModel(WorkshareService service, AppDbContext db, IStringLocalizer<UiText> l) : PageModel
{
    /// <summary>Largest input or planning file the page takes (the CLI and API read larger ones).</summary>
    public const long MaxFileBytes = 4L << 20;

    private const long MaxRequestBytes = 4 * MaxFileBytes;

    public const string FromProgram = "program";
    public const string FromInput = "input";

    /// <summary>The form's fields, in the order they appear (an error is shown next to its field).</summary>
    public static readonly string[] Fields = ["Source", "Program", "PlanFile", "InputFile", "Mode", "Lambda", "Mu", "Kappa", "TimeLimit", "Name", "Run"];

    /// <summary>Where the question comes from: a registry program (<see cref="FromProgram"/>) or an uploaded input (<see cref="FromInput"/>).</summary>
    [BindProperty]
    public string? Source { get; set; } = FromProgram;

    [BindProperty]
    public string? Program { get; set; } = "gpi";

    [BindProperty]
    public IFormFile? PlanFile { get; set; }

    [BindProperty]
    public IFormFile? InputFile { get; set; }

    /// <summary>The uploaded files of the last run, carried in the form so "save this run", a download and a corrected question keep them.</summary>
    [BindProperty]
    public string? PlanJson { get; set; }

    [BindProperty]
    public string? InputJson { get; set; }

    [BindProperty]
    public string? Mode { get; set; } = "integrated";

    [BindProperty]
    public string? Lambda { get; set; }

    [BindProperty]
    public string? Mu { get; set; }

    [BindProperty]
    public string? Kappa { get; set; }

    [BindProperty]
    public string? TimeLimit { get; set; } = "30";

    /// <summary>Set by "compare modes": the three modes side by side.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Compare { get; set; }

    /// <summary>Set by "save this run": answer the question again (<c>compare</c>: the modes side by side) and save it with its results.</summary>
    [BindProperty]
    public string? Save { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    /// <summary>A saved run to show (<c>?run=ID</c>), or whose allocation to download.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Run { get; set; }

    /// <summary>The download format: <c>csv</c> or <c>json</c>.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Format { get; set; }

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<WorkshareProgramChoice> Programs { get; private set; } = [];

    public WorkshareProblem? Problem { get; private set; }

    public IReadOnlyList<WorkshareResult> Results { get; private set; } = [];

    public bool Compared { get; private set; }

    /// <summary>The result shown in detail: the only one, or in a comparison the form's mode.</summary>
    public WorkshareResult? Result { get; private set; }

    public WorkshareShareChart? ShareChart { get; private set; }

    public WorkshareMapView? Map { get; private set; }

    public WorkshareRunSummary? SavedRun { get; private set; }

    public bool JustSaved { get; private set; }

    /// <summary>The release limits derived from work packages' <c>transfer</c> cases: the answer's, or a reopened run's as saved.</summary>
    public IReadOnlyList<WorkshareRelease> Releases { get; private set; } = [];

    public IReadOnlyList<WorkshareRunSummary> Runs { get; private set; } = [];

    private Dictionary<string, string> _packages = new(StringComparer.Ordinal);
    private Dictionary<string, string> _companies = new(StringComparer.Ordinal);
    private Dictionary<string, string?> _organizationsJa = new(StringComparer.Ordinal);

    public IReadOnlyList<string> FieldErrors(string field) => Errors.TryGetValue(field, out var e) ? e : [];

    public LocalName ProgramName(WorkshareProgramChoice p) => Localized.Name(p.Name, p.NameJa);

    /// <summary>A nation's name in the reader's language.</summary>
    public string NationLabel(string code) => l.Country(code);

    public string PackageName(string id) => _packages.GetValueOrDefault(id) ?? id;

    public LocalName CompanyName(string id) => Localized.Name(_companies.GetValueOrDefault(id) ?? id, _organizationsJa.GetValueOrDefault(id));

    /// <summary>A conflict in the reader's language, or null to show the engine's English words.</summary>
    public string? ConflictText(WorkshareConflict conflict) => WorksharePages.ConflictText(l, conflict, PackageName);

    /// <summary>Whether the package's releasable nations came from its transfer case (issue #3's rules).</summary>
    public bool ReleaseFromRules(string package) => Releases.Any(r => string.Equals(r.WorkPackage, package, StringComparison.Ordinal));

    /// <summary>A release verdict (<c>origin</c>, <c>permitted</c>, …) in the reader's language.</summary>
    public string VerdictLabel(string verdict)
    {
        // The transfer engine's verdicts in the words of the transfer pages; origin and unknown are the allocator's own.
        var text = l[(verdict is "origin" or "unknown" ? "Workshare.Verdict." : "Transfers.Verdict.") + verdict];
        return text.ResourceNotFound ? verdict : text.Value;
    }

    /// <summary>The tag class of a release verdict (the page's ok / warning / danger tags; origin and unknown plain).</summary>
    public static string VerdictTag(string verdict) => verdict switch
    {
        "permitted" => "tag ok",
        "permitted_with_approval" => "tag warning",
        "prohibited" => "tag danger",
        _ => "tag",
    };

    /// <summary>
    /// Whether the allocation may use <paramref name="nation"/> for the package: <c>yes</c>; <c>rules</c> (the transfer
    /// rules prohibit it); <c>hand</c> (the rules allow it but the hand-set <c>releasableTo</c> leaves it out).
    /// </summary>
    public static string ReleaseUse(WorkshareRelease release, WorkshareReleaseNation nation) =>
        !nation.Releasable ? "rules"
        : release.ReleasableTo.Contains(nation.Nation, StringComparer.Ordinal) ? "yes"
        : "hand";

    /// <summary>
    /// Where a rule id links: the transfer rules page filtered to the rule's jurisdiction and the case's date (the page
    /// lists the rules in force then), with the rule's title in the reader's language when the shipped rule set holds it.
    /// </summary>
    public static (string Href, LocalName? Title) RuleLink(string id, DateOnly date)
    {
        var rule = RuleSet.LoadDefault().Rules
            .Where(r => string.Equals(r.Id, id, StringComparison.Ordinal))
            .OrderByDescending(r => r.EffectiveFrom <= date && (r.EffectiveTo is null || date < r.EffectiveTo))
            .FirstOrDefault();
        var asOf = "asOf=" + date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return rule is null
            ? ("/transfers/rules?" + asOf, null)
            : ("/transfers/rules?jurisdiction=" + Uri.EscapeDataString(rule.Jurisdiction) + "&" + asOf, Localized.Name(rule.Title, rule.TitleJa));
    }

    /// <summary>An approval code's description in the reader's language, or null when the shipped rule set does not name it.</summary>
    public static LocalName? ApprovalText(string code) =>
        RuleSet.LoadDefault().Approvals.FirstOrDefault(a => string.Equals(a.Code, code, StringComparison.Ordinal)) is { } a
            ? Localized.Name(a.Description, a.DescriptionJa)
            : null;

    public string ModeLabel(WorkshareMode mode) => l["Workshare.Mode." + WorksharePages.ModeName(mode)];

    public string StatusLabel(string status)
    {
        var text = l["Workshare.Status." + status];
        return text.ResourceNotFound ? status : text.Value;
    }

    public static string DownloadHref(string run, string format) =>
        "/workshare?handler=Download&run=" + Uri.EscapeDataString(run) + "&format=" + format;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        await LoadFormAsync(ct);
        if (!string.IsNullOrWhiteSpace(Run))
        {
            var run = await service.GetRunAsync(Run.Trim(), ct);
            if (run is null)
            {
                Errors["Run"] = [l["Workshare.RunNotFound", Run.Trim()]];
                Response.StatusCode = StatusCodes.Status404NotFound;
            }
            else
            {
                SavedRun = run.Run;
                ShowQuestion(run);
                Show(run.Problem, run.Results, run.Run.Compared, run.Releases);
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
        var save = Save is "true" or "compare";
        Compare |= Save == "compare";
        var answer = await AnswerAsync(ct);
        if (answer is not null)
        {
            if (save)
            {
                SavedRun = await service.SaveAsync(Name, answer, HttpContext.AuditTrail(), ct);
                JustSaved = true;
                Runs = await service.ListRunsAsync(ct);
            }
            Show(answer.Problem, answer.Results, answer.Compared, answer.Releases);
        }
        await LoadJapaneseNamesAsync(ct);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    /// <summary><c>/workshare?handler=Download&amp;run=ID&amp;format=csv|json</c>: a saved run's allocation.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        var id = Run?.Trim() ?? "";
        var run = id.Length == 0 ? null : await service.GetRunAsync(id, ct);
        if (run is null)
        {
            await LoadFormAsync(ct);
            Errors["Run"] = [l["Workshare.RunNotFound", id]];
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        return Download(run.Problem, run.Results, id);
    }

    /// <summary>"Download" of a run not saved: answers the form's question again and returns its allocation.</summary>
    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        await LoadFormAsync(ct);
        var answer = await AnswerAsync(ct);
        if (answer is not null)
        {
            return Download(answer.Problem, answer.Results, answer.Problem.Program);
        }
        await LoadJapaneseNamesAsync(ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private FileContentResult Download(WorkshareProblem problem, IReadOnlyList<WorkshareResult> results, string name)
    {
        var mode = WorksharePages.ParseMode(Mode);
        if (string.Equals(Format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return File(Encoding.UTF8.GetBytes(WorksharePages.ResultJson(results)), "application/json; charset=utf-8", WorksharePages.FileName(name, "json"));
        }
        var result = results.FirstOrDefault(r => r.Mode == mode) ?? results[0];
        return File(Encoding.UTF8.GetBytes(WorksharePages.AllocationCsv(problem, result)), "text/csv; charset=utf-8", WorksharePages.FileName(name, "csv"));
    }

    /// <summary>The programs the reader may see that have work packages, and the reader's saved runs.</summary>
    private async Task LoadFormAsync(CancellationToken ct)
    {
        Programs = await db.Programs
            .Where(p => p.WorkPackages.Count > 0)
            .OrderBy(p => p.Name)
            .Select(p => new WorkshareProgramChoice(p.Id, p.Name, p.NameJa))
            .ToListAsync(ct);
        Runs = await service.ListRunsAsync(ct);
    }

    /// <summary>Reads the form, asks the service, and returns its answer — or null with the problems next to their fields.</summary>
    private async Task<WorkshareAnswer?> AnswerAsync(CancellationToken ct)
    {
        var source = Source?.Trim();
        if (source is not (FromProgram or FromInput))
        {
            AddError("Source", l["Workshare.SourceInvalid"]);
        }
        var mode = WorksharePages.ParseMode(Mode);
        if (mode is null)
        {
            AddError("Mode", l["Workshare.ModeInvalid"]);
        }
        var lambda = Weight(Lambda, "Lambda");
        var mu = Weight(Mu, "Mu");
        var kappa = Weight(Kappa, "Kappa");
        double? limit = null;
        if (Number(TimeLimit) is { } t && t > 0 && t <= 3600)
        {
            limit = t;
        }
        else if (!string.IsNullOrWhiteSpace(TimeLimit))
        {
            AddError("TimeLimit", l["Workshare.TimeLimitInvalid"]);
        }
        PlanJson = await TextAsync(PlanFile, PlanJson, "PlanFile", ct);
        InputJson = await TextAsync(InputFile, InputJson, "InputFile", ct);
        string? program = null;
        if (source == FromProgram)
        {
            program = Program?.Trim();
            if (string.IsNullOrEmpty(program))
            {
                AddError("Program", l["Workshare.ProgramRequired"]);
            }
        }
        else if (source == FromInput && string.IsNullOrWhiteSpace(InputJson) && FieldErrors("InputFile").Count == 0)
        {
            AddError("InputFile", l["Workshare.InputRequired"]);
        }
        if (Errors.Count > 0)
        {
            return null;
        }
        var question = source == FromInput
            ? new WorkshareQuestion(InputJson: InputJson, Mode: mode, Lambda: lambda, Mu: mu, Kappa: kappa, TimeLimitSeconds: limit, InputName: InputFile?.FileName ?? "input.json")
            : new WorkshareQuestion(ProgramId: program, PlanJson: string.IsNullOrWhiteSpace(PlanJson) ? null : PlanJson, Mode: mode, Lambda: lambda, Mu: mu, Kappa: kappa, TimeLimitSeconds: limit, PlanName: PlanFile?.FileName ?? "plan.json");
        try
        {
            return Compare
                ? await service.CompareAsync(question, HttpContext.AuditTrail(), ct)
                : await service.AllocateAsync(question, HttpContext.AuditTrail(), ct);
        }
        catch (WorkshareInputException ex)
        {
            foreach (var e in ex.Errors)
            {
                var field = WorksharePages.FormField(e.Field, e.Source);
                var where = e.Line > 0 ? $"{e.Field} ({e.Line}:{e.Column})" : e.Field;
                AddError(field, Fields.Contains(field, StringComparer.Ordinal) && field is "InputFile" or "PlanFile" ? where + ": " + e.Message : e.Message);
            }
        }
        catch (WorkshareValidationException ex)
        {
            foreach (var (field, message) in ex.Errors)
            {
                AddError(source == FromInput ? "InputFile" : "PlanFile", field + ": " + message);
            }
        }
        catch (WorkshareNotFoundException)
        {
            AddError("Program", l["Workshare.ProgramNotFound", program ?? ""]);
        }
        return null;
    }

    private double? Weight(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (Number(text) is { } v && v >= 0)
        {
            return v;
        }
        AddError(field, l["Workshare.WeightInvalid"]);
        return null;
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
            AddError(field, l["Workshare.FileTooLarge", (MaxFileBytes >> 20).ToString(CultureInfo.CurrentCulture) + " MB"]);
            return null;
        }
        using var reader = new StreamReader(upload.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(ct);
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

    /// <summary>Fills the form from a saved run's options.</summary>
    private void ShowQuestion(WorkshareRunView run)
    {
        Source = run.Run.ProgramId is null ? FromInput : FromProgram;
        Program = run.Run.ProgramId ?? Program;
        Mode = WorksharePages.ModeName(run.Options.Mode);
        Lambda = run.Results.Count > 0 ? run.Results[0].Lambda.ToString("R", CultureInfo.InvariantCulture) : null;
        Mu = run.Results.Count > 0 ? run.Results[0].Mu.ToString("R", CultureInfo.InvariantCulture) : null;
        Kappa = run.Results.Count > 0 ? run.Results[0].Kappa.ToString("R", CultureInfo.InvariantCulture) : null;
        TimeLimit = run.Options.TimeLimitSeconds.ToString("R", CultureInfo.InvariantCulture);
        Name = run.Run.Name;
    }

    private void Show(WorkshareProblem problem, IReadOnlyList<WorkshareResult> results, bool compared, IReadOnlyList<WorkshareRelease> releases)
    {
        Problem = problem;
        Releases = releases;
        Results = results;
        Compared = compared;
        var mode = WorksharePages.ParseMode(Mode);
        Result = results.FirstOrDefault(r => r.Mode == mode) ?? results.FirstOrDefault();
        _packages = problem.WorkPackages.ToDictionary(w => w.Id, w => w.Name, StringComparer.Ordinal);
        _companies = problem.Companies.ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
        if (Result is null)
        {
            return;
        }
        if (Result.Shares.Count > 0 && Result.Allocation.Count > 0)
        {
            ShareChart = new WorkshareShareChart(Result.Shares, NationLabel);
        }
        if (Result.Allocation.Count > 0)
        {
            var nations = problem.Nations.Select((n, i) => new WorkshareNationKey(i, n.Code, NationLabel(n.Code))).ToList();
            var where = Result.Allocation.ToDictionary(a => a.WorkPackage, a => a.Nation, StringComparer.Ordinal);
            var packages = problem.WorkPackages
                .Where(w => where.ContainsKey(w.Id))
                .Select(w => (w.Id, w.Name, where[w.Id], w.Subsystem))
                .ToList();
            Map = new WorkshareMapView(new WorkshareInterfaceMap(nations, packages, problem.Interfaces), problem.Interfaces, _packages, where);
        }
    }

    /// <summary>The registry's Japanese names of the companies on the page (organizations), when the reader reads Japanese.</summary>
    private async Task LoadJapaneseNamesAsync(CancellationToken ct)
    {
        if (!Localized.Japanese || _companies.Count == 0)
        {
            return;
        }
        var ids = _companies.Keys.ToList();
        _organizationsJa = await db.Organizations.Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.NameJa }).ToDictionaryAsync(o => o.Id, o => o.NameJa, StringComparer.Ordinal, ct);
    }
}
