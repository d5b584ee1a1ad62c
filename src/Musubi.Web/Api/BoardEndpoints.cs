using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Board;
using Musubi.Core.Features.Timelines;
using Musubi.Web.Auth;
using Musubi.Web.Hosting;

namespace Musubi.Web.Api;

/// <summary>
/// The demand-signal board (issue #8; docs/board.md) under <c>/api/board</c>: search over the requirements the reader
/// may see (English and Japanese text, filters, facets, sort), one requirement, the timeline and milestones as
/// iCalendar, new and changed requirements by program managers, and the reader's subscriptions, their feed and an Atom
/// feed per subscription. Any signed-in user may call them; what each sees is <see cref="BoardService"/>'s: a requirement
/// the caller may not see is a 404, as one that does not exist, and is never counted in a total, a facet or a feed. Bad
/// input is a 400 ProblemDetails whose <c>errors</c> are keyed by the field (query parameter or body field:
/// <c>capabilityCodes[0]</c>, <c>needBy</c>, <c>description</c>, <c>pageSize</c>, <c>needFrom</c>…); a write the
/// caller's roles do not allow is a 403, a stale <c>version</c> a 409.
/// </summary>
public static class BoardEndpoints
{
    /// <summary>The requirements of the timeline (every visible hit of the query, at most 500), each with its bar's start and end.</summary>
    public sealed record BoardTimeline(IReadOnlyList<BoardTimelineRow> Rows);

    /// <summary>The reader's own subscriptions.</summary>
    public sealed record BoardSubscriptionList(IReadOnlyList<BoardSubscriptionView> Subscriptions);

    /// <summary>A page of the reader's feed, newest first, and the number of unread items over all their subscriptions.</summary>
    public sealed record BoardFeed(IReadOnlyList<BoardFeedItemView> Items, int Total, int Page, int PageSize, int Unread);

    /// <summary>The body of <c>POST /api/board/feed/read</c>: one item, or every item when <c>itemId</c> is absent.</summary>
    public sealed record FeedReadBody(string? ItemId);

