using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Board;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Matching;

namespace Musubi.Core.Features.Matching;

/// <summary>
/// Explained matchmaking over the registry (issue #8; docs/engines/matching.md): the suppliers for a requirement and the
/// open requirements for an organization, ranked by the engine (<see cref="Matcher"/>) over the supplier index
/// (<see cref="SupplierIndexCache"/>) and the board's requirement index (<see cref="BoardIndexCache"/>), with transfers
/// checked by issue #3's engine (<see cref="MatchingTransfers"/>). Scoped: reads with the caller's
/// <see cref="AppDbContext.Scope"/>, and the engine sees every record through one access function that answers for
/// both indexes' keys (the board's below <see cref="MatchingAccessKeys.Base"/>, the suppliers' from it), so a reader
/// never gets an organization, facility, capability, engagement or requirement they may not see — in results, in the
/// excluded list or in reverse. A requirement or organization the reader may not see reads as missing (null). Each
/// ranking appends a <c>match.ranked</c> audit event when given an <see cref="AuditTrail"/>.
/// </summary>
public sealed class MatchingService(AppDbContext db, TimeProvider clock, SupplierIndexCache suppliers, BoardIndexCache board, TransferService transfers)
{
    /// <summary>Today (UTC): the start of the capacity window, and the date of requirements without a need date.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>As <see cref="MatchRequirementAsync(string, int, bool, MatchWeights?, AuditTrail?, CancellationToken)"/>, not audited.</summary>
    public Task<MatchRequirementResult?> MatchRequirementAsync(string requirementId, int top, bool explainExcluded, MatchWeights? weights, CancellationToken ct) =>
        MatchRequirementAsync(requirementId, top, explainExcluded, weights, null, ct);

    /// <summary>
    /// The suppliers ranked for <paramref name="requirementId"/> (null when it is missing or the reader may not see it or
    /// its program). <paramref name="top"/> 1–1000 else <see cref="MatchingQuestionException"/> on <c>top</c>.
    /// </summary>
    public async Task<MatchRequirementResult?> MatchRequirementAsync(string requirementId, int top, bool explainExcluded, MatchWeights? weights, AuditTrail? audit, CancellationToken ct)
    {
        var n = MatchingQuestions.Top(top);
        if (string.IsNullOrWhiteSpace(requirementId))
        {
            return null;
        }
        var requirement = await db.Requirements.AsNoTracking().FirstOrDefaultAsync(r => r.Id == requirementId, ct);
        if (requirement is null)
        {
            return null;
        }
        DefenseProgram? program = null;
        if (requirement.ProgramId is { } programId)
        {
            program = await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programId, ct);
            if (program is null)
            {
                // The board shows a requirement only with its program: a hidden program is not disclosed through it.
                return null;
            }
        }
        var boardIndex = await board.GetAsync(db, ct);
        var snapshot = await suppliers.GetAsync(db, ct);
        var canSee = CanSee(boardIndex, snapshot);
        if (boardIndex.Visible(requirement.Id, canSee) is not { } document)
        {
            return null;
        }
        var asOf = Today;
        var lookup = MatchingTransfers.For(transfers, requirement, program);
        var ranking = await Task.Run(() => Matcher.RankSuppliers(snapshot.Index, document, lookup,
            new MatchOptions(asOf, n, explainExcluded, weights, canSee)), ct);
        var info = new MatchRequirementInfo(
            requirement.Id,
            requirement.TitleEn,
            requirement.TitleJa,
            requirement.ProgramId,
            program?.Name,
            document.ProgramNations,
            requirement.CapabilityCodes,
            requirement.RequiredCertifications,
            requirement.Quantity,
            requirement.NeedBy,
            EnumText.ToSnake(requirement.Status),
            EnumText.ToSnake(requirement.ContractingPath),
            requirement.Marking.Banner);
        if (audit is not null)
        {
            await AuditAsync(audit, "requirement/" + requirement.Id, new
            {
                direction = "suppliers",
                top = n,
                explainExcluded,
                weights = weights ?? MatchWeights.Default,
                candidates = ranking.Candidates,
                eligible = ranking.Eligible,
                results = ranking.Results.Count,
            }, ct);
        }
        return new MatchRequirementResult(info, ranking, asOf);
    }

    /// <summary>As <see cref="MatchSupplierAsync(string, int, MatchWeights?, AuditTrail?, CancellationToken)"/>, not audited.</summary>
    public Task<MatchSupplierResult?> MatchSupplierAsync(string organizationId, int top, MatchWeights? weights, CancellationToken ct) =>
        MatchSupplierAsync(organizationId, top, weights, null, ct);

    /// <summary>
    /// The open requirements ranked for <paramref name="organizationId"/>, each with its best facility (null when the
    /// organization is missing or hidden from the reader). The engine's transfer lookup is per (from, to, date), so in
    /// this direction a transfer is checked as a component through no particular channel (the forward ranking of one
    /// requirement checks it with the requirement's item kind, channel and program).
    /// </summary>
    public async Task<MatchSupplierResult?> MatchSupplierAsync(string organizationId, int top, MatchWeights? weights, AuditTrail? audit, CancellationToken ct)
    {
        var n = MatchingQuestions.Top(top);
        if (string.IsNullOrWhiteSpace(organizationId))
        {
            return null;
        }
        var organization = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (organization is null)
        {
            return null;
        }
        var boardIndex = await board.GetAsync(db, ct);
        var snapshot = await suppliers.GetAsync(db, ct);
        var canSee = CanSee(boardIndex, snapshot);
        var asOf = Today;
        var lookup = MatchingTransfers.Generic(transfers);
        var ranking = await Task.Run(() => Matcher.RankRequirements(boardIndex.Index, snapshot.Index, organization.Id, lookup,
            new MatchOptions(asOf, n, false, weights, canSee)), ct);
        if (audit is not null)
        {
            await AuditAsync(audit, "organization/" + organization.Id, new
            {
                direction = "requirements",
                top = n,
                weights = weights ?? MatchWeights.Default,
                candidates = ranking.Candidates,
                eligible = ranking.Eligible,
                results = ranking.Results.Count,
            }, ct);
        }
        return new MatchSupplierResult(organization.Id, organization.Name, organization.NameJa, ranking, asOf);
    }

    /// <summary>One access function for both indexes: the board's keys are below <see cref="MatchingAccessKeys.Base"/>.</summary>
    private Func<int, bool> CanSee(BoardIndex boardIndex, SupplierSnapshot snapshot)
    {
        var scope = db.Scope;
        var requirements = boardIndex.CanSeeFor(scope);
        var supplierSide = snapshot.Keys.CanSeeFor(scope);
        return key => key >= MatchingAccessKeys.Base ? supplierSide(key) : requirements(key);
    }

    private Task AuditAsync(AuditTrail audit, string obj, object detail, CancellationToken ct) =>
        audit.AppendAsync(db, MatchingAuditTypes.Ranked, AuditOutcomes.Success, "match/" + obj, JsonSerializer.Serialize(detail), ct);
}
