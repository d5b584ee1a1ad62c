using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Screening;
using Musubi.Engines.Screening;
using Musubi.Web.Auth;

namespace Musubi.Web.Api;

/// <summary>
/// Denied-party screening (issue #4) under <c>/api/screening</c>: screen a name or a batch, list versions and their
/// import, screening records with review and certificates, continuous-screening alerts and registry duplicates.
/// Roles (docs/engines/screening.md): screening, records, reviews, certificates and alerts need one of
/// <see cref="Roles.Screeners"/>; importing lists <see cref="Roles.ListManagers"/>; scanning and deciding duplicates
/// <see cref="Roles.Writers"/>; lists and duplicate candidates are readable by every signed-in user. Records, alerts
/// and candidates of registry organizations are read through the access policy. Bad input is a 400 ProblemDetails
/// naming the field; a request the current state refuses (no list imported, already reviewed…) a 409.
/// </summary>
public static class ScreeningEndpoints
{
    /// <summary>Largest list file the API takes (the CLI takes up to 1 GiB).</summary>
    public const long MaxListUploadBytes = Hosting.HardeningOptions.MaxImportRequestBytes;

    /// <summary>Largest queries CSV the API takes.</summary>
    public const long MaxBatchUploadBytes = 16L << 20;

    /// <summary>The body of <c>POST /api/screening/screen</c>.</summary>
    /// <param name="Name">The name to screen (1..1,000 characters, with at least one letter or digit), in any script.</param>
    /// <param name="Country">ISO 3166-1 alpha-2 (a mismatch with a listed entity's countries lowers its score).</param>
    /// <param name="Identifiers">Identifiers of the party: scheme (lei, cage, uei, jcn, duns…) and value; a shared one is strong evidence.</param>
    /// <param name="ThresholdMatch">Score from which a candidate is a match (0..1]; default <see cref="ScreeningOptions.DefaultMatchThreshold"/> (justified in docs/engines/screening.md).</param>
    /// <param name="ThresholdReview">Score from which a candidate needs review (0..1], at most the match threshold; default <see cref="ScreeningOptions.DefaultReviewThreshold"/>.</param>
    /// <param name="OrganizationId">The registry organization this name belongs to: the record is then visible only to readers of it.</param>
    /// <param name="MaxCandidates">How many candidates to keep (1..50), default 10.</param>
    public sealed record ScreenBody(
        string? Name,
        string? Country = null,
        IReadOnlyList<IdentifierBody>? Identifiers = null,
        double? ThresholdMatch = null,
        double? ThresholdReview = null,
        string? OrganizationId = null,
        int? MaxCandidates = null);

    /// <summary>An identifier: scheme and value.</summary>
    public sealed record IdentifierBody(string? Scheme, string? Value);

    /// <summary>The body of <c>POST /api/screening/records/{id}/review</c>.</summary>
    /// <param name="Decision"><c>confirmed_match</c>, <c>false_positive</c> or <c>cleared</c>.</param>
    /// <param name="Note">Why (at most 2,000 characters).</param>
    public sealed record ReviewBody(string? Decision, string? Note = null);

    /// <summary>The body of <c>POST /api/screening/duplicates/scan</c> (may be empty).</summary>
    /// <param name="Threshold">Score from which two organizations are proposed as one (0..1], default 0.70.</param>
    public sealed record ScanBody(double? Threshold = null);

    /// <summary>The body of <c>POST /api/screening/duplicates/{id}/decision</c>.</summary>
    /// <param name="Decision"><c>merge</c> (keep the first organization, fold the second into it) or <c>distinct</c>.</param>
    public sealed record DecisionBody(string? Decision);

    /// <summary>A screening record in a list.</summary>
    public sealed record RecordSummary(
        string Id, string? QueryId, string QueryName, string? QueryCountry, string? OrganizationId, string Decision,
        string? BestEntityId, double? BestScore, DateTimeOffset ScreenedAt, string ScreenedBy, string ReviewStatus,
        string? ReviewDecision, string? ReviewedBy, DateTimeOffset? ReviewedAt);

