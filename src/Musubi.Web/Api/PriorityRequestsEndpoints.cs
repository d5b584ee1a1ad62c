using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.PriorityRequests;
using Musubi.Web.Auth;
using Musubi.Web.Hosting;

namespace Musubi.Web.Api;

/// <summary>
/// Priority-delivery requests (issue #10; docs/priority-requests.md) under <c>/api/priority-requests</c>, and the
/// reader's notification feed under <c>/api/notifications</c>. Any signed-in user may call them; what each sees and
/// may do is the workflow's (<see cref="PriorityRequestService"/>): a request the caller may not see is a 404, as one
/// that does not exist; an action its state does not allow a 409 ("transition not allowed from STATE"); one the
/// caller's party may not take a 403 ("ROLE of NATION may not ACTION"). Bad input is a 400 ProblemDetails whose
/// <c>errors</c> are keyed by field (<c>quantity</c>, <c>neededBy</c>, <c>supplierOrganizationId</c>, <c>reason</c>).
/// </summary>
public static class PriorityRequestsEndpoints
{
    /// <summary>The body of <c>POST /api/priority-requests/{id}/comments</c>.</summary>
    public sealed record CommentBody(string? Text);

    /// <summary>The comments of a request, oldest first.</summary>
    public sealed record CommentList(IReadOnlyList<PriorityCommentView> Comments);

    /// <summary>The reader's feed, newest first, with the number unread.</summary>
    public sealed record NotificationFeed(IReadOnlyList<NotificationView> Notifications, int Unread);

