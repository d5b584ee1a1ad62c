using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Transfers;
using Musubi.Web.Auth;

namespace Musubi.Web.Api;

/// <summary>
/// Transfer eligibility (issue #3): evaluate cases, an eligibility timeline, the rules in force, and saved checks with
/// their reproduction. Evaluating, the timeline and the rules are open to every caller (they read no records); saving a
/// check needs one of <see cref="Roles.TransferCheckers"/>; saved checks are read through the access policy.
/// </summary>
public static class TransfersEndpoints
{
    /// <summary>The body of <c>POST /api/transfers/timeline</c>.</summary>
    /// <param name="Case">One case, in the shape <c>POST /api/transfers/evaluate</c> takes (its date is checked but the range decides).</param>
    /// <param name="From">First date of the range (YYYY-MM-DD), on or after 1967-01-01.</param>
    /// <param name="To">Last date of the range (YYYY-MM-DD), at most ten years after today.</param>
    public sealed record TimelineRequest(TransferCase Case, string From, string To);

    /// <summary>A saved check in a list.</summary>
    public sealed record CheckSummary(
        string Id, string? CaseId, DateTimeOffset CreatedAt, string CreatedBy, string From, string To, string? ItemName,
        string? Program, DateOnly AsOf, string Verdict, string RuleSetHash, string? Marking, string? NeedToKnow);

    /// <summary>A saved check with its input and answer.</summary>
    public sealed record CheckView(
        string Id, string? CaseId, DateTimeOffset CreatedAt, string CreatedBy, string From, string To, string? ItemName,
        string? Program, DateOnly AsOf, string Verdict, string RuleSetHash, string? Marking, string? NeedToKnow,
        JsonElement Input, JsonElement Result);

    /// <summary>The answer of <c>POST /api/transfers/checks/{id}/reproduce</c>.</summary>
    public sealed record ReproductionView(
        string Id, string RuleSetHash, bool Matches, string SavedVerdict, string ReproducedVerdict,
        JsonElement Saved, JsonElement Reproduced, string CurrentRuleSetHash, string CurrentVerdict);

    public static IServiceCollection AddMusubiTransfers(this IServiceCollection services)
    {
        services.AddSingleton(sp => new TransferService(sp.GetRequiredService<TimeProvider>(), sp.GetService<RuleSet>()));
        return services;
    }

    public static CheckSummary Summary(TransferCheck c) => new(c.Id, c.CaseId, c.CreatedAt, c.CreatedBy, c.From, c.To, c.ItemName,
        c.Program, c.AsOf, c.Verdict, c.RuleSetHash, c.Marking.FileBanner is { Length: > 0 } b ? b : null, c.Marking.NeedToKnow);

