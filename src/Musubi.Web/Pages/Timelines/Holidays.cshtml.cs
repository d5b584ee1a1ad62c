using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Musubi.Core.Features.Timelines;

namespace Musubi.Web.Pages.Timelines;

/// <summary>
/// <c>/timelines/holidays</c>: a country's public holidays in a year (Japan's national, substitute and citizens'
/// holidays; U.S. federal holidays with observed days), computed by rule, and a business-day counter between two dates
/// (both ends included). GET form; bad input is a 400 with the message next to its field.
/// </summary>
public sealed class HolidaysModel(TimelinesService service, TimeProvider clock, IStringLocalizer<UiText> l) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Country { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Year { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public Dictionary<string, List<string>> Errors { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<HolidayView> Holidays { get; private set; } = [];

    public BusinessDaysView? Count { get; private set; }

    public IReadOnlyList<string> FieldErrors(string field) => Errors.TryGetValue(field, out var e) ? e : [];

    public string KindLabel(string kind) => l["Timelines.HolidayKind." + kind];

    public static string Weekday(string date) =>
        DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture).ToString("ddd", CultureInfo.CurrentCulture);

    public IActionResult OnGet()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return Challenge();
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        Country = string.IsNullOrWhiteSpace(Country) ? "JP" : Country.Trim().ToUpperInvariant();
        Year = string.IsNullOrWhiteSpace(Year) ? today.Year.ToString(CultureInfo.InvariantCulture) : Year.Trim();
        try
        {
            if (!int.TryParse(Year, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            {
                throw new TimelinesInputException("year", "not a year");
            }
            Holidays = service.Holidays(Country, year);
        }
        catch (TimelinesInputException ex)
        {
            Add(ex);
        }
        if (!string.IsNullOrWhiteSpace(From) || !string.IsNullOrWhiteSpace(To))
        {
            try
            {
                Count = service.BusinessDays(Country, From, To);
            }
            catch (TimelinesInputException ex)
            {
                Add(ex);
            }
        }
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    private void Add(TimelinesInputException ex)
    {
        foreach (var e in ex.Errors)
        {
            var field = e.Field switch { "country" => "Country", "year" => "Year", "from" => "From", _ => "To" };
            var message = e.Field switch
            {
                "country" => l["Timelines.CountryInvalid"].Value,
                "year" => l["Timelines.YearInvalid", Core.Features.Timelines.TimelinesService.EarliestStart.Year, Engines.Timelines.Holidays.MaxYear].Value,
                "to" when From is not null && To is not null && e.Message.Contains("before", StringComparison.Ordinal) => l["Timelines.ToBeforeFrom"].Value,
                _ => l["Timelines.DateInvalid"].Value,
            };
            if (!Errors.TryGetValue(field, out var list))
            {
                Errors[field] = list = [];
            }
            if (!list.Contains(message))
            {
                list.Add(message);
            }
        }
    }
}
