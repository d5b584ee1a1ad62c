using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;

namespace Musubi.Core.Features.PriorityRequests;

/// <summary>
/// Loads the demo's priority requests (<c>data/demo/priority/requests.json</c>, docs/priority-requests.md "Demo data")
/// through the workflow itself: each request is created and moved by its demo actors with
/// <see cref="PriorityRequestService"/>, on a clock set back to the day each step happened (days before the load), so
/// the demo obeys every rule a user does and its histories, due dates and overdue states are real. Skipped when the
/// database already holds requests.
/// </summary>
public static class PriorityDemo
{
    /// <summary>The demo file under the data directory.</summary>
    public static string FileIn(string dataDirectory) => Path.Combine(dataDirectory, "demo", "priority", "requests.json");

    private sealed record DemoFile(string? About, List<DemoRequest> Requests);

    private sealed record DemoRequest(
        string CreatedBy,
        int DaysAgo,
        string PartId,
        int Quantity,
        string SupplierOrganizationId,
        int NeededByDaysAhead,
        string Justification,
        string? FacilityId = null,
        string? ProgramId = null,
        string? Operation = null,
        string? Priority = null,
        string? Marking = null,
        List<DemoStep>? Steps = null);

    private sealed record DemoStep(string By, int DaysAgo, string? Action = null, string? Comment = null, string? Note = null,
        int? PromisedDaysAhead = null, int? Quantity = null, string? Reason = null);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    /// <summary>Loads the demo requests into <paramref name="db"/>; returns how many were created (0 when the file is missing or requests exist).</summary>
    public static async Task<int> LoadAsync(AppDbContext db, TimeProvider clock, string dataDirectory, AuditTrail? audit = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var path = FileIn(dataDirectory);
        if (!File.Exists(path) || await db.PriorityRequests.IgnoreQueryFilters().AnyAsync(ct))
        {
            return 0;
        }
        var file = JsonSerializer.Deserialize<DemoFile>(await File.ReadAllTextAsync(path, ct), Json)
            ?? throw new InvalidOperationException($"{path}: empty");
        audit ??= new AuditTrail(new AuditLog(clock, new AuditOptions { SigningKeyPath = Path.Combine(Path.GetTempPath(), "musubi-unused.pem"), CheckpointEvery = 0 }, NullLogger<AuditLog>.Instance), "system:demo-load", "local");
        var now = clock.GetUtcNow();
        var originalScope = db.Scope;
        var created = 0;
        try
        {
            foreach (var r in file.Requests)
            {
                var at = now.AddDays(-r.DaysAgo);
                var view = await (await AsAsync(db, r.CreatedBy, at, clock, ct)).CreateAsync(new PriorityRequestInput(
                    r.PartId, r.Quantity, r.SupplierOrganizationId, Date(now.AddDays(r.NeededByDaysAhead)), r.Justification,
                    r.FacilityId, r.ProgramId, r.Operation, r.Priority, r.Marking), audit, ct);
                var id = view.Id;
                foreach (var step in (r.Steps ?? []).OrderByDescending(s => s.DaysAgo))
                {
                    var stepAt = now.AddDays(-step.DaysAgo);
                    var service = await AsAsync(db, step.By, stepAt, clock, ct);
                    if (step.Comment is { } text)
                    {
                        await service.CommentAsync(id, text, audit, ct);
                    }
                    else
                    {
                        await service.TransitionAsync(id, new PriorityTransitionInput(step.Action, step.Note,
                            step.PromisedDaysAhead is { } ahead ? Date(now.AddDays(ahead)) : null, step.Quantity, step.Reason), audit, ct);
                    }
                }
                // The context stamps CreatedAt with the real clock: set it to the day the demo request was written.
                await db.PriorityRequests.IgnoreQueryFilters().Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.CreatedAt, at), ct);
                created++;
            }
        }
        catch (Exception ex) when (ex is PriorityInputException or PriorityConflictException or PriorityForbiddenException or PriorityNotFoundException)
        {
            throw new InvalidOperationException($"{path}: a demo request does not follow the workflow: {ex.Message}", ex);
        }
        finally
        {
            db.Scope = originalScope;
        }
        // What the hosted sweep would do on the server's first tick: overdue demo requests are escalated now.
        await new PriorityRequestService(db, clock, new PriorityRequestOptions()).EscalateAsync(audit, ct);
        return created;
    }

    private static async Task<PriorityRequestService> AsAsync(AppDbContext db, string principalId, DateTimeOffset at, TimeProvider clock, CancellationToken ct)
    {
        var principal = await db.Principals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == principalId, ct)
            ?? throw new InvalidOperationException($"demo priority requests: unknown principal '{principalId}'");
        var shifted = new FixedClock(at, clock);
        db.Scope = AccessScope.For(principal, shifted);
        return new PriorityRequestService(db, shifted, new PriorityRequestOptions());
    }

    private static string Date(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A clock stopped at one moment (the day a demo step happened); timers come from the real clock.</summary>
    private sealed class FixedClock(DateTimeOffset at, TimeProvider inner) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;
    }
}
