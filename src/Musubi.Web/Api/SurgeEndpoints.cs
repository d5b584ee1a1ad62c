using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Musubi.Core.Features.Surge;
using Musubi.Engines.Optimization.Surge;
using Musubi.Web.Auth;

namespace Musubi.Web.Api;

/// <summary>
/// Surge-production planning (issue #6; docs/engines/surge.md) under <c>/api/surge</c>: plans for chosen end items under
/// scenarios side by side, the steady-state maximum rate, saved runs and their Markdown briefing. Any signed-in user;
/// every plan is computed over the network the caller may see (the access policy, ADR 0002) and audited
/// (<c>surge.planned</c>, <c>surge.saved</c>); a saved run is read by its creator only (it holds results over marked records). Bad input is a
/// 400 ProblemDetails naming the field (<c>items</c>, <c>months</c>, <c>objective</c>, <c>target</c>, <c>by</c>,
/// <c>scenarios[0].remove</c>, <c>expansions[1].extraPerMonth</c>, <c>stocks[0].quantity</c>, <c>demand[2].month</c>, <c>name</c>).
/// </summary>
public static class SurgeEndpoints
{
    /// <summary>The body of <c>POST /api/surge/plan</c>.</summary>
    /// <param name="Items">End items to plan (part ids); at least one.</param>
    /// <param name="Months">Horizon, 1–120 months (default 24).</param>
    /// <param name="Objective"><c>max</c> (default), <c>shortfall</c> (needs <c>demand</c>) or <c>cost</c> (needs <c>target</c> and <c>by</c>).</param>
    /// <param name="Target">Objective cost: end items a month to deliver.</param>
    /// <param name="By">Objective cost: the month from which the target rate holds.</param>
    /// <param name="Scenarios">Scenarios side by side; none: the baseline.</param>
    /// <param name="Expansions">Expansion options: <c>{ id, offerId, extraPerMonth, costUsd, monthsUntilAvailable }</c>.</param>
    /// <param name="Stocks">Initial stocks: <c>{ partId, facilityId, quantity }</c>.</param>
    /// <param name="Demand">Demand schedule: <c>{ partId, month, quantity, priority }</c>.</param>
    /// <param name="EmptyPipeline">Start from nothing in flight (a new item) instead of the base making the items at its steady-state rate.</param>
    /// <param name="Save">Save the plans as a run (readable by you only).</param>
    /// <param name="Name">The saved run's name (default: items, objective and horizon).</param>
    public sealed record PlanBody(
        IReadOnlyList<string>? Items,
        int? Months = null,
        string? Objective = null,
        double? Target = null,
        int? By = null,
        IReadOnlyList<SurgeScenarioQuestion>? Scenarios = null,
        IReadOnlyList<SurgeExpansion>? Expansions = null,
        IReadOnlyList<SurgeStock>? Stocks = null,
        IReadOnlyList<SurgeDemand>? Demand = null,
        bool EmptyPipeline = false,
        bool Save = false,
        string? Name = null)
    {
        public SurgeQuestion ToQuestion() => new(Items, Months, Objective, Target, By, Scenarios, Expansions, Stocks, Demand, EmptyPipeline);
    }

    /// <summary>The answer of <c>POST /api/surge/plan</c>: the saved run's id when saved, one plan per scenario, the question as checked.</summary>
    public sealed record PlanResponse(string? RunId, IReadOnlyList<SurgePlan> Plans, SurgeQuestion Question, int HiddenOffers);

    /// <summary>The body of <c>POST /api/surge/rate</c>: items and one scenario (units lost, units qualified, expansions taken as built).</summary>
    public sealed record RateBody(
        IReadOnlyList<string>? Items,
        IReadOnlyList<string>? Remove = null,
        IReadOnlyList<string>? Qualify = null,
        bool WithExpansions = false,
        IReadOnlyList<SurgeExpansion>? Expansions = null);

    /// <summary>The saved runs the caller may read, newest first.</summary>
    public sealed record RunList(IReadOnlyList<SurgeRunSummary> Runs);

    public static IEndpointRouteBuilder MapSurgeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/surge").WithTags("Surge").RequireAuthorization();

