using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Musubi.Core.Features.Timelines;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Timelines;

/// <summary>
/// <c>/timelines</c>: acquisition timeline alignment (docs/engines/timelines.md). The plan is a demo plan
/// (<c>?example=ID</c>, aligned as the page opens) or an align input pasted or uploaded; a what-if moves one step to a
/// month (<c>whatIfStep</c>, <c>whatIfMonth</c>). The answer: status, start and finish, the Gantt with the U.S. and
/// Japanese fiscal years side by side (SVG drawn here, no script), the table of dates, slack, fiscal years and reasons,
/// missed deadlines, sources, and ICS and JSON downloads. Bad input is a 400 with the message next to its field.
/// </summary>
[RequestSizeLimit(MaxRequestBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes, ValueLengthLimit = (int)MaxFileBytes * 2)]
public sealed class IndexModel(TimelinesService service, TimeProvider clock, IStringLocalizer<UiText> l) : PageModel
{
    public const long MaxFileBytes = 1L << 20;
    private const long MaxRequestBytes = 4 * MaxFileBytes;

    public const string FromExample = "example";

    /// <summary>The demo plan the page opens with.</summary>
    public const string DefaultExample = "sm3-follow-on";
    public const string FromInput = "input";

    /// <summary>The form's fields, in the order they appear.</summary>
    public static readonly string[] Fields = ["Example", "InputJson", "InputFile", "WhatIfStep", "WhatIfMonth"];

    [BindProperty(SupportsGet = true)]
    public string? Source { get; set; } = FromExample;

    [BindProperty(SupportsGet = true)]
    public string? Example { get; set; }

    [BindProperty]
    public string? InputJson { get; set; }

    [BindProperty]
    public IFormFile? InputFile { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? WhatIfStep { get; set; }

    /// <summary>A month (<c>YYYY-MM</c>, as an HTML month input sends it) or a date.</summary>
    [BindProperty(SupportsGet = true)]
    public string? WhatIfMonth { get; set; }

    /// <summary>The download format: <c>ics</c> or <c>json</c>.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Format { get; set; }

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<TimelineExample> Examples { get; private set; } = [];

    public AlignedPlan? Aligned { get; private set; }

    public TimelineGantt? Gantt { get; private set; }

    public IReadOnlyList<string> FieldErrors(string field) => Errors.TryGetValue(field, out var e) ? e : [];

    public LocalName Name(string english, string? japanese) => Localized.Name(english, japanese);

    public string StatusLabel(string status) => l["Timelines.Status." + status].ResourceNotFound ? status : l["Timelines.Status." + status];

    public string ReasonLabel(AlignedStep s) => Localized.Japanese && l["Timelines.Reason." + s.ReasonKind] is { ResourceNotFound: false } text
        ? string.Format(CultureInfo.CurrentCulture, text.Value, s.ReasonStep ?? "", s.ReasonEvent ?? "")
        : s.Reason;

    public string UnitLabel(string unit) => l["Timelines.Unit." + unit];

    public string BandLabel(CalendarData c) => Localized.Japanese ? c.NameJa : c.Name;

    /// <summary>The query string of the current example and what-if (for the GET downloads).</summary>
    public string DownloadHref(string format)
    {
        var q = new StringBuilder("/timelines?handler=Download&format=").Append(format);
        if (Example is { Length: > 0 } e)
        {
            q.Append("&example=").Append(Uri.EscapeDataString(e));
        }
        if (WhatIfStep is { Length: > 0 } s && WhatIfMonth is { Length: > 0 } m)
        {
            q.Append("&whatIfStep=").Append(Uri.EscapeDataString(s)).Append("&whatIfMonth=").Append(Uri.EscapeDataString(m));
        }
        return q.ToString();
    }

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        Load();
        Source = FromExample;
        Answer();
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        Load();
        await ReadUploadAsync(ct);
        Answer();
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    /// <summary><c>/timelines?handler=Download&amp;format=ics|json&amp;example=ID</c>: the demo plan's alignment.</summary>
    public IActionResult OnGetDownload()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        Load();
        Source = FromExample;
        return Download();
    }