    /// <summary>Registers the workflow with its options from configuration (<c>Musubi:PriorityRequests</c>) and the escalation sweep.</summary>
    public static IServiceCollection AddPriorityRequests(this IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
            sp.GetService<IConfiguration>()?.GetSection(PriorityRequestOptions.Section).Get<PriorityRequestOptions>() ?? new PriorityRequestOptions());
        services.AddMusubiPriorityRequests();
        services.AddHostedService<PriorityEscalationSweep>();
        return services;
    }

    public static IEndpointRouteBuilder MapPriorityRequestsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/priority-requests").WithTags("Priority requests").RequireAuthorization();

        group.MapGet("", async Task<Results<Ok<PriorityRequestPage>, ValidationProblem>> (PriorityRequestService service,
            [FromQuery] string? state, [FromQuery] string? nation, [FromQuery] bool? overdue, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct) =>
        {
            try
            {
                return TypedResults.Ok(await service.ListAsync(new PriorityRequestFilter(state, nation, overdue, page ?? 1, pageSize ?? 50), ct));
            }
            catch (PriorityInputException ex)
            {
                return TypedResults.ValidationProblem(ToErrors(ex));
            }
        }).WithName("ListPriorityRequests")
          .WithSummary("The priority requests you may see (a party's: officials of the two governments, the supplier from forwarded on), newest first. Filters: state, nation (US|JP, requesting or receiving), overdue; page, pageSize (1–500).");

        group.MapPost("", async Task<Results<Created<PriorityRequestView>, ValidationProblem, ProblemHttpResult>> (HttpContext context, PriorityRequestService service, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<PriorityRequestInput>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            return await Guard(async () =>
            {
                var view = await service.CreateAsync(body!, context.AuditTrail(), ct);
                return TypedResults.Created($"/api/priority-requests/{view.Id}", view);
            });
        }).Accepts<PriorityRequestInput>("application/json")
          .WithName("CreatePriorityRequest")
          .WithSummary("Create a draft request (officials of the U.S. or Japanese government only; the requesting government is your nationality). 400 naming partId, quantity, supplierOrganizationId, facilityId, neededBy, justification, programId, priority, marking or receivingGovernment.")
          .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/dashboard", async Task<Ok<PriorityDashboard>> (PriorityRequestService service, CancellationToken ct) =>
            TypedResults.Ok(await service.DashboardAsync(ct)))
          .WithName("PriorityRequestsDashboard")
          .WithSummary("Open requests you may see by state and age in the state (business days of the acting country: 0–5, 6–10, 11–20, 21+), median business days per state and acting nation, overdue count.");

        group.MapGet("/export.csv", async Task<FileContentHttpResult> (HttpContext context, PriorityRequestService service, AppDbContext db, CancellationToken ct) =>
        {
            var csv = await service.ExportCsvAsync(ct);
            await context.AuditTrail().AppendAsync(db, AuditTypes.Export, AuditOutcomes.Success, "priority-requests", "format=csv", ct);
            return TypedResults.File(Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", "priority-requests.csv");
        }).WithName("ExportPriorityRequests")
          .WithSummary("The requests you may see and hold a copy of, as CSV (a banner line with the rolled-up marking first when any is marked).");

        group.MapGet("/{id}", async Task<Results<Ok<PriorityRequestView>, ProblemHttpResult>> (PriorityRequestService service, string id, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } view ? TypedResults.Ok(view) : NotFound("priority request", id))
          .WithName("GetPriorityRequest")
          .WithSummary("One request with its history, comments, due date and the actions you may take (allowedActions). 404 when unknown or not visible to you.");

        group.MapPost("/{id}/transitions", async Task<Results<Ok<PriorityRequestView>, ValidationProblem, ProblemHttpResult>> (HttpContext context, PriorityRequestService service, string id, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<PriorityTransitionInput>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            return await Guard(async () => TypedResults.Ok(await service.TransitionAsync(id, body!, context.AuditTrail(), ct)));
        }).Accepts<PriorityTransitionInput>("application/json")
          .WithName("TransitionPriorityRequest")
          .WithSummary("Take an action: submit, review, forward, reject (reason), accept (promisedDate), accept_partial (promisedDate, quantity), decline (reason), fulfil, close, withdraw. 409 when the state does not allow it, 403 when your party may not.")
          .ProducesProblem(StatusCodes.Status403Forbidden)
          .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{id}/comments", async Task<Results<Ok<CommentList>, ProblemHttpResult>> (PriorityRequestService service, string id, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } view ? TypedResults.Ok(new CommentList(view.Comments)) : NotFound("priority request", id))
          .WithName("ListPriorityRequestComments")
          .WithSummary("The comments on a request, oldest first.");

        group.MapPost("/{id}/comments", async Task<Results<Created<PriorityCommentView>, ValidationProblem, ProblemHttpResult>> (HttpContext context, PriorityRequestService service, string id, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<CommentBody>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            return await Guard(async () =>
            {
                var comment = await service.CommentAsync(id, body!.Text ?? "", context.AuditTrail(), ct);
                return TypedResults.Created($"/api/priority-requests/{comment.RequestId}/comments", comment);
            });
        }).Accepts<CommentBody>("application/json")
          .WithName("CommentPriorityRequest")
          .WithSummary("Comment on a request you are a party to (not a draft). 400 naming text.")
          .ProducesProblem(StatusCodes.Status403Forbidden)
          .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{id}/impact", async Task<Results<Ok<PriorityImpact>, ProblemHttpResult>> (PriorityRequestService service, string id, CancellationToken ct) =>
        {
            try
            {
                return TypedResults.Ok(await service.ImpactAsync(id, ct));
            }
            catch (PriorityNotFoundException ex)
            {
                return NotFound(ex.What, ex.Id);
            }
        }).WithName("PriorityRequestImpact")
          .WithSummary("What the request does to the surge planner's deliveries over the network you may see: whether it is met by its month, and the baseline deliveries that slip.");

        var notifications = app.MapGroup("/api/notifications").WithTags("Priority requests").RequireAuthorization();
        notifications.MapGet("", async Task<Ok<NotificationFeed>> (PriorityRequestService service, CancellationToken ct) =>
        {
            var feed = await service.NotificationsAsync(ct);
            return TypedResults.Ok(new NotificationFeed(feed, feed.Count(n => n.ReadAt is null)));
        }).WithName("ListNotifications")
          .WithSummary($"Your notifications about requests you may see, newest first (at most {PriorityRequestService.MaxFeed}).");

        notifications.MapPost("/{id}/read", async Task<Results<NoContent, ProblemHttpResult>> (PriorityRequestService service, string id, CancellationToken ct) =>
        {
            try
            {
                await service.MarkReadAsync(id, ct);
                return TypedResults.NoContent();
            }
            catch (PriorityNotFoundException ex)
            {
                return NotFound(ex.What, ex.Id);
            }
        }).WithName("MarkNotificationRead")
          .WithSummary("Mark one of your notifications read. 404 when it is not yours.");
        return app;
    }

    private static async Task<Results<T, ValidationProblem, ProblemHttpResult>> Guard<T>(Func<Task<T>> action) where T : IResult
    {
        try
        {
            return await action();
        }
        catch (PriorityInputException ex)
        {
            return TypedResults.ValidationProblem(ToErrors(ex));
        }
        catch (PriorityNotFoundException ex)
        {
            return NotFound(ex.What, ex.Id);
        }
        catch (PriorityConflictException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: ex.Message);
        }
        catch (PriorityForbiddenException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: ex.Message);
        }
    }

    private static Dictionary<string, string[]> ToErrors(PriorityInputException ex) =>
        ex.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    private static ProblemHttpResult NotFound(string what, string? id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"unknown {what} '{SafeName(id)}'");

    private static string SafeName(string? id) =>
        new((id ?? "").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(64).ToArray());
}

/// <summary>
/// The escalation sweep in the web host: every <see cref="PriorityRequestOptions.SweepMinutes"/> minutes (by the
/// injected <see cref="TimeProvider"/>), <see cref="PriorityRequestService.EscalateAsync"/> as the server's own act
/// (audited as <c>system:priority-escalation</c>). A failed sweep is logged and the next one tries again.
/// </summary>
internal sealed class PriorityEscalationSweep(IServiceProvider services, TimeProvider clock, PriorityRequestOptions options, ILogger<PriorityEscalationSweep> log)
    : PeriodicSweep(services, clock, TimeSpan.FromMinutes(options.SweepMinutes), log)
{
    protected override string Name => "priority escalation sweep";

    protected override async Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct)
    {
        var service = scoped.GetRequiredService<PriorityRequestService>();
        var audit = new AuditTrail(scoped.GetRequiredService<AuditLog>(), "system:priority-escalation", "local");
        var escalated = await service.EscalateAsync(audit, ct);
        if (escalated > 0)
        {
            log.LogInformation("priority escalation sweep: {Count} request(s) escalated", escalated);
        }
    }
}
