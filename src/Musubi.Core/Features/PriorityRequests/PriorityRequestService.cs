using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Data.Configurations;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Registry;
using Musubi.Engines.Timelines;

namespace Musubi.Core.Features.PriorityRequests;

/// <summary>
/// The priority-delivery request workflow (issue #10; docs/priority-requests.md): one government asks the other to have
/// a supplier of its country deliver a part by a date; the receiving government reviews and forwards; the supplier
/// accepts (fully or in part) or declines; the requesting government takes delivery or closes. Scoped over the caller's
/// <see cref="AppDbContext"/>: its <see cref="AppDbContext.Scope"/> is the reader, whose marking access filters every
/// read, and whom the workflow narrows further to the parties of each request (officials of the two governments, the
/// supplier from <c>forwarded</c> on). Bad input throws <see cref="PriorityInputException"/> naming each field; an
/// unknown or invisible request <see cref="PriorityNotFoundException"/>; an action the state does not allow
/// <see cref="PriorityConflictException"/>; an action the reader's party may not take
/// <see cref="PriorityForbiddenException"/>. Creations, transitions, comments and escalations are audited.
/// </summary>
public sealed partial class PriorityRequestService(AppDbContext db, TimeProvider clock, PriorityRequestOptions options)
{
    /// <summary>The two governments of the workflow (ISO 3166-1 alpha-2).</summary>
    public static readonly IReadOnlyList<string> Governments = ["US", "JP"];

    /// <summary>Most notifications in a feed (newest first).</summary>
    public const int MaxFeed = 200;

    /// <summary>Largest quantity a request may ask for.</summary>
    public const int MaxQuantity = 100_000_000;

    /// <summary>How far ahead a needed-by date may be (years).</summary>
    public const int MaxYearsAhead = 10;

    private Reader? _reader;