    /// <summary>A screening record whole: the query, the list versions it was screened against, the result with every explanation, the review.</summary>
    public sealed record RecordView(
        string Id, string? QueryId, string QueryName, string? QueryCountry, IReadOnlyList<EntityIdentifier> QueryIdentifiers,
        string? OrganizationId, IReadOnlyList<string> ListVersionIds, string Decision, string? BestEntityId, double? BestScore,
        ScreeningThresholds Thresholds, DateTimeOffset ScreenedAt, string ScreenedBy, string ReviewStatus, string? ReviewDecision,
        string? ReviewedBy, DateTimeOffset? ReviewedAt, string? ReviewNote, ScreeningOutcome Result, IReadOnlyList<string> CertificateIds);

    /// <summary>A certificate: its canonical body (as JSON) and the SHA-256 of the body's UTF-8 text.</summary>
    public sealed record CertificateView(string Id, string RecordId, DateTimeOffset IssuedAt, string IssuedBy, string BodyHash, JsonElement Body);

    /// <summary>A list version and a page of its entries.</summary>
    public sealed record VersionView(ScreeningListVersion Version, PagedList<EntryView> Entries);

    /// <summary>One listed entity of a version.</summary>
    public sealed record EntryView(string EntityId, string Schema, string Caption, IReadOnlyList<EntityName> Names, IReadOnlyList<string> Countries,
        IReadOnlyList<EntityIdentifier> Identifiers, IReadOnlyList<string> Programs);

    /// <summary>What <c>POST /api/screening/lists</c> did.</summary>
    public sealed record ImportView(ScreeningListVersion Version, bool Unchanged, ScreeningListVersion? Superseded, RescreenReport? Rescreen);

    /// <summary>A batch job: where it stands, and once it succeeded the saved records' ids in query order.</summary>
    public sealed record JobView(string Id, string State, int Done, int Total, int Percent, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error, IReadOnlyList<string> RecordIds);

    public static RecordSummary Summary(ScreeningRecord r) => new(r.Id, r.QueryId, r.QueryName, r.QueryCountry, r.OrganizationId, r.Decision,
        r.BestEntityId, r.BestScore, r.ScreenedAt, r.ScreenedBy, r.ReviewStatus, r.ReviewDecision, r.ReviewedBy, r.ReviewedAt);

    public static RecordView View(ScreeningRecord r, IReadOnlyList<string> certificateIds) => new(r.Id, r.QueryId, r.QueryName, r.QueryCountry,
        ScreeningJson.Deserialize<List<EntityIdentifier>>(r.QueryIdentifiers), r.OrganizationId, ScreeningService.VersionsOf(r), r.Decision,
        r.BestEntityId, r.BestScore, ScreeningJson.Deserialize<ScreeningThresholds>(r.Thresholds), r.ScreenedAt, r.ScreenedBy, r.ReviewStatus,
        r.ReviewDecision, r.ReviewedBy, r.ReviewedAt, r.ReviewNote, ScreeningService.ResultOf(r), certificateIds);

    public static CertificateView View(ScreeningCertificate c)
    {
        using var document = JsonDocument.Parse(c.Body);
        return new CertificateView(c.Id, c.RecordId, c.IssuedAt, c.IssuedBy, c.BodyHash, document.RootElement.Clone());
    }

    public static JobView View(ScreeningJobStatus s) => new(s.Id, s.State, s.Done, s.Total, s.Percent, s.StartedAt, s.FinishedAt, s.Error, s.RecordIds);

    public static EntryView View(ScreeningListEntry e)
    {
        var entity = ScreeningService.ToEntity(e);
        return new EntryView(e.EntityId, e.Schema, e.Caption, entity.Names, entity.Countries, entity.Identifiers, entity.Programs);
    }

    public static IEndpointRouteBuilder MapScreeningEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/screening").WithTags("Screening");

