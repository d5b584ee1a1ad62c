using Microsoft.AspNetCore.Mvc;
using Musubi.Core.Features.Matching;
using Musubi.Web.Auth;

namespace Musubi.Web.Api;

/// <summary>
/// Explained matchmaking (issue #8; docs/engines/matching.md) under <c>/api/match</c>: the suppliers ranked for a
/// requirement, and the open requirements ranked for an organization, each result with its explanation. Readable by
/// every signed-in user; every ranking runs over what the caller may see (the access policy, ADR 0002) and is audited
/// (<c>match.ranked</c>). A requirement or organization the caller may not see is a 404, the same as a missing one; bad
/// input is a 400 ProblemDetails naming the field (<c>top</c>, <c>weights</c>, <c>explainExcluded</c>).
/// </summary>
public static class MatchingEndpoints
{
    private const string WeightsHelp = "`weights`: optional `text=0.4,capability=0.3,…` (names text, capability, capacity, diversification, pastPerformance; unnamed ones keep the documented defaults).";

    public static IEndpointRouteBuilder MapMatchingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/match").WithTags("Matching").RequireAuthorization();

        group.MapGet("/requirements/{id}", async Task<IResult> (HttpContext context, MatchingService service, string id,
            [FromQuery] string? top, [FromQuery] string? explainExcluded, [FromQuery] string? weights, CancellationToken ct) =>
            await GuardAsync(async () =>
            {
                var n = MatchingQuestions.Top(top);
                var excluded = Flag(explainExcluded, "explainExcluded");
                var w = MatchingQuestions.Weights(weights);
                var result = await service.MatchRequirementAsync(id, n, excluded, w, context.AuditTrail(), ct);
                return result is null ? NotFound("requirement", id) : TypedResults.Ok(MatchingViews.Of(result));
            }))
          .Produces<MatchRequirementResponse>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status404NotFound)
          .WithName("MatchRequirement")
          .WithSummary("Suppliers ranked for a requirement: each facility with its score and explanation (filters passed, each score's value, weight and contribution), and on request the excluded candidates with why.")
          .WithDescription("`top`: 1–1000 (default 10). `explainExcluded`: true or false (default false). " + WeightsHelp + " 404 when the requirement does not exist or the caller may not see it or its program.");

        group.MapGet("/suppliers/{orgId}", async Task<IResult> (HttpContext context, MatchingService service, string orgId,
            [FromQuery] string? top, [FromQuery] string? weights, CancellationToken ct) =>
            await GuardAsync(async () =>
            {
                var n = MatchingQuestions.Top(top);
                var w = MatchingQuestions.Weights(weights);
                var result = await service.MatchSupplierAsync(orgId, n, w, context.AuditTrail(), ct);
                return result is null ? NotFound("organization", orgId) : TypedResults.Ok(MatchingViews.Of(result));
            }))
          .Produces<MatchSupplierResponse>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status404NotFound)
          .WithName("MatchSupplier")
          .WithSummary("Open requirements ranked for an organization (\"opportunities\"): each with the organization's best facility, its score and explanation.")
          .WithDescription("`top`: 1–1000 (default 10). " + WeightsHelp + " 404 when the organization does not exist or the caller may not see it.");

        return app;
    }

    private static bool Flag(string? text, string field) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "0" => false,
        "true" or "1" => true,
        _ => throw new MatchingQuestionException(field, $"'{text}' is not true or false"),
    };

    private static IResult NotFound(string what, string id) =>
        TypedResults.Problem(title: "Not found", detail: $"no {what} '{SafeName(id)}' visible to you", statusCode: StatusCodes.Status404NotFound);

    private static string SafeName(string id) =>
        new(id.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(64).ToArray());

    /// <summary>Runs a ranking: bad input → 400 naming the field.</summary>
    private static async Task<IResult> GuardAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (MatchingQuestionException ex)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [ex.Field] = [ex.Message] });
        }
    }
}