    /// <summary>Today's date (UTC), the day time limits and needed-by dates are compared with.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>The requests visible to the reader, newest first, filtered and paged.</summary>
    public async Task<PriorityRequestPage> ListAsync(PriorityRequestFilter filter, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var state = filter.State?.Trim();
        if (!string.IsNullOrEmpty(state) && !PriorityStates.IsKnown(state))
        {
            errors["state"] = [$"'{filter.State}' is not a state (one of {string.Join(", ", PriorityStates.All)})"];
        }
        var nation = filter.Nation?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(nation) && !Governments.Contains(nation, StringComparer.Ordinal))
        {
            errors["nation"] = [$"'{filter.Nation}' is not a government of the workflow (US or JP)"];
        }
        if (filter.Page < 1)
        {
            errors["page"] = ["must be 1 or more"];
        }
        if (filter.PageSize is < 1 or > PriorityRequestFilter.MaxPageSize)
        {
            errors["pageSize"] = [string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {PriorityRequestFilter.MaxPageSize}")];
        }
        if (errors.Count > 0)
        {
            throw new PriorityInputException(errors);
        }
        var reader = await ReaderAsync(ct);
        var q = Visible(reader);
        if (!string.IsNullOrEmpty(state))
        {
            q = q.Where(p => p.State == state);
        }
        if (!string.IsNullOrEmpty(nation))
        {
            q = q.Where(p => p.RequestingGovernment == nation || p.ReceivingGovernment == nation);
        }
        if (filter.Overdue is { } overdue)
        {
            var today = Today;
            var timed = PriorityStates.Timed.ToList();
            q = overdue
                ? q.Where(p => timed.Contains(p.State) && p.DueAt != null && p.DueAt < today)
                : q.Where(p => !(timed.Contains(p.State) && p.DueAt != null && p.DueAt < today));
        }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize).AsNoTracking().ToListAsync(ct);
        var names = await NamesAsync(rows, ct);
        return new PriorityRequestPage([.. rows.Select(r => Summary(r, names))], total, filter.Page, filter.PageSize);
    }

    /// <summary>A request the reader may see, with its history, comments and the actions the reader may take; null when unknown or not visible.</summary>
    public async Task<PriorityRequestView?> GetAsync(string id, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }
        var reader = await ReaderAsync(ct);
        var key = id.Trim();
        var request = await Visible(reader).AsNoTracking().FirstOrDefaultAsync(p => p.Id == key, ct);
        return request is null ? null : await ViewAsync(request, reader, ct);
    }

    /// <summary>
    /// Creates a draft. Only an official of the U.S. or Japanese government may (the requesting government is their
    /// nationality); every field is checked against the registry as the creator sees it. Audited as <c>priority.created</c>.
    /// </summary>
    public async Task<PriorityRequestView> CreateAsync(PriorityRequestInput input, AuditTrail audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(audit);
        var reader = await ReaderAsync(ct);
        if (reader.Government is null)
        {
            throw new PriorityForbiddenException($"{reader.Describe()} may not create a priority request (only a program manager of the U.S. or Japanese government may)");
        }
        var requesting = reader.Government;
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }

        var receiving = Governments.First(g => g != requesting);
        if (!string.IsNullOrWhiteSpace(input.ReceivingGovernment))
        {
            var asked = input.ReceivingGovernment.Trim().ToUpperInvariant();
            if (!Governments.Contains(asked, StringComparer.Ordinal))
            {
                Error("receivingGovernment", $"'{input.ReceivingGovernment}' is not a government of the workflow (US or JP)");
            }
            else if (asked == requesting)
            {
                Error("receivingGovernment", $"must differ from the requesting government ({requesting}, your nationality)");
            }
        }

        var partId = input.PartId?.Trim() ?? "";
        string? partName = null;
        if (partId.Length == 0)
        {
            Error("partId", "is required");
        }
        else if ((partName = await db.Parts.AsNoTracking().Where(p => p.Id == partId).Select(p => p.Name).FirstOrDefaultAsync(ct)) is null)
        {
            Error("partId", $"unknown part '{partId}' (not in the registry, or not visible to you)");
        }

        if (input.Quantity is not { } quantity)
        {
            Error("quantity", "is required");
            quantity = 0;
        }
        else if (quantity <= 0 || quantity > MaxQuantity)
        {
            Error("quantity", string.Create(CultureInfo.InvariantCulture, $"must be more than 0 and at most {MaxQuantity}, got {quantity}"));
        }

        var supplierId = input.SupplierOrganizationId?.Trim() ?? "";
        if (supplierId.Length == 0)
        {
            Error("supplierOrganizationId", "is required");
        }
        else
        {
            var country = await db.Organizations.AsNoTracking().Where(o => o.Id == supplierId).Select(o => o.Country).FirstOrDefaultAsync(ct);
            if (country is null)
            {
                Error("supplierOrganizationId", $"unknown organization '{supplierId}' (not in the registry, or not visible to you)");
            }
            else if (!string.Equals(country, receiving, StringComparison.Ordinal))
            {
                Error("supplierOrganizationId", $"organization '{supplierId}' is in {country}, not in the receiving country {receiving}");
            }
        }

        string? facilityId = null;
        if (!string.IsNullOrWhiteSpace(input.FacilityId))
        {
            facilityId = input.FacilityId.Trim();
            var owner = await db.Facilities.AsNoTracking().Where(f => f.Id == facilityId).Select(f => f.OrganizationId).FirstOrDefaultAsync(ct);
            if (owner is null)
            {
                Error("facilityId", $"unknown facility '{facilityId}' (not in the registry, or not visible to you)");
            }
            else if (supplierId.Length > 0 && !string.Equals(owner, supplierId, StringComparison.Ordinal))
            {
                Error("facilityId", $"facility '{facilityId}' belongs to '{owner}', not to the supplier '{supplierId}'");
            }
        }

        var today = Today;
        DateOnly neededBy = default;
        if (string.IsNullOrWhiteSpace(input.NeededBy))
        {
            Error("neededBy", "is required");
        }
        else if (!DateOnly.TryParseExact(input.NeededBy.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out neededBy))
        {
            Error("neededBy", $"'{input.NeededBy}' is not a date YYYY-MM-DD");
        }
        else if (neededBy < today)
        {
            Error("neededBy", string.Create(CultureInfo.InvariantCulture, $"must be today ({today:yyyy-MM-dd}) or later, got {neededBy:yyyy-MM-dd}"));
        }
        else if (neededBy > today.AddYears(MaxYearsAhead))
        {
            Error("neededBy", string.Create(CultureInfo.InvariantCulture, $"must be at most {MaxYearsAhead} years ahead"));
        }

        var justification = input.Justification?.Trim() ?? "";
        if (justification.Length == 0)
        {
            Error("justification", "is required: why the delivery is a priority");
        }
        else if (justification.Length > PriorityRequestConfiguration.JustificationLength || HasControl(justification, allowNewlines: true))
        {
            Error("justification", string.Create(CultureInfo.InvariantCulture, $"must be text of at most {PriorityRequestConfiguration.JustificationLength} characters"));
        }

        string? programId = null;
        if (!string.IsNullOrWhiteSpace(input.ProgramId))
        {
            programId = input.ProgramId.Trim();
            if (!await db.Programs.AsNoTracking().AnyAsync(p => p.Id == programId, ct))
            {
                Error("programId", $"unknown program '{programId}' (not in the registry, or not visible to you)");
            }
        }
        var operation = string.IsNullOrWhiteSpace(input.Operation) ? null : input.Operation.Trim();
        if (operation is not null && (operation.Length > PriorityRequestConfiguration.OperationLength || HasControl(operation, allowNewlines: false)))
        {
            Error("operation", string.Create(CultureInfo.InvariantCulture, $"must be one line of at most {PriorityRequestConfiguration.OperationLength} characters"));
        }

        var priority = string.IsNullOrWhiteSpace(input.Priority) ? PriorityLevels.Routine : input.Priority.Trim().ToLowerInvariant();
        if (!PriorityLevels.All.Contains(priority, StringComparer.Ordinal))
        {
            Error("priority", $"'{input.Priority}' is not a priority (one of {string.Join(", ", PriorityLevels.All)})");
        }

        var marking = new Marking();
        if (!string.IsNullOrWhiteSpace(input.Marking))
        {
            string? markingError = null;
            if (input.Marking.Length > MarkingSyntax.MaxLength || Marking.TryParse(input.Marking, null, out markingError) is not { } parsed)
            {
                Error("marking", input.Marking.Length > MarkingSyntax.MaxLength ? "is too long" : markingError ?? "is not a marking");
            }
            else
            {
                marking = parsed;
                if (!AccessPolicy.CanRead(db.Scope, marking))
                {
                    Error("marking", "you could not read a request with this marking yourself");
                }
                else if (!AccessPolicy.CanRead(GovernmentScope(receiving), marking))
                {
                    Error("marking", $"must be releasable to the receiving government ({Countries.ToAlpha3(receiving)}): it must be able to read the request");
                }
            }
        }
        if (errors.Count > 0)
        {
            throw new PriorityInputException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }

        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var request = new PriorityRequest
            {
                Id = await NextIdAsync(now, ct),
                RequestingGovernment = requesting,
                ReceivingGovernment = receiving,
                PartId = partId,
                Quantity = quantity,
                SupplierOrganizationId = supplierId,
                FacilityId = facilityId,
                NeededBy = neededBy,
                Justification = justification,
                ProgramId = programId,
                Operation = operation,
                Priority = priority,
                Marking = marking,
                State = PriorityStates.Draft,
                StateEnteredAt = now,
                CreatedBy = reader.Id,
            };
            request.Transitions.Add(NewTransition(request, null, PriorityStates.Draft, "create", reader.Id, now, null, 1));
            try
            {
                await SaveAsync(request, audit, PriorityAuditTypes.Created, new { state = request.State, partId, quantity, supplierOrganizationId = supplierId, neededBy = Date(neededBy), priority, marking = marking.Banner }, [], ct);
                return (await GetAsync(request.Id, ct))!;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // Another request took the same number meanwhile: take the next one.
                db.ChangeTracker.Clear();
            }
        }
    }

    // ----- who is who ---------------------------------------------------------------------------------------------------

    /// <summary>The reader as the workflow sees them: their government when they are one of its officials, their organization when they may act for it.</summary>
    internal sealed record Reader(string Id, bool Unrestricted, string? Nationality, string? Government, string? OrganizationId, bool MayActForOrganization, IReadOnlyList<string> Roles)
    {
        public string Describe() =>
            (Roles.Count == 0 ? "a reader without a role" : string.Join("/", Roles)) + " of " + (Nationality ?? "no nationality");
    }

    private async Task<Reader> ReaderAsync(CancellationToken ct)
    {
        if (_reader is not null)
        {
            return _reader;
        }
        var scope = db.Scope;
        var principal = await db.Principals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == scope.PrincipalId, ct);
        if (principal is null || principal.Disabled)
        {
            return _reader = new Reader(scope.PrincipalId, scope.Unrestricted, null, null, null, false, scope.Roles);
        }
        var government = await IsOfficialAsync(principal, ct) ? principal.Nationality : null;
        return _reader = new Reader(principal.Id, scope.Unrestricted, principal.Nationality, government, principal.OrganizationId,
            principal.OrganizationId is not null && principal.HasRole(Roles.Contributor, Roles.ProgramManager), principal.Roles);
    }

    private async Task<bool> IsOfficialAsync(Principal principal, CancellationToken ct) =>
        principal.HasRole(Roles.ProgramManager)
        && principal.Nationality is { } nationality
        && Governments.Contains(nationality, StringComparer.Ordinal)
        && principal.OrganizationId is { } org
        && await db.Organizations.IgnoreQueryFilters().AsNoTracking().AnyAsync(o => o.Id == org && o.Kind == OrganizationKind.Government, ct);

    /// <summary>The reader's party on <paramref name="request"/>.</summary>
    private static string PartyOf(Reader reader, PriorityRequest request) =>
        reader.Government == request.RequestingGovernment ? PriorityParties.RequestingGovernment
        : reader.Government == request.ReceivingGovernment ? PriorityParties.ReceivingGovernment
        : reader.MayActForOrganization && reader.OrganizationId == request.SupplierOrganizationId ? PriorityParties.Supplier
        : PriorityParties.None;

    /// <summary>
    /// The requests the reader may see: those the marking policy lets them read (the context's filter) that they are a
    /// party to — the requesting government's officials always, the receiving government's once submitted, the
    /// supplier's principals once forwarded. The unrestricted local operator (the CLI without <c>--as</c>) sees all.
    /// </summary>
    internal IQueryable<PriorityRequest> Visible(Reader reader)
    {
        var q = db.PriorityRequests.AsQueryable();
        if (reader.Unrestricted)
        {
            return q;
        }
        var government = reader.Government;
        var org = reader.MayActForOrganization ? reader.OrganizationId : null;
        if (government is null && org is null)
        {
            return q.Where(p => false);
        }
        return q.Where(p =>
            (government != null && p.RequestingGovernment == government)
            || (government != null && p.ReceivingGovernment == government && db.PriorityTransitions.Any(t => t.RequestId == p.Id && t.To == PriorityStates.Submitted))
            || (org != null && p.SupplierOrganizationId == org && db.PriorityTransitions.Any(t => t.RequestId == p.Id && t.To == PriorityStates.Forwarded)));
    }

    private static AccessScope GovernmentScope(string country) => new()
    {
        Nationality = Countries.ToAlpha3(country),
        CuiAccess = true,
        Federal = country == "US",
        PrincipalId = "government:" + country,
    };

    // ----- views --------------------------------------------------------------------------------------------------------

    private sealed record Names(Dictionary<string, string> Parts, Dictionary<string, (string Name, string Country)> Organizations);

    private async Task<Names> NamesAsync(IReadOnlyCollection<PriorityRequest> rows, CancellationToken ct)
    {
        var parts = rows.Select(r => r.PartId).Distinct(StringComparer.Ordinal).ToList();
        var orgs = rows.Select(r => r.SupplierOrganizationId).Distinct(StringComparer.Ordinal).ToList();
        var partNames = await db.Parts.AsNoTracking().Where(p => parts.Contains(p.Id)).Select(p => new { p.Id, p.Name }).ToDictionaryAsync(p => p.Id, p => p.Name, StringComparer.Ordinal, ct);
        var orgNames = await db.Organizations.AsNoTracking().Where(o => orgs.Contains(o.Id)).Select(o => new { o.Id, o.Name, o.Country })
            .ToDictionaryAsync(o => o.Id, o => (o.Name, o.Country), StringComparer.Ordinal, ct);
        return new Names(partNames, orgNames);
    }

    private PriorityRequestSummary Summary(PriorityRequest r, Names names) => new(
        r.Id, r.RequestingGovernment, r.ReceivingGovernment, r.PartId, names.Parts.GetValueOrDefault(r.PartId), r.Quantity,
        r.SupplierOrganizationId, names.Organizations.TryGetValue(r.SupplierOrganizationId, out var o) ? o.Name : null,
        r.NeededBy, r.Priority, r.State, r.StateEnteredAt, r.DueAt, IsOverdue(r), r.EscalationLevel, r.Marking.Banner, r.CreatedAt, r.CreatedBy);

    private async Task<PriorityRequestView> ViewAsync(PriorityRequest r, Reader reader, CancellationToken ct)
    {
        var names = await NamesAsync([r], ct);
        var transitions = await db.PriorityTransitions.AsNoTracking().Where(t => t.RequestId == r.Id).ToListAsync(ct);
        var comments = await db.PriorityComments.AsNoTracking().Where(c => c.RequestId == r.Id).ToListAsync(ct);
        var party = PartyOf(reader, r);
        var (actingParty, actingCountry) = Acting(r);
        return new PriorityRequestView(
            r.Id, r.RequestingGovernment, r.ReceivingGovernment, r.PartId, names.Parts.GetValueOrDefault(r.PartId), r.Quantity,
            r.SupplierOrganizationId, names.Organizations.TryGetValue(r.SupplierOrganizationId, out var o) ? o.Name : null,
            r.ReceivingGovernment, r.FacilityId, r.NeededBy, r.Justification, r.ProgramId, r.Operation, r.Priority, r.Marking.Banner,
            r.State, r.StateEnteredAt, r.DueAt, actingParty, actingCountry, IsOverdue(r), r.EscalationLevel,
            r.PromisedDate, r.PromisedQuantity, r.DeclineReason, r.PromisedDate is { } promised && promised > r.NeededBy,
            r.CreatedAt, r.CreatedBy,
            [.. transitions.OrderBy(t => t.At).ThenBy(t => t.Id, StringComparer.Ordinal).Select(t => new PriorityTransitionView(t.From, t.To, t.Action, t.By, t.At, t.Note))],
            [.. comments.OrderBy(c => c.At).ThenBy(c => c.Id, StringComparer.Ordinal).Select(CommentView)],
            AllowedActions(r, party),
            party);
    }

    private static PriorityCommentView CommentView(PriorityComment c) => new(c.Id, c.RequestId, c.By, c.At, c.Text);

    /// <summary>The actions <paramref name="party"/> may take on <paramref name="r"/> in its state, in workflow order (<c>comment</c> last).</summary>
    public static IReadOnlyList<string> AllowedActions(PriorityRequest r, string party)
    {
        ArgumentNullException.ThrowIfNull(r);
        var allowed = PriorityActions.Transitions.Where(a => Rules[a].From.Contains(r.State, StringComparer.Ordinal) && Rules[a].Party == party).ToList();
        if (party != PriorityParties.None && r.State != PriorityStates.Draft)
        {
            allowed.Add(PriorityActions.Comment);
        }
        return allowed;
    }

    /// <summary>Who must act in the request's state and in which country's business days its time limit runs (nulls when nobody must).</summary>
    public static (string? Party, string? Country) Acting(PriorityRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return r.State switch
        {
            PriorityStates.Draft or PriorityStates.Declined => (PriorityParties.RequestingGovernment, r.RequestingGovernment),
            PriorityStates.Submitted or PriorityStates.UnderReview => (PriorityParties.ReceivingGovernment, r.ReceivingGovernment),
            // The supplier is in the receiving country (checked at creation): its business days are that country's.
            PriorityStates.Forwarded or PriorityStates.Accepted or PriorityStates.PartiallyAccepted => (PriorityParties.Supplier, r.ReceivingGovernment),
            _ => (null, null),
        };
    }

    private bool IsOverdue(PriorityRequest r) =>
        r.DueAt is { } due && PriorityStates.Timed.Contains(r.State, StringComparer.Ordinal) && Today > due;

    // ----- helpers ------------------------------------------------------------------------------------------------------

    private async Task<string> NextIdAsync(DateTimeOffset now, CancellationToken ct)
    {
        var prefix = "PR-" + now.UtcDateTime.Year.ToString("D4", CultureInfo.InvariantCulture) + "-";
        var ids = await db.PriorityRequests.IgnoreQueryFilters().AsNoTracking().Where(p => p.Id.StartsWith(prefix)).Select(p => p.Id).ToListAsync(ct);
        var max = ids.Select(i => int.TryParse(i.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
        return prefix + (max + 1).ToString("D4", CultureInfo.InvariantCulture);
    }

    private static PriorityTransition NewTransition(PriorityRequest r, string? from, string to, string action, string by, DateTimeOffset at, string? note, int sequence) => new()
    {
        Id = r.Id + "-T" + sequence.ToString("D3", CultureInfo.InvariantCulture),
        RequestId = r.Id,
        From = from,
        To = to,
        Action = action,
        By = by,
        At = at,
        Note = note,
    };

    internal static string NewId(string prefix, DateTimeOffset now) =>
        prefix + now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool HasControl(string text, bool allowNewlines) =>
        text.Any(c => char.IsControl(c) && !(allowNewlines && c is '\n' or '\r' or '\t'));

    /// <summary>The business-day calendar of a workflow country.</summary>
    private static BusinessCalendar Calendar(string country) => BusinessCalendar.For(country);

    /// <summary>Business days from the day after <paramref name="from"/> to <paramref name="to"/> (0 when <paramref name="to"/> is not after it).</summary>
    internal static int BusinessDaysBetween(string country, DateOnly from, DateOnly to) =>
        to <= from ? 0 : Calendar(country).Count(from.AddDays(1), to);
}