        group.MapPost("/screen", async Task<IResult> (HttpContext context, ScreeningService service, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<ScreenBody>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            return await GuardAsync(async () =>
            {
                var request = new ScreenRequest(body!.Name ?? "", body.Country,
                    body.Identifiers?.Select(i => new EntityIdentifier(i?.Scheme ?? "", i?.Value ?? "")).ToList(),
                    body.ThresholdMatch, body.ThresholdReview, body.OrganizationId)
                {
                    MaxCandidates = body.MaxCandidates,
                };
                var record = await service.ScreenAsync(request, context.AuditTrail(), ct);
                return TypedResults.Created("/api/screening/records/" + record.Id, View(record, []));
            });
        }).RequireAuthorization(p => p.RequireRole(Roles.Screeners))
          .Accepts<ScreenBody>("application/json")
          .Produces<RecordView>(StatusCodes.Status201Created)
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithName("Screen")
          .WithSummary("Screens one name against every active list version and saves the record (decision, candidates with explanations, list versions).")
          .WithDescription("""
              Body: {"name": "…", "country": "CN", "identifiers": [{"scheme": "lei", "value": "…"}], "thresholdMatch": 0.9,
              "thresholdReview": 0.7, "organizationId": "org-…", "maxCandidates": 10}; only name is required; the thresholds default to the values docs/engines/screening.md justifies. The decision is
              `match` (best score ≥ thresholdMatch), `review` (≥ thresholdReview) or `none`; match and review records wait for
              review (`reviewStatus: pending`). 409 when no list has been imported yet. Needs the role compliance_officer,
              program_manager or administrator.
              """);

        group.MapPost("/screen/batch", async Task<IResult> (HttpContext context, ScreeningService service, CancellationToken ct) =>
        {
            var (queries, options, problem) = await ReadBatchAsync(context.Request, ct);
            if (problem is not null)
            {
                return problem;
            }
            return await GuardAsync(async () =>
            {
                var records = await service.ScreenBatchAsync(queries!, options!, context.AuditTrail(), null, ct);
                return TypedResults.Ok(records.Select(r => View(r, [])).ToList());
            });
        }).RequireAuthorization(p => p.RequireRole(Roles.Screeners))
          .WithMetadata(new RequestSizeLimitAttribute(MaxBatchUploadBytes))
          .AddOpenApiOperationTransformer(Multipart(("file", true, "binary"), ("thresholdMatch", false, null), ("thresholdReview", false, null)))
          .Produces<List<RecordView>>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithName("ScreenBatch")
          .WithSummary("Screens every name of a CSV (multipart part `file`: header id,name,country) and returns the saved records in the file's order.")
          .WithDescription("""
              multipart/form-data: `file` (a CSV with the header id,name,country; other columns are ignored; at most 100,000
              rows and 16 MiB), optional `thresholdMatch` and `thresholdReview`. Every problem of the file is reported at once as
              `file:line:field: message` under the field it concerns (`name`, `country`, `id`, `header`, `file`); nothing is
              screened then. For a progress bar, start the same upload as a job with POST /api/screening/jobs.
              """);

        group.MapPost("/jobs", async Task<IResult> (HttpContext context, ScreeningJobs jobs, AppDbContext db, CancellationToken ct) =>
        {
            var (queries, options, problem) = await ReadBatchAsync(context.Request, ct);
            if (problem is not null)
            {
                return problem;
            }
            return await GuardAsync(() =>
            {
                var job = jobs.StartBatch(queries!, options!, db.Scope, context.AuditTrail());
                return Task.FromResult<IResult>(TypedResults.Accepted("/api/screening/jobs/" + job.Id, View(job)));
            });
        }).RequireAuthorization(p => p.RequireRole(Roles.Screeners))
          .WithMetadata(new RequestSizeLimitAttribute(MaxBatchUploadBytes))
          .AddOpenApiOperationTransformer(Multipart(("file", true, "binary"), ("thresholdMatch", false, null), ("thresholdReview", false, null)))
          .Produces<JobView>(StatusCodes.Status202Accepted)
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithName("StartScreeningJob")
          .WithSummary("Starts screening a CSV in the background (the same upload as screen/batch); poll GET /api/screening/jobs/{id}.");

