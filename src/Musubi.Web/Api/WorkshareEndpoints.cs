using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Musubi.Core.Features.Workshare;
using Musubi.Engines.Optimization.Workshare;
using Musubi.Web.Auth;

namespace Musubi.Web.Api;

/// <summary>
/// The workshare allocator (issue #7; docs/engines/workshare.md) under <c>/api/workshare</c>: allocations and mode
/// comparisons of the issue's JSON or of a registry program with its planning file, saved runs, the ledger and its
/// contracts. Any signed-in user; a registry program, its organizations and its ledger are read through the access
/// policy (ADR 0002) — a program the caller may not see is a 404, as one that does not exist. Audited
/// (<c>workshare.allocated</c>, <c>workshare.saved</c>, <c>workshare.contract_added</c>); a saved run is read by its
/// creator only. Bad input is a 400 ProblemDetails whose <c>errors</c> are keyed by field path
/// (<c>workPackages[2].cost</c>, <c>nations</c>, <c>mode</c>, <c>plan.companies[0].id</c>); an infeasible program is
/// not an error but a 200 with <c>status</c> <c>infeasible</c> and its conflicts. JSON writes enums as camelCase strings.
/// </summary>
public static class WorkshareEndpoints
{
    /// <summary>The fields of a registry question (<c>{ "programId": … }</c>); any other body is the issue's JSON, which may add <c>save</c> and <c>name</c>.</summary>
    private static readonly string[] RegistryFields = ["programId", "plan", "mode", "lambda", "mu", "kappa", "timeLimitSeconds", "save", "name"];

    private static readonly string[] InputExtraFields = ["save", "name"];

    /// <summary>The answer of <c>POST /api/workshare/allocate</c>: the saved run's id when saved, the registry program (null for the issue's JSON), the result, and notes on how the problem was built.</summary>
    public sealed record AllocateResponse(string? RunId, string? ProgramId, WorkshareResult Result, IReadOnlyList<string> Notes, IReadOnlyList<WorkshareRelease> Releases);

    /// <summary>The answer of <c>POST /api/workshare/compare</c>: compartmentalized, integrated and blend side by side.</summary>
    public sealed record CompareResponse(string? RunId, string? ProgramId, IReadOnlyList<WorkshareResult> Results, IReadOnlyList<string> Notes, IReadOnlyList<WorkshareRelease> Releases);

    /// <summary>The saved runs the caller may read, newest first.</summary>
    public sealed record RunList(IReadOnlyList<WorkshareRunSummary> Runs);

    /// <summary>The body of <c>POST /api/workshare/ledger/contracts</c>.</summary>
    public sealed record ContractBody(string? ProgramId, string? Nation, double? ValueUsd, string? Date, string? CompanyId = null, string? Reference = null);

    public static IEndpointRouteBuilder MapWorkshareEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/workshare").WithTags("Workshare").RequireAuthorization();

        group.MapPost("/allocate", async Task<Results<JsonHttpResult<AllocateResponse>, ValidationProblem, ProblemHttpResult>> (HttpContext context, WorkshareService service, CancellationToken ct) =>
        {
            var (question, save, name, problem) = await ReadQuestionAsync(context.Request, ct);
            if (problem is not null)
            {
                return problem;
            }
            try
            {
                var trail = context.AuditTrail();
                var answer = await service.AllocateAsync(question!, trail, ct);
                var run = save ? await service.SaveAsync(name, answer, trail, ct) : null;
                return TypedResults.Json(new AllocateResponse(run?.Id, answer.ProgramId, answer.Result, answer.Notes, answer.Releases), WorkshareService.Json);
            }
            catch (WorkshareInputException ex)
            {
                return Invalid(ex);
            }
            catch (WorkshareNotFoundException ex)
            {
                return NotFound(ex);
            }
        }).Accepts<JsonElement>("application/json")
          .WithName("WorkshareAllocate")
          .WithSummary("Allocate each work package to one capable company whose nation may receive its data, capacities and the balance respected, at least cost + λ·cross-border interfaces + μ·share deviation; or name the limits that conflict.")
          .WithDescription("Body: the issue's JSON `{ \"program\", \"nations\": [ { \"code\", \"share\" } ], \"tolerance\", \"policy\", \"workPackages\": [ { \"id\", \"name\", \"cost\", \"capabilities\", \"subsystem\", \"releasableTo\", \"fixedCompany\", \"transfer\": { issue #3 case without \"to\" } } ], \"companies\": [ { \"id\", \"name\", \"nation\", \"capabilities\", \"capacity\", \"costFactor\", \"pastPerformance\" } ], \"interfaces\": [ { \"a\", \"b\", \"weight\" } ], \"history\", \"mode\", \"lambda\", \"mu\", \"kappa\", \"timeLimitSeconds\", \"save\", \"name\" }`, or a registry program `{ \"programId\", \"plan\": { planning file }, \"mode\": \"compartmentalized|integrated|blend\", \"lambda\", \"mu\", \"kappa\", \"timeLimitSeconds\", \"save\": false, \"name\" }` (plan null: the demo's data/demo/workshare/PROGRAM.json when it exists). 404 when the program is unknown or not visible to you.");