        group.MapPost("/plan", async Task<IResult> (HttpContext context, SurgeService service, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<PlanBody>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            return await GuardAsync(async () =>
            {
                var trail = context.AuditTrail();
                var answer = await service.PlanAsync(body!.ToQuestion(), trail, ct);
                var run = body.Save ? await service.SaveAsync(body.Name, answer, trail, ct) : null;
                return TypedResults.Ok(new PlanResponse(run?.Id, answer.Plans, answer.Question, answer.HiddenOffers));
            });
        }).Accepts<PlanBody>("application/json")
          .Produces<PlanResponse>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .WithName("SurgePlan")
          .WithSummary("Plan surge production: deliveries per month of the end items under each scenario side by side, the binding capacities with their value, the expansions and qualifications chosen, and why a plan delivers nothing or misses its target.")
          .WithDescription("Body `{ \"items\": [\"p-int\"], \"months\": 24, \"objective\": \"max|shortfall|cost\", \"target\": 10, \"by\": 18, \"scenarios\": [ { \"name\": \"lose CN\", \"remove\": [\"country:CN\"], \"qualify\": [\"country:JP\"], \"withExpansions\": false, \"demandFactor\": 1.5 } ], \"expansions\": [], \"stocks\": [], \"demand\": [], \"emptyPipeline\": false, \"save\": false, \"name\": null }`. Units are kind:id (offer, facility, organization, country, region). `target`/`by` only with objective cost; `demand` is required for shortfall.");

        group.MapPost("/rate", async Task<IResult> (HttpContext context, SurgeService service, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<RateBody>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            return await GuardAsync(async () => TypedResults.Ok(await service.RateAsync(body!.Items,
                new SurgeScenarioQuestion(null, body.Remove, body.Qualify, body.WithExpansions), body.Expansions, context.AuditTrail(), ct)));
        }).Accepts<RateBody>("application/json")
          .Produces<SurgeRate>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .WithName("SurgeRate")
          .WithSummary("The steady-state maximum monthly output of the items (pipeline full, no lead times), what binds it and the value of one more unit of each binding capacity.")
          .WithDescription("Body `{ \"items\": [\"p-int\"], \"remove\": [\"country:CN\"], \"qualify\": [\"country:JP\"], \"withExpansions\": false, \"expansions\": [] }`.");

        group.MapGet("/runs", async Task<Ok<RunList>> (SurgeService service, CancellationToken ct) =>
            TypedResults.Ok(new RunList(await service.ListAsync(ct))))
          .WithName("ListSurgeRuns")
          .WithSummary($"Saved surge runs the caller may read (their own), newest first, at most {SurgeService.MaxListed}.");

        group.MapGet("/runs/{id}", async Task<IResult> (SurgeService service, string id, CancellationToken ct) =>
            await service.GetAsync(id, ct) is { } run ? TypedResults.Ok(run) : NotFound(id))
          .Produces<SurgeRunView>(StatusCodes.Status200OK)
          .ProducesProblem(StatusCodes.Status404NotFound)
          .WithName("GetSurgeRun")
          .WithSummary("One saved run: its question (with its planning data) and its plans, exactly as saved. 404 when there is none or it is not yours.");

        group.MapGet("/runs/{id}/briefing", async Task<IResult> (SurgeService service, string id, CancellationToken ct) =>
        {
            if (await service.BriefingAsync(id, ct) is not { } markdown)
            {
                return NotFound(id);
            }
            return TypedResults.File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", $"surge-briefing-{SafeName(id)}.md");
        }).Produces<string>(StatusCodes.Status200OK, "text/markdown")
          .ProducesProblem(StatusCodes.Status404NotFound)
          .WithName("SurgeRunBriefing")
          .WithSummary("A saved run's Markdown briefing (download): the question, each scenario's results, deliveries per month side by side, bottlenecks, expansions and qualifications, explanations.");

        return app;
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"no saved surge run '{SafeName(id)}' you may read");

    private static string SafeName(string? id) =>
        new((id ?? "run").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(64).ToArray());

    /// <summary>Runs a question: bad input → 400 naming the field.</summary>
    private static async Task<IResult> GuardAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (SurgeValidationException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors);
        }
    }
}
