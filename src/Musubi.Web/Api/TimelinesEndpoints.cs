using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Musubi.Core.Features.Timelines;

namespace Musubi.Web.Api;

/// <summary>
/// The timelines feature (issue #10; docs/engines/timelines.md): Japan's and the United States' public holidays and
/// business days by rule under <c>/api/calendar</c>, and under <c>/api/timelines</c> the governments' acquisition
/// calendars (data/calendars), the demo plans, the alignment of a joint plan over both calendars (earliest dates, slack,
/// critical path, fiscal years, missed deadlines, with a what-if) and its milestones as iCalendar. Any signed-in user
/// (the data is public, the app is signed-in only); nothing is stored. Bad input is a 400 ProblemDetails whose
/// <c>errors</c> are keyed by field (<c>country</c>, <c>year</c>, <c>to</c>, <c>steps[2].duration</c>,
/// <c>dependencies[0].to</c>, <c>whatIf.step</c>), with the line and column for the body's fields.
/// </summary>
public static class TimelinesEndpoints
{
    /// <summary>The largest align input the API reads (characters); the CLI reads larger ones.</summary>
    public const int MaxBody = 4 << 20;

    public sealed record CalendarList(IReadOnlyList<CalendarView> Calendars);

    public sealed record ExampleSummary(string Id, string Name, string? NameJa, string? Notes);

    public sealed record ExampleList(IReadOnlyList<ExampleSummary> Examples);

