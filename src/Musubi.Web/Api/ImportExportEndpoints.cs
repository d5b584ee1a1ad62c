using System.IO.Compression;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Musubi.Core.Data;
using Musubi.Core.Features.Export;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Registry;
using Musubi.Web.Auth;

namespace Musubi.Web.Api;

/// <summary>Files in and out over HTTP: the same importer and exporter as the CLI.</summary>
public static class ImportExportEndpoints
{
    /// <summary>Per-file limit for uploads (the CLI allows far more).</summary>
    public const long MaxUploadBytes = 50L << 20;

    public static IEndpointRouteBuilder MapImportExportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Import and export");

        group.MapPost("/import", async Task<Results<Ok<ImportSummary>, ProblemHttpResult>> (HttpRequest request, AppDbContext db, TimeProvider clock,
            [FromQuery] bool? dryRun, CancellationToken ct) =>
        {
            if (!request.HasFormContentType)
            {
                return Problem("files", ["send the files as multipart/form-data, each part named after what it holds (organizations.csv, offers.csv…)"]);
            }
            var form = await request.ReadFormAsync(ct);
            if (form.Files.Count == 0)
            {
                return Problem("files", ["no files in the request"]);
            }
            var folder = Directory.CreateTempSubdirectory("musubi-import-");
            try
            {
                var errors = new List<string>();
                foreach (var file in form.Files)
                {
                    var name = Path.GetFileName(file.FileName);
                    if (file.Length > MaxUploadBytes)
                    {
                        errors.Add($"{name}:0:file: {file.Length} bytes is over the upload limit of {MaxUploadBytes} bytes (use ./musubi import for large packages)");
                        continue;
                    }
                    await using var target = File.Create(Path.Combine(folder.FullName, name));
                    await file.CopyToAsync(target, ct);
                }
                if (errors.Count > 0)
                {
                    return Problem("files", errors);
                }
                var report = await new ImportService(db, clock, request.HttpContext.AuditTrail()).ImportAsync([folder.FullName],
                    new ImportOptions { DryRun = dryRun ?? false, MaxFileBytes = MaxUploadBytes }, null, ct);
                return report.Succeeded
                    ? TypedResults.Ok(new ImportSummary(report.Upserted, report.DryRun))
                    : Problem("files", report.Errors);
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }).RequireAuthorization(p => p.RequireRole(Musubi.Core.Features.Access.Roles.Importers)).DisableAntiforgery()
          .WithMetadata(new RequestSizeLimitAttribute(Hosting.HardeningOptions.MaxImportRequestBytes)) // the rest of the app: 1 MiB
          .WithName("Import").WithSummary("Import files all-or-nothing (multipart/form-data). 400 lists every error as file:line:field: reason.");

        group.MapGet("/export", async Task<Results<FileContentHttpResult, ValidationProblem>> ([FromQuery] string? format, AppDbContext db, HttpContext context, CancellationToken ct) =>
        {
            var f = ExportFormat.Csv;
            if (format is not null && !EnumText.TryParse(format, out f))
            {
                return ApiBody.Problem("format", "must be csv, json or xlsx");
            }
            var folder = Directory.CreateTempSubdirectory("musubi-export-");
            try
            {
                var report = await new ExportService(db).ExportAsync(folder.FullName, f, ct);
                await context.AuditTrail().AppendAsync(db, Core.Features.Audit.AuditTypes.Export, Core.Features.Audit.AuditOutcomes.Success, "export",
                    Core.Features.Audit.ExportAudit.Detail(report, f), ct);
                using var buffer = new MemoryStream();
                await ZipFile.CreateFromDirectoryAsync(folder.FullName, buffer, CompressionLevel.Fastest, includeBaseDirectory: false, ct);
                return TypedResults.File(buffer.ToArray(), "application/zip", "musubi-export.zip");
            }
            finally
            {
                folder.Delete(recursive: true);
            }
        }).WithName("Export").WithSummary("Everything the caller may read, as a zip of files that POST /api/import reads back.");
        return app;
    }

    private static ProblemHttpResult Problem(string field, IEnumerable<string> errors) =>
        TypedResults.Problem(statusCode: 400, title: "The import was rejected; nothing was written",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [.. errors] } });
}

public sealed record ImportSummary(IReadOnlyDictionary<string, long> Imported, bool DryRun);
