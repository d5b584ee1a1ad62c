using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Musubi.Core.Features.Network;
using Musubi.Engines.Network;
using Musubi.Web.Auth;

namespace Musubi.Web.Api;

/// <summary>
/// Supply-network risk (issue #5; docs/engines/network.md) under <c>/api/network</c>: end items, critical units and
/// pairs, concentration, disruption what-ifs, the tiered graph for the UI and the Markdown briefing. Readable by every
/// signed-in user; every answer is computed over the network the caller may see (the access policy, ADR 0002), and
/// each analysis is audited (<c>network.analyzed</c>). Bad input is a 400 ProblemDetails naming the field
/// (<c>item</c>, <c>unit</c>, <c>top</c>, <c>adversary</c>, <c>remove</c>, <c>items</c>).
/// </summary>
public static class NetworkEndpoints
{
    /// <summary>The body of <c>POST /api/network/disrupt</c>.</summary>
    /// <param name="Remove">Units lost together, each <c>kind:id</c> (offer, facility, organization, country, region), e.g. <c>country:CN</c>.</param>
    /// <param name="Items">End items to report (part ids); empty or absent: every end item.</param>
    public sealed record DisruptBody(IReadOnlyList<string>? Remove, IReadOnlyList<string>? Items = null);

    private const string UnitHelp = "`unit`: offer, facility, organization (default), country or region.";

    public static IEndpointRouteBuilder MapNetworkEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/network").WithTags("Network").RequireAuthorization();

        group.MapGet("/items", async Task<Ok<NetworkItems>> (NetworkService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ItemsAsync(ct)))
          .WithName("ListNetworkItems")
          .WithSummary("End items of the supply network the caller may see, with whether each is producible now and how many visible offers were left out because their part or facility is hidden.");

        group.MapGet("/critical", async Task<IResult> (HttpContext context, NetworkService service, [FromQuery] string? item, [FromQuery] string? unit, CancellationToken ct) =>
            await GuardAsync(async () => TypedResults.Ok(await service.CriticalAsync(item, NetworkQuestions.Unit(unit), context.AuditTrail(), ct))))
          .Produces<CriticalResult>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .WithName("NetworkCritical")
          .WithSummary("Single points of failure: the units whose loss alone makes the item unproducible, each with the chain of parts that explains why.")
          .WithDescription("`item`: a part id (an end item from /api/network/items). " + UnitHelp + " Exact (least-fixpoint feasibility over approved sources); cycles of the bill of materials are reported.");

        group.MapGet("/programs/{program}/critical", async Task<IResult> (HttpContext context, NetworkService service, string program, [FromQuery] string? unit, CancellationToken ct) =>
            await GuardAsync(async () => TypedResults.Ok(await service.ProgramCriticalAsync(program, NetworkQuestions.Unit(unit), context.AuditTrail(), ct))))
          .Produces<ProgramCritical>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .WithName("NetworkProgramCritical")
          .WithSummary("Single points of failure of every end item of a program: one critical-units result per end item, the end items outside the caller's network, and the units that stop more than one end item.")
          .WithDescription("`program`: a program id from /api/programs. " + UnitHelp);

        group.MapGet("/pairs", async Task<IResult> (HttpContext context, NetworkService service, [FromQuery] string? item, [FromQuery] string? unit, [FromQuery] string? top, CancellationToken ct) =>
            await GuardAsync(async () =>
            {
                var n = ParseInt(top, "top");
                return TypedResults.Ok(await service.PairsAsync(item, NetworkQuestions.Unit(unit), n, context.AuditTrail(), ct));
            }))
          .Produces<CriticalPairsResult>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .WithName("NetworkPairs")
          .WithSummary("Pairs of units, neither critical alone, whose joint loss stops the item, ranked by the capacity they hold upstream.")
          .WithDescription("`item`: a part id. " + UnitHelp + " `top`: 1–1000 pairs (default 20).");

        group.MapGet("/concentration", async Task<IResult> (HttpContext context, NetworkService service, [FromQuery] string? item, [FromQuery] string[]? adversary, CancellationToken ct) =>
            await GuardAsync(async () => TypedResults.Ok(await service.ConcentrationAsync(item, NetworkQuestions.Adversaries(adversary), context.AuditTrail(), ct))))
          .Produces<ConcentrationResult>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .WithName("NetworkConcentration")
          .WithSummary("Concentration per tier and part upstream of the item: shares of qualified capacity by country and organization, HHI, single- and sole-source parts, adversary and flagged shares.")
          .WithDescription("`item`: a part id. `adversary`: ISO alpha-2 codes, comma-separated or repeated (default CN,RU,KP,IR). Flagged organizations are those with open or confirmed screening hits the caller may see.");

        group.MapPost("/disrupt", async Task<IResult> (HttpContext context, NetworkService service, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<DisruptBody>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            return await GuardAsync(async () => TypedResults.Ok(await service.DisruptAsync(body!.Remove, body.Items, context.AuditTrail(), ct)));
        }).Accepts<DisruptBody>("application/json")
          .Produces<DisruptionResult>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .WithName("NetworkDisrupt")
          .WithSummary("What-if: remove units and see, per end item, producibility and maximum monthly output before and after, the recovery by qualification, and the parts that lose capacity.")
          .WithDescription("Body `{ \"remove\": [\"country:CN\"], \"items\": [] }`: `remove` is required (kind:id, kinds offer, facility, organization, country, region); `items` limits the report to those end items.");

        group.MapGet("/graph", async Task<IResult> (HttpContext context, NetworkService service, [FromQuery] string? item, [FromQuery] string? unit, CancellationToken ct) =>
            await GuardAsync(async () => TypedResults.Ok(await service.GraphAsync(item, NetworkQuestions.Unit(unit), context.AuditTrail(), ct))))
          .Produces<NetworkGraph>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .WithName("NetworkGraph")
          .WithSummary("The item's network for drawing: parts by tier with their inputs and offers (facility, organization, country, capacity, qualified, producing) and which offers' units are critical.")
          .WithDescription("`item`: a part id. " + UnitHelp);

        group.MapGet("/briefing", async Task<IResult> (HttpContext context, NetworkService service, [FromQuery] string? item, [FromQuery] string? unit, [FromQuery] string[]? remove, CancellationToken ct) =>
            await GuardAsync(async () =>
            {
                var markdown = await service.BriefingAsync(item, NetworkQuestions.Unit(unit), remove, context.AuditTrail(), ct);
                var name = string.Create(CultureInfo.InvariantCulture, $"network-briefing-{SafeName(item)}.md");
                return TypedResults.File(Encoding.UTF8.GetBytes(markdown), "text/markdown; charset=utf-8", name);
            }))
          .Produces<string>(StatusCodes.Status200OK, "text/markdown")
          .ProducesValidationProblem()
          .WithName("NetworkBriefing")
          .WithSummary("A Markdown briefing on the item (download): critical units with why, top pairs, concentration by tier, and the what-if of `remove` (repeatable kind:id).")
          .WithDescription("`item`: a part id. " + UnitHelp + " `remove`: optional units to lose, each kind:id.");

        return app;
    }

    private static int? ParseInt(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new NetworkValidationException(field, $"'{text}' is not a whole number");
    }

    private static string SafeName(string? item) =>
        new((item ?? "item").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(64).ToArray());

    /// <summary>Runs an analysis: bad input → 400 naming the field.</summary>
    private static async Task<IResult> GuardAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (NetworkValidationException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors);
        }
    }
}