    /// <summary>Registers the service and loads the calendars when the host starts (a bad calendar file stops it, naming file, line and field).</summary>
    public static IServiceCollection AddMusubiTimelines(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => TimelineCalendars.Default);
        services.TryAddSingleton(sp => new TimelinesService(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<TimelineCalendars>(),
            sp.GetService<Musubi.Engines.Transfers.RuleSet>()));
        services.AddHostedService<CalendarCheck>();
        return services;
    }

    /// <summary>Asks for the calendars when the host starts: loading them validates every file.</summary>
    private sealed class CalendarCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<TimelineCalendars>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public static IEndpointRouteBuilder MapTimelinesEndpoints(this IEndpointRouteBuilder app)
    {
        var calendar = app.MapGroup("/api/calendar").WithTags("Timelines").RequireAuthorization();

        calendar.MapGet("/holidays", Results<JsonHttpResult<IReadOnlyList<HolidayView>>, ValidationProblem> (TimelinesService service, string? country, string? year) =>
        {
            try
            {
                return TypedResults.Json(service.Holidays(country, Year(year)), TimelinesService.Json);
            }
            catch (TimelinesInputException ex)
            {
                return Invalid(ex);
            }
        }).WithName("CalendarHolidays")
          .WithSummary("Every public holiday of JP or US in a year (1949–2099), by the date it is taken: [ { date, name, nameJa, kind } ], kind statutory, substitute, citizens, observed or special.");

        calendar.MapGet("/business-days", Results<JsonHttpResult<BusinessDaysView>, ValidationProblem> (TimelinesService service, string? country, string? from, string? to) =>
        {
            try
            {
                return TypedResults.Json(service.BusinessDays(country, from, to), TimelinesService.Json);
            }
            catch (TimelinesInputException ex)
            {
                return Invalid(ex);
            }
        }).WithName("CalendarBusinessDays")
          .WithSummary("Business days (Monday–Friday less public holidays) of JP or US from `from` to `to` (YYYY-MM-DD), both ends included: { country, from, to, businessDays }.");

        var timelines = app.MapGroup("/api/timelines").WithTags("Timelines").RequireAuthorization();

        timelines.MapGet("/calendars", (TimelinesService service) =>
            TypedResults.Json(new CalendarList([.. service.Calendars.All.Select(TimelinesViews.View)]), TimelinesService.Json))
          .WithName("TimelineCalendars")
          .WithSummary("The governments' acquisition calendars: fiscal year start and naming, annual budget events (typical dates flagged) and approval-step templates with durations and sources.");

        timelines.MapGet("/examples", () =>
            TypedResults.Json(new ExampleList([.. TimelinesService.Examples().Select(e => new ExampleSummary(e.Id, e.Name, e.NameJa, e.Notes))]), TimelinesService.Json))
          .WithName("TimelineExamples")
          .WithSummary("The demo align inputs (illustrative): id, names and notes.");

        timelines.MapGet("/examples/{id}", Results<ContentHttpResult, ProblemHttpResult> (string id) =>
            TimelinesService.Example(id) is { } example
                ? TypedResults.Text(example.Json, "application/json; charset=utf-8")
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"no demo plan '{SafeName(id)}'"))
          .WithName("TimelineExample")
          .WithSummary("One demo align input, as the JSON file (docs/formats.md §7).");

        timelines.MapPost("/align", async Task<Results<JsonHttpResult<TimelineAlignment>, ValidationProblem>> (HttpContext context, TimelinesService service, CancellationToken ct) =>
        {
            var (aligned, problem) = await AlignAsync(context.Request, service, ct);
            return problem is not null ? problem : TypedResults.Json(aligned!.Alignment, TimelinesService.Json);
        }).Accepts<System.Text.Json.JsonElement>("application/json")
          .WithName("TimelineAlign")
          .WithSummary("The earliest schedule of a joint plan over the U.S. and Japanese calendars: dates per step, slack, critical path, fiscal years, missed deadlines (status late).")
          .WithDescription("Body: the align input (docs/formats.md §7) `{ \"start\", \"calendars\": [\"US\",\"JP\"], \"steps\": [ { \"id\", \"name\", \"nameJa\", \"calendar\", \"duration\", \"unit\": \"days|businessDays|months\", \"event\", \"notBefore\", \"deadline\", \"template\" } ], \"dependencies\": [ { \"from\", \"to\", \"kind\": \"finishToStart|startToStart\", \"lagDays\" } ], \"constraints\": [ { \"kind\": \"sameFiscalYear|beforeFiscalYearOf\", \"steps\", \"calendar\" } ], \"whatIf\": { \"step\", \"notBefore\": \"YYYY-MM[-DD]\" } }`.");

        timelines.MapPost("/align/ics", async Task<Results<FileContentHttpResult, ValidationProblem>> (HttpContext context, TimelinesService service, TimeProvider clock, CancellationToken ct) =>
        {
            var (aligned, problem) = await AlignAsync(context.Request, service, ct);
            if (problem is not null)
            {
                return problem;
            }
            var japanese = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";
            var ics = TimelinesIcs.Write(aligned!, clock.GetUtcNow(), japanese);
            return TypedResults.File(Encoding.UTF8.GetBytes(ics), TimelinesIcs.ContentType, "timeline-" + aligned!.Alignment.PlanHash + ".ics");
        }).Accepts<System.Text.Json.JsonElement>("application/json")
          .WithName("TimelineAlignIcs")
          .WithSummary("The aligned plan's milestones as iCalendar (text/calendar): one all-day event per step finish, UID stable per step and plan.")
          .WithDescription("Body as POST /api/timelines/align.");

        return app;
    }

    private static int? Year(string? year)
    {
        if (string.IsNullOrWhiteSpace(year))
        {
            return null;
        }
        return int.TryParse(year.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            ? y
            : throw new TimelinesInputException("year", $"'{SafeName(year)}' is not a year (YYYY)", "query");
    }

    private static async Task<(AlignedPlan? Plan, ValidationProblem? Problem)> AlignAsync(HttpRequest request, TimelinesService service, CancellationToken ct)
    {
        if (request.ContentType is null || !request.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiBody.Problem("body", "send the align input as application/json"));
        }
        string text;
        try
        {
            using var reader = new StreamReader(request.Body, new UTF8Encoding(false, true));
            var buffer = new char[MaxBody + 1];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
            if (read > MaxBody)
            {
                return (null, ApiBody.Problem("body", string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxBody} characters")));
            }
            text = new string(buffer, 0, read);
        }
        catch (DecoderFallbackException)
        {
            return (null, ApiBody.Problem("body", "the body is not valid UTF-8"));
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return (null, ApiBody.Problem("body", "text may not contain the NUL character (U+0000)"));
        }
        try
        {
            return (service.Align(text), null);
        }
        catch (TimelinesInputException ex)
        {
            return (null, Invalid(ex));
        }
    }

    private static ValidationProblem Invalid(TimelinesInputException ex) => TypedResults.ValidationProblem(ex.ByField());

    private static string SafeName(string? id) =>
        new((id ?? "").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(64).ToArray());
}