    /// <summary>The download of a pasted or uploaded plan.</summary>
    public async Task<IActionResult> OnPostDownloadAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        Load();
        await ReadUploadAsync(ct);
        return Download();
    }

    private IActionResult Download()
    {
        Answer();
        if (Aligned is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var name = "timeline-" + (Source == FromExample && Example is { Length: > 0 } e ? e : Aligned.Alignment.PlanHash);
        if (string.Equals(Format, "json", StringComparison.OrdinalIgnoreCase))
        {
            return File(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Aligned.Alignment, TimelinesService.Indented)), "application/json; charset=utf-8", name + ".json");
        }
        return File(Encoding.UTF8.GetBytes(TimelinesIcs.Write(Aligned, clock.GetUtcNow(), Localized.Japanese)), TimelinesIcs.ContentType, name + ".ics");
    }

    private void Load()
    {
        Examples = TimelinesService.Examples();
        if (string.IsNullOrWhiteSpace(Example) && Examples.Count > 0)
        {
            Example = Examples.Any(e => e.Id == DefaultExample) ? DefaultExample : Examples[0].Id;
        }
    }

    private async Task ReadUploadAsync(CancellationToken ct)
    {
        if (InputFile is { Length: > 0 } file)
        {
            if (file.Length > MaxFileBytes)
            {
                AddError("InputFile", l["Timelines.FileTooLarge", MaxFileBytes / 1024]);
                return;
            }
            try
            {
                using var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, true));
                InputJson = await reader.ReadToEndAsync(ct);
                Source = FromInput;
            }
            catch (DecoderFallbackException)
            {
                AddError("InputFile", l["Timelines.NotUtf8"]);
            }
        }
    }

    /// <summary>Aligns the chosen plan with the what-if; problems go next to their fields.</summary>
    private void Answer()
    {
        string? text;
        var inputField = "Example";
        if (Source == FromInput)
        {
            inputField = InputFile is { Length: > 0 } ? "InputFile" : "InputJson";
            text = InputJson;
            if (string.IsNullOrWhiteSpace(text))
            {
                if (FieldErrors("InputFile").Count == 0)
                {
                    AddError("InputJson", l["Timelines.InputRequired"]);
                }
                return;
            }
        }
        else
        {
            var example = TimelinesService.Example(Example?.Trim());
            if (example is null)
            {
                AddError("Example", l["Timelines.ExampleNotFound", Example ?? ""]);
                return;
            }
            text = example.Json;
        }
        TimelineWhatIf? whatIf = null;
        var step = WhatIfStep?.Trim();
        var month = WhatIfMonth?.Trim();
        if (!string.IsNullOrEmpty(step) && !string.IsNullOrEmpty(month))
        {
            if (TimelinesService.TryMonthOrDate(month, out var date, out _))
            {
                whatIf = new TimelineWhatIf(step, date);
            }
            else
            {
                AddError("WhatIfMonth", l["Timelines.WhatIfMonthInvalid"]);
            }
        }
        else if (!string.IsNullOrEmpty(month))
        {
            AddError("WhatIfStep", l["Timelines.WhatIfStepRequired"]);
        }
        if (Errors.Count > 0)
        {
            return;
        }
        try
        {
            Aligned = service.Align(text!, whatIf, Source == FromInput ? "input" : Example + ".json");
            Gantt = new TimelineGantt(Aligned, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), BandLabel);
        }
        catch (TimelinesInputException ex)
        {
            foreach (var e in ex.Errors)
            {
                if (e.Field == "whatIf.step")
                {
                    AddError("WhatIfStep", l["Timelines.WhatIfStepUnknown", step ?? ""]);
                }
                else if (e.Field == "whatIf.notBefore")
                {
                    AddError("WhatIfMonth", e.Message);
                }
                else
                {
                    var where = e.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{e.Field} ({e.Line}:{e.Column})") : e.Field;
                    AddError(inputField, where + ": " + e.Message);
                }
            }
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