        group.MapPost("/compare", async Task<Results<JsonHttpResult<CompareResponse>, ValidationProblem, ProblemHttpResult>> (HttpContext context, WorkshareService service, CancellationToken ct) =>
        {
            var (question, save, name, problem) = await ReadQuestionAsync(context.Request, ct);
            if (problem is not null)
            {
                return problem;
            }
            try
            {
                var trail = context.AuditTrail();
                var answer = await service.CompareAsync(question!, trail, ct);
                var run = save ? await service.SaveAsync(name, answer, trail, ct) : null;
                return TypedResults.Json(new CompareResponse(run?.Id, answer.ProgramId, answer.Results, answer.Notes, answer.Releases), WorkshareService.Json);
            }
            catch (WorkshareInputException ex)
            {
                return Invalid(ex);
            }
            catch (WorkshareNotFoundException ex)
            {
                return NotFound(ex);
            }
        }).Accepts<JsonElement>("application/json")
          .WithName("WorkshareCompare")
          .WithSummary("The three modes (compartmentalized, integrated, blend) side by side with the same λ, μ, κ.")
          .WithDescription("Body as POST /api/workshare/allocate (its mode is ignored).");

        group.MapGet("/runs", async Task<JsonHttpResult<RunList>> (WorkshareService service, CancellationToken ct) =>
            TypedResults.Json(new RunList(await service.ListRunsAsync(ct)), WorkshareService.Json))
          .WithName("ListWorkshareRuns")
          .WithSummary($"Saved workshare runs the caller may read (their own), newest first, at most {WorkshareService.MaxListed}.");