    /// <summary>The query parameters a board search reads, in the order the OpenAPI document lists them.</summary>
    private static readonly Dictionary<string, string> QueryName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = "text",
        ["programs"] = "program",
        ["nations"] = "nation",
        ["capabilities"] = "capability",
        ["fundingStatuses"] = "funding",
        ["contractingPaths"] = "path",
        ["statuses"] = "status",
        ["needFrom"] = "needFrom",
        ["needTo"] = "needTo",
        ["sort"] = "sort",
        ["page"] = "page",
        ["pageSize"] = "pageSize",
    };

    /// <summary>The configuration section of <see cref="BoardOptions"/> (<c>Musubi:Board:NotifyInterval</c>, e.g. <c>00:15:00</c>).</summary>
    public const string OptionsSection = "Musubi:Board";

    /// <summary>Registers the board (Core's <c>AddMusubiBoard</c>) with its options from configuration, and the notification sweep that runs in the web host.</summary>
    public static IServiceCollection AddBoard(this IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
            sp.GetService<IConfiguration>()?.GetSection(OptionsSection).Get<BoardOptions>() ?? new BoardOptions());
        services.AddMusubiBoard();
        services.AddHostedService<BoardNotificationSweep>();
        return services;
    }

    public static IEndpointRouteBuilder MapBoardEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/board").WithTags("Board").RequireAuthorization();

        group.MapGet("/requirements", async Task<Results<Ok<BoardSearchResult>, ValidationProblem>> (BoardService service,
            [FromQuery] string? text, [FromQuery] string[]? program, [FromQuery] string[]? nation, [FromQuery] string[]? capability,
            [FromQuery] string[]? funding, [FromQuery] string[]? path, [FromQuery] string[]? status, [FromQuery] string? needFrom, [FromQuery] string? needTo,
            [FromQuery] string? sort, [FromQuery] string? page, [FromQuery] string? pageSize, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var input = Search(text, program, nation, capability, funding, path, status, needFrom, needTo, sort, page, pageSize, errors);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            try
            {
                return TypedResults.Ok(await service.SearchAsync(input, ct));
            }
            catch (BoardInputException ex)
            {
                return InvalidSearch(ex);
            }
        }).WithName("SearchBoardRequirements")
          .WithSummary("Search the requirements you may see: text (English and Japanese, over titles, descriptions, capability labels and the program's name), filters program, nation (alpha-2), capability (the code and its narrower codes), funding, path, status (each repeatable or comma-separated), needFrom/needTo (YYYY-MM-DD), sort, page, pageSize (1–100). The body carries total, items and facets (counts over the hits you may see, each facet leaving its own filter out).");

        group.MapGet("/requirements/{id}", async Task<Results<Ok<BoardRequirementView>, ProblemHttpResult>> (BoardService service, string id, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } view ? TypedResults.Ok(view) : NotFound("requirement", id))
          .WithName("GetBoardRequirement")
          .WithSummary("One requirement with its program, capability codes, required certifications and milestones. 404 when unknown or not visible to you.");

        group.MapPost("/requirements", async Task<Results<Created<BoardRequirementView>, ValidationProblem, ProblemHttpResult>> (HttpContext context, BoardService service, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<BoardRequirementInput>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            return await Guard(async () =>
            {
                var view = await service.CreateAsync(body!, context.AuditTrail(), ct);
                return TypedResults.Created($"/api/board/requirements/{view.Id}", view);
            });
        }).Accepts<BoardRequirementInput>("application/json")
          .WithName("CreateBoardRequirement")
          .WithSummary("Publish a requirement (program managers and administrators only). 400 naming the field: unknown capabilityCodes[i], needBy in the past, description empty in both languages, title, programId, fundingStatus, contractingPath, status, marking, requiredCertifications[i], milestones[i].kind/date.")
          .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPut("/requirements/{id}", async Task<Results<Ok<BoardRequirementView>, ValidationProblem, ProblemHttpResult>> (HttpContext context, BoardService service, string id, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<BoardRequirementInput>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            if (body!.Id is { Length: > 0 } bodyId && !string.Equals(bodyId, id, StringComparison.Ordinal))
            {
                return ApiBody.Problem("id", $"the body's id '{SafeName(bodyId)}' differs from the URL's '{SafeName(id)}'");
            }
            // The version may come as the body's field or as If-Match (the ETag read); the body's wins.
            var input = body.Version is null && ApiBody.IfMatch(context.Request) is { } ifMatch ? body with { Version = ifMatch } : body;
            return await Guard(async () => TypedResults.Ok(await service.UpdateAsync(id, input, context.AuditTrail(), ct)));
        }).Accepts<BoardRequirementInput>("application/json")
          .WithName("UpdateBoardRequirement")
          .WithSummary("Replace a requirement's fields (program managers and administrators only). Send the version you read (body version or If-Match): 409 when it changed since. A need-by date already in the past may stay; a new one may not be.")
          .ProducesProblem(StatusCodes.Status403Forbidden)
          .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/requirements/{id}/milestones.ics", async Task<Results<FileContentHttpResult, ProblemHttpResult>> (BoardService service, string id, CancellationToken ct) =>
            await service.RequirementIcsAsync(id, ct) is { } ics
                ? TypedResults.File(Encoding.UTF8.GetBytes(ics), TimelinesIcs.ContentType, $"{SafeName(id)}-milestones.ics")
                : NotFound("requirement", id))
          .WithName("BoardRequirementMilestonesIcs")
          .WithSummary("The requirement's milestones and need-by date as iCalendar (text/calendar), one all-day event each. 404 when unknown or not visible to you.");

        group.MapGet("/timeline", async Task<Results<Ok<BoardTimeline>, ValidationProblem>> (BoardService service,
            [FromQuery] string? text, [FromQuery] string[]? program, [FromQuery] string[]? nation, [FromQuery] string[]? capability,
            [FromQuery] string[]? funding, [FromQuery] string[]? path, [FromQuery] string[]? status, [FromQuery] string? needFrom, [FromQuery] string? needTo,
            [FromQuery] string? sort, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var input = Search(text, program, nation, capability, funding, path, status, needFrom, needTo, sort, null, null, errors);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            try
            {
                return TypedResults.Ok(new BoardTimeline(await service.TimelineAsync(input, ct)));
            }
            catch (BoardInputException ex)
            {
                return InvalidSearch(ex);
            }
        }).WithName("BoardTimeline")
          .WithSummary("Every requirement of the search you may see (at most 500), with its bar: start (published, else the first milestone) and end (need-by), and its milestones. Filters as GET /api/board/requirements.");

        group.MapGet("/milestones.ics", async Task<Results<FileContentHttpResult, ValidationProblem>> (BoardService service,
            [FromQuery] string? text, [FromQuery] string[]? program, [FromQuery] string[]? nation, [FromQuery] string[]? capability,
            [FromQuery] string[]? funding, [FromQuery] string[]? path, [FromQuery] string[]? status, [FromQuery] string? needFrom, [FromQuery] string? needTo,
            CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var input = Search(text, program, nation, capability, funding, path, status, needFrom, needTo, null, null, null, errors);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            try
            {
                var ics = await service.MilestonesIcsAsync(input, ct);
                return TypedResults.File(Encoding.UTF8.GetBytes(ics), TimelinesIcs.ContentType, "board-milestones.ics");
            }
            catch (BoardInputException ex)
            {
                return InvalidSearch(ex);
            }
        }).WithName("BoardMilestonesIcs")
          .WithSummary("The milestones of every requirement of the search you may see, as iCalendar (text/calendar). Filters as GET /api/board/requirements.");

        group.MapGet("/subscriptions", async Task<Ok<BoardSubscriptionList>> (BoardService service, CancellationToken ct) =>
            TypedResults.Ok(new BoardSubscriptionList(await service.SubscriptionsAsync(ct))))
          .WithName("ListBoardSubscriptions")
          .WithSummary("Your subscriptions, each with its unread count.");

        group.MapPost("/subscriptions", async Task<Results<Created<BoardSubscriptionView>, ValidationProblem, ProblemHttpResult>> (HttpContext context, BoardService service, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<BoardSubscriptionInput>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            return await Guard(async () =>
            {
                var view = await service.SubscribeAsync(body!, context.AuditTrail(), ct);
                return TypedResults.Created($"/api/board/subscriptions/{view.Id}", view);
            });
        }).Accepts<BoardSubscriptionInput>("application/json")
          .WithName("CreateBoardSubscription")
          .WithSummary("Subscribe to new and changed requirements: kind capability (values: codes), program (program ids), nation (alpha-2) or search (query: a board search); digest none or daily. The requirements that match today are the baseline (not in the feed). 400 naming name, kind, values[i], query.* or digest.");

        group.MapDelete("/subscriptions/{id}", async Task<Results<NoContent, ProblemHttpResult>> (HttpContext context, BoardService service, string id, CancellationToken ct) =>
            await service.UnsubscribeAsync(id, context.AuditTrail(), ct) ? TypedResults.NoContent() : NotFound("subscription", id))
          .WithName("DeleteBoardSubscription")
          .WithSummary("Remove one of your subscriptions and its feed. 404 when it is not yours.");

        group.MapGet("/subscriptions/{id}/atom", async Task<Results<ContentHttpResult, ProblemHttpResult>> (HttpRequest request, BoardService service, string id, CancellationToken ct) =>
        {
            var baseUri = new Uri($"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}/");
            return await service.AtomAsync(id, baseUri, ct) is { } atom
                ? TypedResults.Text(atom, "application/atom+xml; charset=utf-8", Encoding.UTF8)
                : NotFound("subscription", id);
        }).WithName("BoardSubscriptionAtom")
          .WithSummary("The subscription's feed as Atom 1.0 (application/atom+xml): its new and changed requirements you may still see. Yours only: 404 for anyone else's.");

        group.MapGet("/feed", async Task<Results<Ok<BoardFeed>, ValidationProblem, ProblemHttpResult>> (BoardService service,
            [FromQuery] string? subscription, [FromQuery] string? unread, [FromQuery] string? page, [FromQuery] string? pageSize, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var unreadOnly = Flag(unread, "unread", errors);
            var pageNumber = Int(page, "page", 1, errors);
            var size = Int(pageSize, "pageSize", 50, errors);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            return await Guard(async () =>
            {
                var items = await service.FeedAsync(string.IsNullOrWhiteSpace(subscription) ? null : subscription, unreadOnly, pageNumber, size, ct);
                return TypedResults.Ok(new BoardFeed(items.Items, items.Total, items.PageNumber, items.PageSize, await service.UnreadCountAsync(ct)));
            });
        }).WithName("BoardFeed")
          .WithSummary("Your feed of new and changed requirements, newest first, only those you may still see: subscription (one of yours; 404 for anyone else's), unread (true|false), page, pageSize (1–100); with the unread count over all your subscriptions.");

        group.MapPost("/feed/read", async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> (HttpContext context, BoardService service, CancellationToken ct) =>
        {
            string? itemId = null;
            if (context.Request.ContentLength is > 0 || context.Request.ContentType is not null)
            {
                var (body, problem) = await ApiBody.ReadAsync<FeedReadBody>(context.Request);
                if (problem is not null)
                {
                    return problem;
                }
                itemId = body!.ItemId is { Length: > 0 } id ? id : null;
            }
            return await Guard(async () =>
            {
                await service.MarkReadAsync(itemId, ct);
                return TypedResults.NoContent();
            });
        }).Accepts<FeedReadBody>("application/json")
          .WithName("MarkBoardFeedRead")
          .WithSummary("Mark one item of your feed read ({ \"itemId\" }), or all of them (no body, or no itemId). 404 when the item is not yours.");

        return app;
    }

    /// <summary>The search the query parameters ask for; a value that cannot be read is an error keyed by its parameter.</summary>
    private static BoardSearchInput Search(string? text, string[]? program, string[]? nation, string[]? capability, string[]? funding, string[]? path,
        string[]? status, string? needFrom, string? needTo, string? sort, string? page, string? pageSize, Dictionary<string, string[]> errors) =>
        new(string.IsNullOrWhiteSpace(text) ? null : text, List(program), List(nation), List(capability), List(funding), List(path), List(status),
            Date(needFrom, "needFrom", errors), Date(needTo, "needTo", errors), string.IsNullOrWhiteSpace(sort) ? null : sort.Trim(),
            Int(page, "page", 1, errors), Int(pageSize, "pageSize", 25, errors));

    /// <summary>Repeated values and comma-separated lists alike (<c>?program=gpi&amp;program=cca</c> or <c>?program=gpi,cca</c>); null when none.</summary>
    private static List<string>? List(string[]? values)
    {
        var list = (values ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return list.Count == 0 ? null : list;
    }

    private static DateOnly? Date(string? value, string field, Dictionary<string, string[]> errors)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors[field] = [$"'{SafeName(text)}' is not a date (YYYY-MM-DD)"];
        return null;
    }

    private static int Int(string? value, string field, int fallback, Dictionary<string, string[]> errors)
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }
        errors[field] = [$"'{SafeName(text)}' is not a whole number"];
        return fallback;
    }

    private static bool Flag(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (bool.TryParse(text.Trim(), out var flag))
        {
            return flag;
        }
        errors[field] = [$"'{SafeName(text)}' is not true or false"];
        return false;
    }

    private static async Task<Results<T, ValidationProblem, ProblemHttpResult>> Guard<T>(Func<Task<T>> action) where T : IResult
    {
        try
        {
            return await action();
        }
        catch (BoardInputException ex)
        {
            return Invalid(ex);
        }
        catch (BoardNotFoundException ex)
        {
            return NotFound(ex.What, ex.Id);
        }
        catch (BoardConflictException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: ex.Message);
        }
        catch (BoardForbiddenException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: ex.Message);
        }
    }

    private static ValidationProblem Invalid(BoardInputException ex) =>
        TypedResults.ValidationProblem(ex.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));

    /// <summary>A search's problems keyed by the query parameter the caller used (<c>statuses[0]</c> is <c>status</c>).</summary>
    private static ValidationProblem InvalidSearch(BoardInputException ex) =>
        TypedResults.ValidationProblem(ex.Errors
            .GroupBy(e => QueryField(e.Key), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal));

    private static string QueryField(string field)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        return QueryName.TryGetValue(bracket > 0 ? field[..bracket] : field, out var name) ? name : field;
    }

    private static ProblemHttpResult NotFound(string what, string? id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"unknown {what} '{SafeName(id)}'");

    private static string SafeName(string? id) =>
        new((id ?? "").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(64).ToArray());
}

/// <summary>
/// The board's notification sweep in the web host: every <see cref="BoardOptions.NotifyInterval"/> (by the injected
/// <see cref="TimeProvider"/>; at least 6 seconds, at most a day), <see cref="BoardService.NotifyAsync"/>: new and
/// changed requirements into each subscription's feed under its owner's access, then the daily digests into the mail
/// outbox, as the server's own act. A failed sweep is logged and the next one tries again.
/// </summary>
internal sealed class BoardNotificationSweep(IServiceProvider services, TimeProvider clock, BoardOptions options, ILogger<BoardNotificationSweep> log)
    : PeriodicSweep(services, clock, options.NotifyInterval, log)
{
    protected override string Name => "board notification sweep";

    protected override async Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var service = scoped.GetRequiredService<BoardService>();
        var report = await service.NotifyAsync(ct);
        if (report.NewItems > 0 || report.Digests > 0)
        {
            log.LogInformation("board notification sweep: {Items} new feed item(s) over {Subscriptions} subscription(s), {Digests} digest(s)",
                report.NewItems, report.Subscriptions, report.Digests);
        }
    }
}
