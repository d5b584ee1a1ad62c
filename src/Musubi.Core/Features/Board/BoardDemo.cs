using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;

namespace Musubi.Core.Features.Board;

/// <summary>
/// Loads the demo's board subscriptions (<c>data/demo/board/subscriptions.json</c>, docs/board.md "Demo data") through
/// the board service itself: each owner subscribes (what already matches becomes the baseline), then the replay publishes
/// and changes requirements as their program managers, and the notification run (sweep and digest) fills the feeds and
/// the mail outbox, so a demo shows a feed that obeys every rule a user's does. Skipped when subscriptions exist.
/// </summary>
public static class BoardDemo
{
    /// <summary>The demo file under the data directory.</summary>
    public static string FileIn(string dataDirectory) => Path.Combine(dataDirectory, "demo", "board", "subscriptions.json");

    private sealed record DemoFile(string? About, List<DemoSubscription> Subscriptions, List<DemoStep>? Replay);

    private sealed record DemoSubscription(string Principal, string Name, string Kind, List<string>? Values, BoardSearchInput? Query, string? Digest);

    private sealed record DemoMilestone(string Kind, int DaysAhead, string? Note);

    private sealed record DemoCreate(
        string Id,
        string? ProgramId,
        List<string> CapabilityCodes,
        string Title,
        string? TitleJa,
        string? Description,
        string? DescriptionJa,
        int? Quantity,
        int NeedByDaysAhead,
        string FundingStatus,
        string ContractingPath,
        string? Status,
        string? PointOfContact,
        string? Marking,
        List<string>? RequiredCertifications,
        List<DemoMilestone>? Milestones);

    private sealed record DemoStep(string By, DemoCreate? Create, string? Update, List<DemoMilestone>? AddMilestones);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    /// <summary>Loads the demo subscriptions and replays the board activity; returns the notification run's report (empty when skipped).</summary>
    public static async Task<BoardSweepReport> LoadAsync(AppDbContext db, TimeProvider clock, string dataDirectory, AuditTrail? audit = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var path = FileIn(dataDirectory);
        if (!File.Exists(path) || await db.BoardSubscriptions.AnyAsync(ct))
        {
            return new BoardSweepReport(0, 0, 0);
        }
        var file = JsonSerializer.Deserialize<DemoFile>(await File.ReadAllTextAsync(path, ct), Json)
            ?? throw new InvalidOperationException($"{path}: empty");
        audit ??= new AuditTrail(new AuditLog(clock, new AuditOptions { SigningKeyPath = Path.Combine(Path.GetTempPath(), "musubi-unused.pem"), CheckpointEvery = 0 }, NullLogger<AuditLog>.Instance), "system:demo-load", "local");
        var cache = new BoardIndexCache(clock);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var originalScope = db.Scope;
        try
        {
            foreach (var s in file.Subscriptions)
            {
                await (await AsAsync(db, s.Principal, clock, cache, ct)).SubscribeAsync(
                    new BoardSubscriptionInput(s.Name, s.Kind, s.Values, s.Query, s.Digest), audit, ct);
            }
            foreach (var step in file.Replay ?? [])
            {
                var service = await AsAsync(db, step.By, clock, cache, ct);
                if (step.Create is { } c)
                {
                    await service.CreateAsync(new BoardRequirementInput(
                        c.Id, c.ProgramId, c.CapabilityCodes, c.Title, c.TitleJa, c.Description, c.DescriptionJa, c.Quantity,
                        today.AddDays(c.NeedByDaysAhead), c.FundingStatus, c.ContractingPath, c.Status, c.PointOfContact, c.Marking,
                        c.RequiredCertifications, [.. (c.Milestones ?? []).Select(m => new RequirementMilestoneView(m.Kind, today.AddDays(m.DaysAhead), m.Note))]),
                        audit, ct);
                }
                else if (step.Update is { } id)
                {
                    var view = await service.GetAsync(id, ct) ?? throw new InvalidOperationException($"{path}: {step.By} cannot see requirement '{id}'");
                    var milestones = view.Milestones.Concat((step.AddMilestones ?? []).Select(m => new RequirementMilestoneView(m.Kind, today.AddDays(m.DaysAhead), m.Note))).ToList();
                    await service.UpdateAsync(id, new BoardRequirementInput(
                        null, view.ProgramId, view.CapabilityCodes, view.Title, view.TitleJa, view.Description, view.DescriptionJa, view.Quantity,
                        view.NeedBy, view.FundingStatus, view.ContractingPath, view.Status, view.PointOfContact, view.Marking,
                        view.RequiredCertifications, milestones, view.Version), audit, ct);
                }
            }
        }
        catch (Exception ex) when (ex is BoardInputException or BoardForbiddenException or BoardNotFoundException or BoardConflictException)
        {
            throw new InvalidOperationException($"{path}: a demo step does not follow the board's rules: {ex.Message}", ex);
        }
        finally
        {
            db.Scope = originalScope;
        }
        // What the hosted job would do on the server's first tick.
        return await new BoardService(db, clock, cache).NotifyAsync(ct);
    }

    private static async Task<BoardService> AsAsync(AppDbContext db, string principalId, TimeProvider clock, BoardIndexCache cache, CancellationToken ct)
    {
        var principal = await db.Principals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == principalId, ct)
            ?? throw new InvalidOperationException($"demo board subscriptions: unknown principal '{principalId}'");
        db.Scope = AccessScope.For(principal, clock);
        return new BoardService(db, clock, cache);
    }
}