        group.MapGet("/runs/{id}", async Task<Results<JsonHttpResult<WorkshareRunView>, ProblemHttpResult>> (WorkshareService service, string id, CancellationToken ct) =>
            await service.GetRunAsync(id, ct) is { } run
                ? TypedResults.Json(run, WorkshareService.Json)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"no saved workshare run '{SafeName(id)}' you may read"))
          .WithName("GetWorkshareRun")
          .WithSummary("One saved run: its problem, options and results, exactly as saved. 404 when there is none or it is not yours.");

        group.MapGet("/ledger", async Task<Results<JsonHttpResult<WorkshareLedger>, ProblemHttpResult>> (WorkshareService service, string? program, CancellationToken ct) =>
        {
            try
            {
                return TypedResults.Json(await service.LedgerAsync(program, ct), WorkshareService.Json);
            }
            catch (WorkshareNotFoundException ex)
            {
                return NotFound(ex);
            }
        }).WithName("WorkshareLedger")
          .WithSummary("Each nation's work share against its cost share per program (from recorded contracts, else your latest saved allocation) and globally, flagged beyond the tolerance; the contracts and the shares over time. ?program=ID for one program (404 when unknown or not visible to you).");

        group.MapPost("/ledger/contracts", async Task<Results<Created<WorkshareContractView>, ValidationProblem, ProblemHttpResult>> (HttpContext context, WorkshareService service, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<ContractBody>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            try
            {
                var view = await service.AddContractAsync(new WorkshareContractInput(body!.ProgramId, body.Nation, body.ValueUsd, body.Date, body.CompanyId, body.Reference), context.AuditTrail(), ct);
                return TypedResults.Created($"/api/workshare/ledger?program={Uri.EscapeDataString(view.ProgramId)}", view);
            }
            catch (WorkshareInputException ex)
            {
                return Invalid(ex);
            }
            catch (WorkshareNotFoundException ex)
            {
                return NotFound(ex);
            }
        }).Accepts<ContractBody>("application/json")
          .WithName("WorkshareAddContract")
          .WithSummary("Record a contract in a program's ledger: `{ \"programId\", \"nation\", \"valueUsd\", \"date\": \"YYYY-MM-DD\", \"companyId\", \"reference\" }` (audited). 404 when the program is unknown or not visible to you.");

        return app;
    }

    // A position is the body's line and column for the issue's JSON; a plan's would count from its own opening brace, so
    // its errors carry their path (plan.…) only.
    private static ValidationProblem Invalid(WorkshareInputException ex) =>
        TypedResults.ValidationProblem(ex.Errors
            .GroupBy(e => e.Field == "$" ? (e.Source == "plan" ? "plan" : "body") : e.Source == "plan" ? "plan." + e.Field : e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Line > 0 && e.Source == "input" ? $"{e.Message} (line {e.Line}, column {e.Column})" : e.Message).ToArray(), StringComparer.Ordinal));

    private static ProblemHttpResult NotFound(WorkshareNotFoundException ex) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"unknown {ex.What} '{SafeName(ex.Id)}'");

    private static string SafeName(string? id) =>
        new((id ?? "").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').Take(64).ToArray());

    /// <summary>
    /// Reads the body as the issue's JSON (any object without <c>programId</c>) or a registry question; every problem is
    /// a 400 naming its field.
    /// </summary>
    private static async Task<(WorkshareQuestion? Question, bool Save, string? Name, ValidationProblem? Problem)> ReadQuestionAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is null || !request.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, false, null, ApiBody.Problem("body", "send the question as application/json"));
        }
        string text;
        try
        {
            using var reader = new StreamReader(request.Body, new System.Text.UTF8Encoding(false, true));
            text = await reader.ReadToEndAsync(ct);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return (null, false, null, ApiBody.Problem("body", "the body is not valid UTF-8"));
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return (null, false, null, ApiBody.Problem("body", "text may not contain the NUL character (U+0000)"));
        }
        try
        {
            var json = WorkshareJson.Parse(text, "input");
            var root = json.Root;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, false, null, ApiBody.Problem("body", "must be a JSON object"));
            }
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var save = false;
            string? name = null;
            if (root.TryGetProperty("save", out var s) && s.ValueKind != JsonValueKind.Null)
            {
                if (s.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    save = s.GetBoolean();
                }
                else
                {
                    errors["save"] = ["must be true or false"];
                }
            }
            if (root.TryGetProperty("name", out var n) && n.ValueKind != JsonValueKind.Null)
            {
                if (n.ValueKind == JsonValueKind.String)
                {
                    name = n.GetString();
                }
                else
                {
                    errors["name"] = ["must be a string"];
                }
            }
            if (!root.TryGetProperty("programId", out var programId))
            {
                if (errors.Count > 0)
                {
                    return (null, false, null, TypedResults.ValidationProblem(errors));
                }
                // The issue's JSON: read (and checked) by the service, which reports every field with its position.
                return (new WorkshareQuestion(InputJson: text, ExtraFields: InputExtraFields), save, name, null);
            }
            foreach (var p in root.EnumerateObject())
            {
                if (!RegistryFields.Contains(p.Name, StringComparer.Ordinal))
                {
                    errors[p.Name] = ["unknown field (expected one of: " + string.Join(", ", RegistryFields) + ")"];
                }
            }
            string? id = null;
            if (programId.ValueKind == JsonValueKind.String && programId.GetString() is { Length: > 0 } v)
            {
                id = v;
            }
            else
            {
                errors["programId"] = ["must be a program id"];
            }
            string? plan = null;
            if (root.TryGetProperty("plan", out var pl) && pl.ValueKind != JsonValueKind.Null)
            {
                if (pl.ValueKind == JsonValueKind.Object)
                {
                    plan = pl.GetRawText();
                }
                else
                {
                    errors["plan"] = ["must be a planning-file object (docs/formats.md)"];
                }
            }
            WorkshareMode? mode = null;
            if (root.TryGetProperty("mode", out var m) && m.ValueKind != JsonValueKind.Null)
            {
                if (m.ValueKind == JsonValueKind.String && WorkshareInputReader.TryMode(m.GetString(), out var parsed))
                {
                    mode = parsed;
                }
                else
                {
                    errors["mode"] = [$"unknown mode {(m.ValueKind == JsonValueKind.String ? "'" + SafeName(m.GetString()) + "'" : m.GetRawText())} (expected one of: compartmentalized, integrated, blend)"];
                }
            }
            double? Number(string field)
            {
                if (!root.TryGetProperty(field, out var x) || x.ValueKind == JsonValueKind.Null)
                {
                    return null;
                }
                if (x.ValueKind == JsonValueKind.Number && x.TryGetDouble(out var d) && double.IsFinite(d))
                {
                    return d;
                }
                errors[field] = ["must be a number"];
                return null;
            }
            var question = new WorkshareQuestion(ProgramId: id, PlanJson: plan, Mode: mode, Lambda: Number("lambda"), Mu: Number("mu"), Kappa: Number("kappa"), TimeLimitSeconds: Number("timeLimitSeconds"));
            return errors.Count > 0 ? (null, false, null, TypedResults.ValidationProblem(errors)) : (question, save, name, null);
        }
        catch (WorkshareInputException ex)
        {
            return (null, false, null, Invalid(ex));
        }
    }
}