    public static CheckView View(TransferCheck c) => new(c.Id, c.CaseId, c.CreatedAt, c.CreatedBy, c.From, c.To, c.ItemName,
        c.Program, c.AsOf, c.Verdict, c.RuleSetHash, c.Marking.FileBanner is { Length: > 0 } b ? b : null, c.Marking.NeedToKnow,
        Element(c.InputJson), Element(c.ResultJson));

    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        return document.RootElement.Clone();
    }

    public static IEndpointRouteBuilder MapTransfersEndpoints(this IEndpointRouteBuilder app)
    {
        var transfers = app.MapGroup("/api/transfers").WithTags("Transfers");

        transfers.MapPost("/evaluate", async Task<IResult> (HttpContext context, TransferService service, AppDbContext db,
            [FromQuery] string? asOf, [FromQuery] bool? save, [FromQuery] string? marking, [FromQuery] string? needToKnow, CancellationToken ct) =>
        {
            var (body, bodyProblem) = await ReadBodyAsync(context.Request, ct);
            if (bodyProblem is not null)
            {
                return bodyProblem;
            }
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var date = service.ParseDate(asOf, "asOf", errors);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            var input = service.Read(body!, date);
            if (!input.Ok)
            {
                return TypedResults.ValidationProblem(input.Errors);
            }
            var evaluated = service.Evaluate(input, date);
            context.Response.Headers["X-Rule-Set"] = service.Rules.Hash;
            var results = evaluated.Select(e => JsonNode.Parse(TransferService.ToJson(e.Result))!.AsObject()).ToList();
            if (save == true)
            {
                if (context.User.Identity?.IsAuthenticated != true)
                {
                    return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "sign in (or send an API token) to save checks");
                }
                if (!Roles.TransferCheckers.Any(context.User.IsInRole))
                {
                    return TypedResults.Problem(statusCode: 403, title: "Forbidden",
                        detail: $"saving a transfer check needs one of the roles {string.Join(", ", Roles.TransferCheckers)}");
                }
                var mark = TransferService.CheckMarking(marking, needToKnow, db.Scope, errors);
                if (mark is null)
                {
                    return TypedResults.ValidationProblem(errors);
                }
                var checks = await service.SaveAsync(db, evaluated, mark, context.AuditTrail(), ct);
                for (var i = 0; i < checks.Count; i++)
                {
                    results[i]["checkId"] = checks[i].Id;
                    results[i]["ruleSetHash"] = checks[i].RuleSetHash;
                }
                if (checks.Count == 1)
                {
                    context.Response.Headers.Location = "/api/transfers/checks/" + checks[0].Id;
                }
                context.Response.StatusCode = StatusCodes.Status201Created;
            }
            var json = input.WasArray ? new JsonArray([.. results]).ToJsonString() : results[0].ToJsonString();
            return Results.Content(json, "application/json", Encoding.UTF8, context.Response.StatusCode);
        }).Accepts<TransferCase>("application/json")
          .Produces<TransferResult>(StatusCodes.Status200OK)
          .Produces<TransferResult>(StatusCodes.Status201Created)
          .ProducesValidationProblem()
          .WithName("EvaluateTransfers")
          .WithSummary("Evaluates one case, or a JSON array of cases (answers in the same order).")
          .WithDescription("""
              The body is one case ({"date","from","to","item":{"kind",…},…}, issue #3's contract) or an array of them. `asOf`
              (YYYY-MM-DD) evaluates every case as of that date instead of its own. `save=true` stores each case and its answer
              as a check with the rule set's content hash (201; each answer gains `checkId` and `ruleSetHash`); it needs the role
              contributor, program_manager, compliance_officer or administrator. `marking` (a banner such as `CUI//REL TO USA, JPN`)
              and `needToKnow` (a program id) mark the saved checks; the access policy then decides who reads them. Dates must lie
              between 1967-01-01 and ten years after today. Errors are 400 ProblemDetails naming the field (`[2].item.kind`, `date`),
              with line and column for malformed JSON. The response header X-Rule-Set carries the rule set's hash.
              """);

        transfers.MapPost("/timeline", async Task<IResult> (HttpContext context, TransferService service, CancellationToken ct) =>
        {
            var (body, bodyProblem) = await ReadBodyAsync(context.Request, ct);
            if (bodyProblem is not null)
            {
                return bodyProblem;
            }
            var (caseJson, from, to, errors) = SplitTimeline(body!, service);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            var input = service.Read(caseJson!, from);
            if (!input.Ok)
            {
                return TypedResults.ValidationProblem(input.Errors.ToDictionary(e => "case" + (e.Key.StartsWith('[') ? "" : ".") + e.Key, e => e.Value, StringComparer.Ordinal));
            }
            if (input.WasArray)
            {
                return ApiBody.Problem("case", "give one case (a JSON object), not an array");
            }
            context.Response.Headers["X-Rule-Set"] = service.Rules.Hash;
            return Results.Content(TransferService.ToJson(service.Timeline(input.Cases[0].Case, from!.Value, to!.Value)), "application/json", Encoding.UTF8);
        }).Accepts<TimelineRequest>("application/json")
          .Produces<TransferTimeline>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .WithName("TransferTimeline")
          .WithSummary("Every date in [from, to] on which one case's answer changes, and the rules that changed it.")
          .WithDescription("""
              Body: {"case": {…one case, as for /api/transfers/evaluate…}, "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}. The case is read
              exactly as for evaluate (its `date` is required) but the range decides the dates; `initial` is the answer on `from`, then `changes` lists each date on
              which the verdict, approvals or notifications change, with the rules that started or ended. Errors name the field
              (`case.item.kind`, `from`), with line and column for malformed JSON.
              """);

        transfers.MapGet("/checks", async Task<Results<Ok<PagedList<CheckSummary>>, ValidationProblem>> (AppDbContext db,
            [FromQuery] string? verdict, [FromQuery] string? program, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct) =>
        {
            var query = new TransferCheckQuery
            {
                Verdict = verdict,
                Program = program,
                Page = page ?? 1,
                PageSize = pageSize ?? 50,
            };
            var errors = TransferService.Check(query);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            var list = await TransferService.ListAsync(db, query, ct);
            return TypedResults.Ok(new PagedList<CheckSummary>([.. list.Items.Select(Summary)], list.Total, list.PageNumber, list.PageSize));
        }).WithName("ListTransferChecks").WithSummary("Saved transfer checks the caller may read, newest first; filter by verdict and program (item.program).");

        transfers.MapGet("/checks/{id}", async Task<Results<Ok<CheckView>, ProblemHttpResult>> (string id, HttpContext context, AppDbContext db, CancellationToken ct) =>
        {
            var check = await TransferService.FindAsync(db, id, ct);
            if (check is null)
            {
                return NotFound(id);
            }
            await context.AuditMarkedReadAsync(db, "transfers/checks", check, ct);
            return TypedResults.Ok(View(check));
        }).WithName("GetTransferCheck").WithSummary("One saved check: its input, its answer and the hash of the rule set that answered.");

        transfers.MapPost("/checks/{id}/reproduce", async Task<Results<Ok<ReproductionView>, ProblemHttpResult>> (string id, HttpContext context, TransferService service, AppDbContext db, CancellationToken ct) =>
        {
            Reproduction? r;
            try
            {
                r = await service.ReproduceAsync(db, id, ct);
            }
            catch (NotReproducibleException e)
            {
                return TypedResults.Problem(statusCode: 409, title: "Cannot reproduce", detail: e.Message);
            }
            if (r is null)
            {
                return NotFound(id);
            }
            await context.AuditMarkedReadAsync(db, "transfers/checks", r.Check, ct);
            return TypedResults.Ok(new ReproductionView(r.Check.Id, r.Check.RuleSetHash, r.Matches, r.Check.Verdict, r.ReproducedVerdict,
                Element(r.Check.ResultJson), Element(r.ReproducedJson), r.CurrentHash, r.CurrentVerdict));
        }).WithName("ReproduceTransferCheck")
          .WithSummary("Re-evaluates a saved check with the rule set stored under its hash: `matches` says whether the answer is the same; `currentVerdict` is what today's rules say.");

        app.MapGet("/api/rules", Results<Ok<RulesView>, ValidationProblem> (TransferService service, [FromQuery] string? jurisdiction, [FromQuery] string? asOf) =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var view = service.ListRules(jurisdiction, asOf, errors);
            return view is null ? TypedResults.ValidationProblem(errors) : TypedResults.Ok(view);
        }).WithTags("Transfers").WithName("ListRules")
          .WithSummary("The transfer rules with their effective dates, effects, approvals, citations and conditions; filter by jurisdiction (JP, US…) and asOf (in force on that date).");
        return app;
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"transfer check '{id}' does not exist or you may not read it");

    private static async Task<(string? Body, ValidationProblem? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is null || !request.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiBody.Problem("body", "send the case as application/json"));
        }
        try
        {
            using var reader = new StreamReader(request.Body, new UTF8Encoding(false, true));
            var text = await reader.ReadToEndAsync(ct);
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                return (null, ApiBody.Problem("body", "text may not contain the NUL character (U+0000)"));
            }
            return (text, null);
        }
        catch (DecoderFallbackException)
        {
            return (null, ApiBody.Problem("body", "the body is not valid UTF-8"));
        }
    }

    /// <summary>
    /// Splits a timeline body into the case's JSON and the two dates. The case's text keeps its position (everything
    /// else is blanked to spaces, newlines kept), so line and column numbers in its errors are those of the body.
    /// </summary>
    internal static (string? CaseJson, DateOnly? From, DateOnly? To, Dictionary<string, string[]> Errors) SplitTimeline(string body, TransferService service)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(body);
        string? from = null, to = null;
        (long Start, long End)? span = null;
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                errors["body"] = ["the body is {\"case\": {…}, \"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"}"];
                return (null, null, null, errors);
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "case":
                        var start = reader.TokenStartIndex;
                        reader.Skip();
                        span = (start, reader.BytesConsumed);
                        break;
                    case "from" or "to":
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            errors[name] = ["must be a date as a string (YYYY-MM-DD)"];
                            reader.Skip();
                            break;
                        }
                        if (name == "from")
                        {
                            from = reader.GetString();
                        }
                        else
                        {
                            to = reader.GetString();
                        }
                        break;
                    default:
                        errors[name ?? "body"] = ["unknown field; the body has case, from and to"];
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            errors["body"] = [string.Create(CultureInfo.InvariantCulture, $"malformed JSON (line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1})")];
            return (null, null, null, errors);
        }
        if (span is null)
        {
            errors["case"] = ["required: the case to follow across the dates"];
        }
        if (from is null && !errors.ContainsKey("from"))
        {
            errors["from"] = ["required (YYYY-MM-DD)"];
        }
        if (to is null && !errors.ContainsKey("to"))
        {
            errors["to"] = ["required (YYYY-MM-DD)"];
        }
        var f = service.ParseDate(from, "from", errors);
        var t = service.ParseDate(to, "to", errors);
        if (f is { } a && t is { } b && b < a)
        {
            errors["to"] = [string.Create(CultureInfo.InvariantCulture, $"{b:yyyy-MM-dd} is before from ({a:yyyy-MM-dd})")];
        }
        if (errors.Count > 0)
        {
            return (null, null, null, errors);
        }
        var blanked = new byte[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            blanked[i] = i >= span!.Value.Start && i < span.Value.End ? bytes[i] : bytes[i] == (byte)'\n' ? (byte)'\n' : (byte)' ';
        }
        return (Encoding.UTF8.GetString(blanked), f, t, errors);
    }
}
