using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Registry;
using Musubi.Web.Auth;

namespace Musubi.Web.Api;

/// <summary>REST for the registry: list (paging, filter, sort, search), get, create, update with If-Match, delete.</summary>
public static class RegistryEndpoints
{
    public static IEndpointRouteBuilder MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        MapResource(api, RegistryCatalog.Organizations, "Organizations");
        MapResource(api, RegistryCatalog.Facilities, "Facilities");
        MapResource(api, RegistryCatalog.Capabilities, "Capabilities");
        MapResource(api, RegistryCatalog.Parts, "Parts");
        MapResource(api, RegistryCatalog.Programs, "Programs");
        MapResource(api, RegistryCatalog.Requirements, "Requirements");
        MapResource(api, RegistryCatalog.Agreements, "Agreements");
        api.MapGet("/taxonomy", async (AppDbContext db, CancellationToken ct) =>
                TypedResults.Ok((await db.CapabilityNodes.AsNoTracking().OrderBy(n => n.Id).ToListAsync(ct)).Select(n => n.ToRecord()).ToList()))
            .WithTags("Registry").WithName("ListTaxonomy").WithSummary("The capability taxonomy, every node with English and Japanese labels.");
        return app;
    }

    private static void MapResource<TEntity, TRecord>(RouteGroupBuilder api, RegistryResource<TEntity, TRecord> resource, string title)
        where TEntity : MarkedEntity where TRecord : MarkedRecord
    {
        var group = api.MapGroup("/" + resource.Name).WithTags(title);

        group.MapGet("/", async Task<Results<Ok<PagedList<TRecord>>, ValidationProblem>> (AppDbContext db,
            [FromQuery] string? q, [FromQuery] string? country, [FromQuery] string? kind, [FromQuery] string? program,
            [FromQuery] string? sort, [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct) =>
        {
            var query = new ListQuery
            {
                Search = q,
                Country = country,
                Kind = kind,
                Program = program,
                Sort = sort,
                Page = page ?? 1,
                PageSize = pageSize ?? 50,
            };
            var errors = resource.Check(query);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
            return TypedResults.Ok(await resource.ListAsync(db, query, ct));
        }).WithName("List" + title).WithSummary($"List {resource.Name} the caller may read: q searches names, sort takes a field ('-' for descending).");

        group.MapGet("/{id}", async Task<Results<Ok<TRecord>, ProblemHttpResult>> (string id, AppDbContext db, HttpResponse response, CancellationToken ct) =>
        {
            var entity = await resource.FindAsync(db, id, ct);
            if (entity is null)
            {
                return NotFound(resource.Name, id);
            }
            await response.HttpContext.AuditMarkedReadAsync(db, resource.Name, entity, ct);
            response.Headers.ETag = ApiBody.ETag(entity.Version);
            return TypedResults.Ok(resource.ToRecord(entity));
        }).WithName("Get" + title[..^1]).WithSummary($"One of the {resource.Name}; the ETag header carries its version for If-Match.");

        group.MapPost("/", async Task<Results<Created<TRecord>, ValidationProblem, ProblemHttpResult>> (HttpRequest request, AppDbContext db, CancellationToken ct) =>
        {
            var (record, problem) = await ApiBody.ReadAsync<TRecord>(request);
            if (problem is not null)
            {
                return problem;
            }
            return ToResult(await resource.CreateAsync(db, record!, request.HttpContext.AuditTrail(), ct), resource.Name, "", request.HttpContext.Response) switch
            {
                Created<TRecord> created => created,
                ValidationProblem invalid => invalid,
                var other => (ProblemHttpResult)other,
            };
        }).RequireAuthorization().Accepts<TRecord>("application/json").WithName("Create" + title[..^1]);

        group.MapPut("/{id}", async Task<Results<Ok<TRecord>, ValidationProblem, ProblemHttpResult>> (string id, HttpRequest request, AppDbContext db, CancellationToken ct) =>
        {
            var (record, problem) = await ApiBody.ReadAsync<TRecord>(request);
            if (problem is not null)
            {
                return problem;
            }
            if (record!.Id is { } bodyId && bodyId != id)
            {
                return ApiBody.Problem("id", $"the body's id '{bodyId}' differs from the URL's '{id}'");
            }
            return ToResult(await resource.UpdateAsync(db, id, record, ApiBody.IfMatch(request), request.HttpContext.AuditTrail(), ct), resource.Name, id, request.HttpContext.Response) switch
            {
                Ok<TRecord> ok => ok,
                ValidationProblem invalid => invalid,
                var other => (ProblemHttpResult)other,
            };
        }).RequireAuthorization().Accepts<TRecord>("application/json").WithName("Update" + title[..^1])
          .WithSummary("Replace the record's fields. Send If-Match with the ETag you read: 412 when someone changed it since.");

        group.MapDelete("/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, HttpRequest request, AppDbContext db, CancellationToken ct) =>
        {
            var outcome = await resource.DeleteAsync(db, id, ApiBody.IfMatch(request), request.HttpContext.AuditTrail(), ct);
            return outcome is WriteOutcome<TRecord>.Saved ? TypedResults.NoContent() : (ProblemHttpResult)ToResult(outcome, resource.Name, id, request.HttpContext.Response);
        }).RequireAuthorization().WithName("Delete" + title[..^1]);
    }

    private static ProblemHttpResult NotFound(string name, string id) =>
        TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"{name} '{id}' does not exist or you may not read it");

    private static IResult ToResult<TRecord>(WriteOutcome<TRecord> outcome, string name, string id, HttpResponse response) where TRecord : MarkedRecord => outcome switch
    {
        WriteOutcome<TRecord>.Saved { Created: true } s => SetETag(response, s.Version, TypedResults.Created($"/api/{name}/{s.Record.Id}", s.Record)),
        WriteOutcome<TRecord>.Saved s => SetETag(response, s.Version, TypedResults.Ok(s.Record)),
        WriteOutcome<TRecord>.NotFound => NotFound(name, id),
        WriteOutcome<TRecord>.Invalid i => TypedResults.ValidationProblem(i.Errors),
        WriteOutcome<TRecord>.VersionMismatch m => SetETag(response, m.Current, TypedResults.Problem(statusCode: 412, title: "Precondition failed",
            detail: $"{name} '{id}' changed since you read it (now version {m.Current}); read it again and reapply your change")),
        WriteOutcome<TRecord>.InUse u => TypedResults.Problem(statusCode: 409, title: "Conflict", detail: u.Reason),
        _ => TypedResults.Problem(statusCode: 500),
    };

    private static T SetETag<T>(HttpResponse response, uint version, T result)
    {
        if (version > 0)
        {
            response.Headers.ETag = ApiBody.ETag(version);
        }
        return result;
    }
}