        group.MapGet("/jobs/{id}", Results<Ok<JobView>, ProblemHttpResult> (string id, ScreeningJobs jobs, AppDbContext db) =>
        {
            var status = jobs.Get(id, db.Scope.PrincipalId);
            return status is null
                ? TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"no batch job '{id}' of yours (jobs are kept for an hour after they finish)")
                : TypedResults.Ok(View(status));
        }).RequireAuthorization(p => p.RequireRole(Roles.Screeners))
          .WithName("GetScreeningJob")
          .WithSummary("A batch job you started: state (running, succeeded, failed), names done of total, and the saved record ids in order once it succeeded.");

        group.MapGet("/lists", async Task<Ok<List<ScreeningListVersion>>> (ScreeningService service, CancellationToken ct) =>
            TypedResults.Ok((await service.ListVersionsAsync(ct)).ToList()))
          .RequireAuthorization()
          .WithName("ListScreeningListVersions")
          .WithSummary("Every imported list version, newest first: source, format, file, published date, import time, content hash, counts, active or superseded.");

        group.MapPost("/lists", async Task<IResult> (HttpContext context, ScreeningService service, CancellationToken ct) =>
        {
            if (!context.Request.HasFormContentType)
            {
                return ApiBody.Problem("file", "send the list as multipart/form-data: file, source, and optionally format and publishedOn");
            }
            var form = await context.Request.ReadFormAsync(ct);
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var file = form.Files.GetFile("file");
            if (file is null)
            {
                errors["file"] = ["required: the list file (a part named file)"];
            }
            else if (file.Length > MaxListUploadBytes)
            {
                errors["file"] = [string.Create(CultureInfo.InvariantCulture, $"{file.Length} bytes is over the upload limit of {MaxListUploadBytes} bytes (use ./musubi screen lists import for larger lists)")];
            }
            var source = form["source"].ToString();
            if (string.IsNullOrWhiteSpace(source))
            {
                errors["source"] = ["required: the list's key, e.g. us-csl, jp-meti-eul"];
            }
            DateOnly? published = null;
            if (form["publishedOn"].ToString() is { Length: > 0 } text)
            {
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    published = d;
                }
                else
                {
                    errors["publishedOn"] = [$"'{text}' is not a date (YYYY-MM-DD)"];
                }
            }
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            await using var stream = file!.OpenReadStream();
            var format = form["format"].ToString();
            var result = await service.ImportListAsync(stream, file.FileName, format.Length == 0 ? null : format, source, published, context.AuditTrail(), ct);
            if (!result.Succeeded)
            {
                return TypedResults.Problem(statusCode: 400, title: "The list was rejected; nothing was imported",
                    extensions: new Dictionary<string, object?> { ["errors"] = result.ErrorsByField(), ["problems"] = result.Lines().ToList() });
            }
            var view = new ImportView(result.Version!, result.Unchanged, result.Superseded, result.Rescreen);
            return result.Unchanged ? TypedResults.Ok(view) : TypedResults.Created("/api/screening/lists/" + result.Version!.Id, view);
        }).RequireAuthorization(p => p.RequireRole(Roles.ListManagers))
          .WithMetadata(new RequestSizeLimitAttribute(MaxListUploadBytes))
          .AddOpenApiOperationTransformer(Multipart(("file", true, "binary"), ("source", true, null), ("format", false, null), ("publishedOn", false, "date")))
          .Produces<ImportView>(StatusCodes.Status201Created)
          .Produces<ImportView>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .WithName("ImportScreeningList")
          .WithSummary("Imports a list file as a new version of its source (all or nothing), then re-screens the registry (alerts).")
          .WithDescription("""
              multipart/form-data: `file` (FollowTheMoney .jsonl, U.S. CSL .csv or .json, plain .csv), `source` (a key such as
              us-csl or jp-meti-eul: versions of one source supersede each other), optional `format` (ftm, csl-csv, csl-json, csv;
              detected from the name and first line when absent) and `publishedOn` (YYYY-MM-DD, the list's own date). 201 with the
              new version and the re-screen report; 200 with `unchanged: true` when the content equals the source's active version.
              A bad file is a 400 whose `errors` name each field with its line and whose `problems` list `file:line:field: message`.
              Needs the role compliance_officer or administrator.
              """);

        group.MapGet("/lists/{id}", async Task<Results<Ok<VersionView>, ProblemHttpResult, ValidationProblem>> (string id, ScreeningService service,
            [FromQuery] string? search, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct) =>
        {
            var version = await service.GetVersionAsync(id, ct);
            if (version is null)
            {
                return TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"no list version '{id}'");
            }
            try
            {
                var entries = await service.ListEntriesAsync(id, search, page ?? 1, pageSize ?? 50, ct);
                return TypedResults.Ok(new VersionView(version, new PagedList<EntryView>([.. entries.Items.Select(View)], entries.Total, entries.PageNumber, entries.PageSize)));
            }
            catch (ScreeningInputException ex)
            {
                return TypedResults.ValidationProblem(ex.Errors);
            }
        }).RequireAuthorization()
          .WithName("GetScreeningListVersion")
          .WithSummary("One list version and a page of its entities (search matches the entity id or first name).");

        group.MapGet("/records", async Task<Results<Ok<PagedList<RecordSummary>>, ValidationProblem>> (ScreeningService service,
            [FromQuery] string? status, [FromQuery] string? decision, [FromQuery] string? organizationId, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct) =>
        {
            try
            {
                var list = await service.ListRecordsAsync(new ScreeningRecordQuery
                {
                    Status = status,
                    Decision = decision,
                    OrganizationId = organizationId,
                    Page = page ?? 1,
                    PageSize = pageSize ?? 50,
                }, ct);
                return TypedResults.Ok(new PagedList<RecordSummary>([.. list.Items.Select(Summary)], list.Total, list.PageNumber, list.PageSize));
            }
            catch (ScreeningInputException ex)
            {
                return TypedResults.ValidationProblem(ex.Errors);
            }
        }).RequireAuthorization(p => p.RequireRole(Roles.Screeners))
          .WithName("ListScreeningRecords")
          .WithSummary("Screening records the caller may read, newest first; status=pending is the review queue (also not_required, reviewed); decision=match|review|none.");

        group.MapGet("/records/{id}", async Task<Results<Ok<RecordView>, ProblemHttpResult>> (string id, ScreeningService service, CancellationToken ct) =>
        {
            var record = await service.GetRecordAsync(id, ct);
            if (record is null)
            {
                return RecordNotFound(id);
            }
            var certificates = await service.CertificatesOfAsync(id, ct);
            return TypedResults.Ok(View(record, [.. certificates.Select(c => c.Id)]));
        }).RequireAuthorization(p => p.RequireRole(Roles.Screeners))
          .WithName("GetScreeningRecord")
          .WithSummary("One screening record: query, list versions, decision, every candidate with its explanation, review, certificates issued.");

        group.MapPost("/records/{id}/review", async Task<IResult> (string id, HttpContext context, ScreeningService service, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<ReviewBody>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            return await GuardAsync(async () =>
            {
                var record = await service.ReviewAsync(id, body!.Decision ?? "", body.Note, context.AuditTrail(), ct);
                if (record is null)
                {
                    return RecordNotFound(id);
                }
                var certificates = await service.CertificatesOfAsync(id, ct);
                return TypedResults.Ok(View(record, [.. certificates.Select(c => c.Id)]));
            });
        }).RequireAuthorization(p => p.RequireRole(Roles.Screeners))
          .Accepts<ReviewBody>("application/json")
          .Produces<RecordView>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithName("ReviewScreeningRecord")
          .WithSummary("Records a reviewer's decision on a pending record: confirmed_match, false_positive or cleared, with a note. 409 when it is not pending.");

        group.MapPost("/records/{id}/certificate", async Task<IResult> (string id, HttpContext context, ScreeningService service, CancellationToken ct) =>
            await GuardAsync(async () =>
            {
                var certificate = await service.IssueCertificateAsync(id, context.AuditTrail(), ct);
                return certificate is null
                    ? RecordNotFound(id)
                    : TypedResults.Created("/api/screening/certificates/" + certificate.Id, View(certificate));
            }))
          .RequireAuthorization(p => p.RequireRole(Roles.Screeners))
          .Produces<CertificateView>(StatusCodes.Status201Created)
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithName("IssueScreeningCertificate")
          .WithSummary("Issues a certificate for a reviewed or no-hit record: query, list versions with content hashes, decision, best candidate and explanation, review; canonical JSON and its SHA-256. 409 while pending review.");

        group.MapGet("/certificates/{id}", async Task<Results<Ok<CertificateView>, ProblemHttpResult>> (string id, ScreeningService service, CancellationToken ct) =>
        {
            var certificate = await service.GetCertificateAsync(id, ct);
            return certificate is null
                ? TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"certificate '{id}' does not exist or you may not read it")
                : TypedResults.Ok(View(certificate));
        }).RequireAuthorization(p => p.RequireRole(Roles.Screeners))
          .WithName("GetScreeningCertificate")
          .WithSummary("One certificate: its canonical body (bodyHash is the SHA-256 of the body's UTF-8 text as issued).");

        group.MapGet("/alerts", async Task<Results<Ok<PagedList<ScreeningAlert>>, ValidationProblem>> (ScreeningService service,
            [FromQuery] string? kind, [FromQuery] bool? open, [FromQuery] string? organizationId, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct) =>
        {
            try
            {
                return TypedResults.Ok(await service.ListAlertsAsync(new ScreeningAlertQuery
                {
                    Kind = kind,
                    OpenOnly = open ?? false,
                    OrganizationId = organizationId,
                    Page = page ?? 1,
                    PageSize = pageSize ?? 50,
                }, ct));
            }
            catch (ScreeningInputException ex)
            {
                return TypedResults.ValidationProblem(ex.Errors);
            }
        }).RequireAuthorization(p => p.RequireRole(Roles.Screeners))
          .WithName("ListScreeningAlerts")
          .WithSummary("Continuous-screening alerts of organizations the caller may read, newest first: kind=new_hit|cleared, open=true for unacknowledged.");

        group.MapPost("/alerts/{id}/acknowledge", async Task<Results<Ok<ScreeningAlert>, ProblemHttpResult>> (string id, HttpContext context, ScreeningService service, CancellationToken ct) =>
        {
            var alert = await service.AcknowledgeAlertAsync(id, context.AuditTrail(), ct);
            return alert is null
                ? TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"alert '{id}' does not exist or you may not read it")
                : TypedResults.Ok(alert);
        }).RequireAuthorization(p => p.RequireRole(Roles.Screeners))
          .WithName("AcknowledgeScreeningAlert")
          .WithSummary("Marks an alert seen (the first acknowledgement is kept).");

        group.MapGet("/duplicates", async Task<Results<Ok<PagedList<DuplicateCandidate>>, ValidationProblem>> (ScreeningService service,
            [FromQuery] string? status, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct) =>
        {
            try
            {
                return TypedResults.Ok(await service.ListDuplicatesAsync(status, page ?? 1, pageSize ?? 50, ct));
            }
            catch (ScreeningInputException ex)
            {
                return TypedResults.ValidationProblem(ex.Errors);
            }
        }).RequireAuthorization()
          .WithName("ListDuplicateCandidates")
          .WithSummary("Registry organizations that are probably one, best score first, among those the caller may read (both of them): status=open|merged|distinct.");

        group.MapPost("/duplicates/scan", async Task<IResult> (HttpContext context, ScreeningService service, CancellationToken ct) =>
        {
            ScanBody? body = new();
            if (context.Request.ContentLength is > 0 || context.Request.ContentType is not null)
            {
                (body, var problem) = await ApiBody.ReadAsync<ScanBody>(context.Request);
                if (problem is not null)
                {
                    return problem;
                }
            }
            return await GuardAsync(async () => TypedResults.Ok(await service.ScanDuplicatesAsync(body!.Threshold, context.AuditTrail(), ct)));
        }).RequireAuthorization(p => p.RequireRole(Roles.Writers))
          .Accepts<ScanBody>("application/json")
          .Produces<DuplicateScanReport>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithName("ScanDuplicates")
          .WithSummary("Looks for duplicate organizations across the registry (names across scripts and legal forms, shared identifiers); body {\"threshold\": 0.7} is optional. Needs contributor, program_manager or administrator.");

        group.MapPost("/duplicates/{id}/decision", async Task<IResult> (string id, HttpContext context, ScreeningService service, CancellationToken ct) =>
        {
            var (body, problem) = await ApiBody.ReadAsync<DecisionBody>(context.Request);
            if (problem is not null)
            {
                return problem;
            }
            return await GuardAsync(async () =>
            {
                var decided = await service.DecideDuplicateAsync(id, body!.Decision ?? "", context.AuditTrail(), ct);
                return decided is null
                    ? TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"duplicate candidate '{id}' does not exist or you may not read both organizations")
                    : TypedResults.Ok(decided);
            });
        }).RequireAuthorization(p => p.RequireRole(Roles.Writers))
          .Accepts<DecisionBody>("application/json")
          .Produces<DuplicateDecision>(StatusCodes.Status200OK)
          .ProducesValidationProblem()
          .ProducesProblem(StatusCodes.Status409Conflict)
          .WithName("DecideDuplicate")
          .WithSummary("Merges a candidate pair (the first organization keeps every name, identifier and reference of the second, which is deleted; audited) or marks it distinct. 409 when already decided.");
        return app;
    }

    /// <summary>
    /// Describes a multipart/form-data body in the OpenAPI document. (The endpoints read the form themselves instead of
    /// declaring it with Accepts, which would answer any other content type with a bare 415 instead of a problem naming
    /// the missing file.)
    /// </summary>
    private static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Multipart(params (string Name, bool Required, string? Format)[] fields) =>
        (operation, _, _) =>
        {
            var schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) };
            foreach (var (name, required, format) in fields)
            {
                schema.Properties[name] = new OpenApiSchema { Type = JsonSchemaType.String, Format = format };
                if (required)
                {
                    (schema.Required ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
                }
            }
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["multipart/form-data"] = new OpenApiMediaType { Schema = schema } },
            };
            return Task.CompletedTask;
        };

    private static ProblemHttpResult RecordNotFound(string id) =>
        TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"screening record '{id}' does not exist or you may not read it");

    /// <summary>Runs a service call: bad input → 400 naming the field, a state conflict → 409.</summary>
    private static async Task<IResult> GuardAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ScreeningInputException ex)
        {
            return TypedResults.ValidationProblem(ex.Errors);
        }
        catch (ScreeningConflictException ex)
        {
            return TypedResults.Problem(statusCode: 409, title: "Conflict", detail: ex.Message);
        }
    }

    /// <summary>
    /// Reads a batch upload: multipart <c>file</c> (queries CSV) with optional <c>thresholdMatch</c>/<c>thresholdReview</c>
    /// fields (or query parameters). Problems become a 400 whose errors name each field.
    /// </summary>
    internal static async Task<(IReadOnlyList<ScreeningQuery>? Queries, ScreeningOptions? Options, IResult? Problem)> ReadBatchAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return (null, null, ApiBody.Problem("file", "send the queries as multipart/form-data with a part named file (a CSV: id,name,country)"));
        }
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file");
        if (file is null)
        {
            return (null, null, ApiBody.Problem("file", "required: the queries CSV (a part named file; header id,name,country)"));
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var match = Threshold(form["thresholdMatch"].ToString() is { Length: > 0 } m ? m : request.Query["thresholdMatch"].ToString(), "thresholdMatch", errors);
        var review = Threshold(form["thresholdReview"].ToString() is { Length: > 0 } r ? r : request.Query["thresholdReview"].ToString(), "thresholdReview", errors);
        ScreeningOptions? options = null;
        if (errors.Count == 0)
        {
            try
            {
                options = ScreeningService.Options(match, review);
            }
            catch (ScreeningInputException ex)
            {
                return (null, null, TypedResults.ValidationProblem(ex.Errors));
            }
        }
        await using var stream = file.OpenReadStream();
        var read = ScreeningQueryCsv.Read(stream, Path.GetFileName(file.FileName) is { Length: > 0 } n ? n : "queries.csv");
        foreach (var group in read.Problems.GroupBy(p => p.Field, StringComparer.Ordinal))
        {
            errors[group.Key] = [.. group.Select(p => p.ToString())];
        }
        if (read.ProblemCount > read.Problems.Count)
        {
            errors["file"] = [.. errors.GetValueOrDefault("file") ?? [], string.Create(CultureInfo.InvariantCulture, $"{read.ProblemCount - read.Problems.Count} more problems not shown")];
        }
        return errors.Count > 0 ? (null, null, TypedResults.ValidationProblem(errors)) : (read.Queries, options, null);
    }

    private static double? Threshold(string text, string field, Dictionary<string, string[]> errors)
    {
        if (text.Length == 0)
        {
            return null;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors[field] = [$"'{text}' is not a number (a score between 0 and 1, e.g. 0.8)"];
        return null;
    }
}
