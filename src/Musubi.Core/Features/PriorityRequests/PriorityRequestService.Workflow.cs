using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Data.Configurations;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Features.PriorityRequests;

public sealed partial class PriorityRequestService
{
    /// <summary>One row of the state machine: the states an action leaves, the state it enters, and the party that may take it.</summary>
    public sealed record Rule(IReadOnlyList<string> From, string To, string Party);

    /// <summary>The state machine (docs/priority-requests.md, "States and actions").</summary>
    public static readonly IReadOnlyDictionary<string, Rule> Rules = new Dictionary<string, Rule>(StringComparer.Ordinal)
    {
        [PriorityActions.Submit] = new([PriorityStates.Draft], PriorityStates.Submitted, PriorityParties.RequestingGovernment),
        [PriorityActions.Review] = new([PriorityStates.Submitted], PriorityStates.UnderReview, PriorityParties.ReceivingGovernment),
        [PriorityActions.Forward] = new([PriorityStates.UnderReview], PriorityStates.Forwarded, PriorityParties.ReceivingGovernment),
        [PriorityActions.Reject] = new([PriorityStates.Submitted, PriorityStates.UnderReview], PriorityStates.Closed, PriorityParties.ReceivingGovernment),
        [PriorityActions.Accept] = new([PriorityStates.Forwarded], PriorityStates.Accepted, PriorityParties.Supplier),
        [PriorityActions.AcceptPartial] = new([PriorityStates.Forwarded], PriorityStates.PartiallyAccepted, PriorityParties.Supplier),
        [PriorityActions.Decline] = new([PriorityStates.Forwarded], PriorityStates.Declined, PriorityParties.Supplier),
        [PriorityActions.Fulfil] = new([PriorityStates.Accepted, PriorityStates.PartiallyAccepted], PriorityStates.Fulfilled, PriorityParties.RequestingGovernment),
        [PriorityActions.Close] = new([PriorityStates.Declined, PriorityStates.Accepted, PriorityStates.PartiallyAccepted], PriorityStates.Closed, PriorityParties.RequestingGovernment),
        [PriorityActions.Withdraw] = new(
            [PriorityStates.Draft, PriorityStates.Submitted, PriorityStates.UnderReview, PriorityStates.Forwarded, PriorityStates.Accepted, PriorityStates.PartiallyAccepted],
            PriorityStates.Withdrawn, PriorityParties.RequestingGovernment),
    };

    /// <summary>
    /// Takes an action on a request the reader may see. Checked in this order: the request (unknown or invisible:
    /// <see cref="PriorityNotFoundException"/>), the action's name (<c>action</c>), the state
    /// (<see cref="PriorityConflictException"/> "transition not allowed from STATE"), the reader's party
    /// (<see cref="PriorityForbiddenException"/> "ROLE of NATION may not ACTION"), then what the action needs (a promised
    /// date, a quantity, a reason). Audited as <c>priority.transitioned</c>; the parties that must act next are notified.
    /// </summary>
    public async Task<PriorityRequestView> TransitionAsync(string id, PriorityTransitionInput input, AuditTrail audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(audit);
        var reader = await ReaderAsync(ct);
        var key = id?.Trim() ?? "";
        var request = await Visible(reader).FirstOrDefaultAsync(p => p.Id == key, ct) ?? throw new PriorityNotFoundException("priority request", key);
        var action = input.Action?.Trim().ToLowerInvariant() ?? "";
        if (action == PriorityActions.Comment)
        {
            throw new PriorityInputException("action", "comment is not a transition: post the text to the request's comments");
        }
        if (!Rules.TryGetValue(action, out var rule))
        {
            throw new PriorityInputException("action", action.Length == 0 ? "is required" : $"'{input.Action}' is not an action (one of {string.Join(", ", PriorityActions.Transitions)})");
        }
        if (!rule.From.Contains(request.State, StringComparer.Ordinal))
        {
            throw new PriorityConflictException($"transition not allowed from {request.State}: {action} applies to {string.Join(", ", rule.From)}");
        }
        if (PartyOf(reader, request) != rule.Party)
        {
            throw new PriorityForbiddenException($"{reader.Describe()} may not {action} (only the {rule.Party.Replace('_', ' ')} may)");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var note = Text(input.Note, "note", PriorityTransitionConfiguration.NoteLength, errors);
        var reason = Text(input.Reason, "reason", PriorityRequestConfiguration.ReasonLength, errors);
        DateOnly? promised = null;
        var today = Today;
        if (action is PriorityActions.Reject or PriorityActions.Decline && reason is null && !errors.ContainsKey("reason"))
        {
            errors["reason"] = [$"is required to {action}"];
        }
        if (action is PriorityActions.Accept or PriorityActions.AcceptPartial)
        {
            if (string.IsNullOrWhiteSpace(input.PromisedDate))
            {
                errors["promisedDate"] = [$"is required to {action}: the date the supplier promises delivery"];
            }
            else if (!DateOnly.TryParseExact(input.PromisedDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                errors["promisedDate"] = [$"'{input.PromisedDate}' is not a date YYYY-MM-DD"];
            }
            else if (d < today || d > today.AddYears(MaxYearsAhead))
            {
                errors["promisedDate"] = [string.Create(CultureInfo.InvariantCulture, $"must be from today ({today:yyyy-MM-dd}) and at most {MaxYearsAhead} years ahead")];
            }
            else
            {
                promised = d;
            }
        }
        if (action == PriorityActions.AcceptPartial)
        {
            if (input.Quantity is not { } q)
            {
                errors["quantity"] = ["is required to accept in part: the quantity the supplier promises"];
            }
            else if (q <= 0 || q >= request.Quantity)
            {
                errors["quantity"] = [string.Create(CultureInfo.InvariantCulture, $"must be more than 0 and less than the {request.Quantity} requested, got {q}")];
            }
        }
        else if (input.Quantity is not null)
        {
            errors["quantity"] = ["is only for accept_partial"];
        }
        if (action == PriorityActions.Submit && request.NeededBy < today)
        {
            errors["neededBy"] = [string.Create(CultureInfo.InvariantCulture, $"the needed-by date {request.NeededBy:yyyy-MM-dd} has passed: withdraw this draft and create a new request")];
        }
        if (errors.Count > 0)
        {
            throw new PriorityInputException(errors);
        }

        var now = clock.GetUtcNow();
        var from = request.State;
        switch (action)
        {
            case PriorityActions.Accept:
                request.PromisedDate = promised;
                request.PromisedQuantity = request.Quantity;
                break;
            case PriorityActions.AcceptPartial:
                request.PromisedDate = promised;
                request.PromisedQuantity = input.Quantity;
                break;
            case PriorityActions.Decline:
                request.DeclineReason = reason;
                break;
        }
        Enter(request, rule.To, now);
        var sequence = await db.PriorityTransitions.CountAsync(t => t.RequestId == request.Id, ct) + 1;
        var transitionNote = reason is null ? note : note is null ? reason : reason + "\n" + note;
        db.PriorityTransitions.Add(NewTransition(request, from, rule.To, action, reader.Id, now, transitionNote, sequence));
        var recipients = await RecipientsAsync(request, AfterTransition(request, action), reader.Id, ct);
        var text = TransitionText(request, action, reader.Id);
        try
        {
            await SaveAsync(request, audit, PriorityAuditTypes.Transitioned,
                new { from, to = rule.To, action, note = transitionNote, promisedDate = promised is { } p ? Date(p) : null, quantity = input.Quantity },
                recipients.Select(r => (r, NotificationKinds.Transition, text)).ToList(), ct);
        }
        catch (DbUpdateException)
        {
            throw new PriorityConflictException($"request '{request.Id}' was changed by someone else meanwhile: reload it and try again");
        }
        return (await GetAsync(request.Id, ct))!;
    }

    /// <summary>
    /// Comments on a request the reader may see and is a party to (not on a draft). Audited as <c>priority.commented</c>;
    /// the other parties who can see the request are notified.
    /// </summary>
    public async Task<PriorityCommentView> CommentAsync(string id, string text, AuditTrail audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var reader = await ReaderAsync(ct);
        var key = id?.Trim() ?? "";
        var request = await Visible(reader).FirstOrDefaultAsync(p => p.Id == key, ct) ?? throw new PriorityNotFoundException("priority request", key);
        if (request.State == PriorityStates.Draft)
        {
            throw new PriorityConflictException("transition not allowed from draft: a draft takes no comments (submit it first)");
        }
        if (PartyOf(reader, request) == PriorityParties.None)
        {
            throw new PriorityForbiddenException($"{reader.Describe()} may not comment");
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var body = Text(text, "text", PriorityCommentConfiguration.TextLength, errors);
        if (body is null && errors.Count == 0)
        {
            errors["text"] = ["is required"];
        }
        if (errors.Count > 0)
        {
            throw new PriorityInputException(errors);
        }
        var now = clock.GetUtcNow();
        var comment = new PriorityComment { Id = NewId("PC-", now), RequestId = request.Id, By = reader.Id, At = now, Text = body! };
        db.PriorityComments.Add(comment);
        var parties = new List<string> { PriorityParties.RequestingGovernment, PriorityParties.ReceivingGovernment, PriorityParties.Supplier };
        var recipients = await RecipientsAsync(request, parties, reader.Id, ct);
        var summary = body!.Length > 200 ? body[..200] + "…" : body;
        await SaveAsync(null, audit, PriorityAuditTypes.Commented, new { requestId = request.Id, commentId = comment.Id, length = body.Length },
            recipients.Select(r => (r, NotificationKinds.Comment, $"{request.Id}: {reader.Id} commented: {summary}")).ToList(), ct, request.Id);
        return CommentView(comment);
    }

    /// <summary>The comments of a request the reader may see, oldest first.</summary>
    public async Task<IReadOnlyList<PriorityCommentView>> CommentsAsync(string id, CancellationToken ct = default)
    {
        var view = await GetAsync(id, ct) ?? throw new PriorityNotFoundException("priority request", id?.Trim() ?? "");
        return view.Comments;
    }

    /// <summary>The reader's notifications about requests they may still see, newest first (at most <see cref="MaxFeed"/>).</summary>
    public async Task<IReadOnlyList<NotificationView>> NotificationsAsync(CancellationToken ct = default)
    {
        var reader = await ReaderAsync(ct);
        var visible = Visible(reader).Select(p => p.Id);
        var rows = await db.Notifications.AsNoTracking()
            .Where(n => n.RecipientId == reader.Id && visible.Contains(n.RequestId))
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(MaxFeed).ToListAsync(ct);
        return [.. rows.Select(n => new NotificationView(n.Id, n.RequestId, n.Kind, n.Text, n.CreatedAt, n.ReadAt))];
    }

    /// <summary>How many of the reader's notifications (as <see cref="NotificationsAsync"/> lists them) are unread.</summary>
    public async Task<int> UnreadCountAsync(CancellationToken ct = default) =>
        (await NotificationsAsync(ct)).Count(n => n.ReadAt is null);

    /// <summary>Marks one of the reader's notifications read (someone else's, or an unknown id: <see cref="PriorityNotFoundException"/>).</summary>
    public async Task MarkReadAsync(string notificationId, CancellationToken ct = default)
    {
        var reader = await ReaderAsync(ct);
        var key = notificationId?.Trim() ?? "";
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == key && n.RecipientId == reader.Id, ct)
            ?? throw new PriorityNotFoundException("notification", key);
        if (notification.ReadAt is null)
        {
            notification.ReadAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>
    /// The escalation sweep: every open request past its time limit goes up one escalation level for each full time
    /// limit it is overdue (level 1 on the first business day late), and each level reached is told once — an in-app
    /// notification and an outbox mail to every official of the acting government (the supervisor concept) — and
    /// audited as <c>priority.escalated</c>. Running it again changes nothing until another level is due. Reads every
    /// request whatever the context's reader (the sweep is the server's own act). Returns how many requests went up.
    /// </summary>
    public async Task<int> EscalateAsync(AuditTrail audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var today = Today;
        var timed = PriorityStates.Timed.ToList();
        var due = await db.PriorityRequests.IgnoreQueryFilters().Where(p => timed.Contains(p.State) && p.DueAt != null && p.DueAt < today)
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        var escalated = 0;
        foreach (var id in due)
        {
            // One request at a time, read afresh: each is saved (and the change tracker cleared) before the next.
            var request = await db.PriorityRequests.IgnoreQueryFilters().FirstOrDefaultAsync(p => p.Id == id, ct);
            if (request is null)
            {
                continue;
            }
            var level = LevelDue(request, today);
            if (level <= request.EscalationLevel)
            {
                continue;
            }
            var previous = request.EscalationLevel;
            request.EscalationLevel = level;
            var (party, country) = Acting(request);
            var officials = await OfficialsAsync(country!, request, ct);
            var overdueDays = BusinessDaysBetween(country!, request.DueAt!.Value, today);
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{request.Id} escalated to level {level}: {request.State.Replace('_', ' ')} since {request.StateEnteredAt:yyyy-MM-dd}, due {request.DueAt:yyyy-MM-dd}, {overdueDays} business day(s) overdue in {country}; the {party!.Replace('_', ' ')} must act");
            try
            {
                await SaveAsync(request, audit, PriorityAuditTypes.Escalated,
                    new { from = previous, to = level, state = request.State, dueAt = Date(request.DueAt!.Value), overdueBusinessDays = overdueDays, notified = officials },
                    officials.Select(o => (o, NotificationKinds.Escalation, text)).ToList(), ct);
                escalated++;
            }
            catch (DbUpdateException)
            {
                // Someone acted on the request meanwhile: its new state has its own clock; the next sweep looks again.
                db.ChangeTracker.Clear();
            }
        }
        return escalated;
    }

    /// <summary>The escalation level a request overdue on <paramref name="today"/> should have: 1 from the first day after its due date, one more per full time limit (business days of the acting country) after that.</summary>
    internal int LevelDue(PriorityRequest request, DateOnly today)
    {
        if (request.DueAt is not { } dueAt || today <= dueAt)
        {
            return 0;
        }
        var (_, country) = Acting(request);
        var period = Math.Max(1, request.State switch
        {
            PriorityStates.Submitted => options.TimeLimits.Submitted,
            PriorityStates.UnderReview => options.TimeLimits.UnderReview,
            PriorityStates.Forwarded => options.TimeLimits.Forwarded,
            _ => options.TimeLimits.Delivery,
        });
        var late = BusinessDaysBetween(country!, dueAt, today);
        return 1 + (Math.Max(0, late - 1) / period);
    }

    // ----- state, time limits, notifications ----------------------------------------------------------------------------

    /// <summary>Puts the request in <paramref name="state"/> from <paramref name="now"/>: its time limit starts, its escalation level is back to 0.</summary>
    internal void Enter(PriorityRequest request, string state, DateTimeOffset now)
    {
        request.State = state;
        request.StateEnteredAt = now;
        request.EscalationLevel = 0;
        request.DueAt = DueFor(request, DateOnly.FromDateTime(now.UtcDateTime));
    }

    /// <summary>
    /// The last day of the state's time limit: the receiving government has <c>Submitted</c> / <c>UnderReview</c>
    /// business days, the supplier <c>Forwarded</c>, counted in the acting country's business days from the day the
    /// state was entered (that day not counted); an accepted request is due on the promised date; other states have none.
    /// </summary>
    internal DateOnly? DueFor(PriorityRequest request, DateOnly entered)
    {
        var limits = options.TimeLimits;
        var (_, country) = Acting(request);
        return request.State switch
        {
            PriorityStates.Submitted => Calendar(country!).Add(entered, limits.Submitted),
            PriorityStates.UnderReview => Calendar(country!).Add(entered, limits.UnderReview),
            PriorityStates.Forwarded => Calendar(country!).Add(entered, limits.Forwarded),
            PriorityStates.Accepted or PriorityStates.PartiallyAccepted => request.PromisedDate,
            _ => null,
        };
    }

    /// <summary>The parties to tell after <paramref name="action"/> moved the request: those who must act next, and those it concerns.</summary>
    private static List<string> AfterTransition(PriorityRequest request, string action) => action switch
    {
        PriorityActions.Submit => [PriorityParties.ReceivingGovernment],
        PriorityActions.Review => [PriorityParties.RequestingGovernment, PriorityParties.ReceivingGovernment],
        PriorityActions.Forward => [PriorityParties.Supplier, PriorityParties.RequestingGovernment],
        PriorityActions.Reject => [PriorityParties.RequestingGovernment],
        PriorityActions.Accept or PriorityActions.AcceptPartial or PriorityActions.Decline => [PriorityParties.RequestingGovernment, PriorityParties.ReceivingGovernment],
        PriorityActions.Fulfil or PriorityActions.Close => [PriorityParties.Supplier, PriorityParties.ReceivingGovernment],
        PriorityActions.Withdraw => [PriorityParties.ReceivingGovernment, PriorityParties.Supplier],
        _ => [],
    };

    private static string TransitionText(PriorityRequest r, string action, string by)
    {
        var due = r.DueAt is { } d ? ", due " + Date(d) : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Id} {action.Replace('_', ' ')} by {by}: {r.Quantity} × {r.PartId} from {r.SupplierOrganizationId}, needed by {Date(r.NeededBy)}; now {r.State.Replace('_', ' ')}{due}");
    }

    /// <summary>
    /// The principals of <paramref name="parties"/> who may see <paramref name="request"/> now (party rules and the
    /// marking policy), less <paramref name="actor"/>.
    /// </summary>
    private async Task<List<string>> RecipientsAsync(PriorityRequest request, IReadOnlyCollection<string> parties, string actor, CancellationToken ct)
    {
        var everSubmitted = request.State != PriorityStates.Draft
            && (request.State != PriorityStates.Withdrawn || await db.PriorityTransitions.AnyAsync(t => t.RequestId == request.Id && t.To == PriorityStates.Submitted, ct));
        var everForwarded = request.State is PriorityStates.Forwarded or PriorityStates.Accepted or PriorityStates.PartiallyAccepted or PriorityStates.Declined or PriorityStates.Fulfilled
            || await db.PriorityTransitions.AnyAsync(t => t.RequestId == request.Id && t.To == PriorityStates.Forwarded, ct);
        var result = new List<string>();
        if (parties.Contains(PriorityParties.RequestingGovernment))
        {
            result.AddRange(await OfficialsAsync(request.RequestingGovernment, request, ct));
        }
        if (parties.Contains(PriorityParties.ReceivingGovernment) && everSubmitted)
        {
            result.AddRange(await OfficialsAsync(request.ReceivingGovernment, request, ct));
        }
        if (parties.Contains(PriorityParties.Supplier) && everForwarded)
        {
            var today = Today;
            var suppliers = await db.Principals.AsNoTracking().Where(p => p.OrganizationId == request.SupplierOrganizationId && !p.Disabled).ToListAsync(ct);
            result.AddRange(suppliers.Where(p => p.HasRole(Roles.Contributor, Roles.ProgramManager) && AccessPolicy.CanRead(AccessScope.For(p, today), request.Marking)).Select(p => p.Id));
        }
        return [.. result.Where(r => r != actor).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The officials of <paramref name="country"/>'s government (program managers of its government organizations) who may read <paramref name="request"/>.</summary>
    private async Task<List<string>> OfficialsAsync(string country, PriorityRequest request, CancellationToken ct)
    {
        var governmentOrgs = await db.Organizations.IgnoreQueryFilters().AsNoTracking()
            .Where(o => o.Kind == OrganizationKind.Government && o.Country == country).Select(o => o.Id).ToListAsync(ct);
        var candidates = await db.Principals.AsNoTracking()
            .Where(p => p.Nationality == country && !p.Disabled && p.OrganizationId != null && governmentOrgs.Contains(p.OrganizationId))
            .ToListAsync(ct);
        var today = Today;
        return [.. candidates.Where(p => p.HasRole(Roles.ProgramManager) && AccessPolicy.CanRead(AccessScope.For(p, today), request.Marking))
            .Select(p => p.Id).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Saves the request's change (null: comments only), its audit event and its notifications with their outbox mail
    /// in one transaction.
    /// </summary>
    private async Task SaveAsync(PriorityRequest? request, AuditTrail audit, string type, object detail,
        IReadOnlyList<(string Recipient, string Kind, string Text)> notices, CancellationToken ct, string? requestId = null)
    {
        var now = clock.GetUtcNow();
        var id = request?.Id ?? requestId!;
        if (request is not null && db.Entry(request).State == EntityState.Detached)
        {
            db.PriorityRequests.Add(request);
        }
        if (request is not null && LengthLimits.Violations(db.Model, request).FirstOrDefault() is { Field: { } field } violation)
        {
            throw new PriorityInputException(field, string.Create(CultureInfo.InvariantCulture, $"is longer than {violation.Limit} characters"));
        }
        foreach (var (recipient, kind, text) in notices)
        {
            var body = text.Length > 1000 ? text[..999] + "…" : text;
            db.Notifications.Add(new Notification { Id = NewId("NT-", now), RecipientId = recipient, RequestId = id, Kind = kind, Text = body, CreatedAt = now });
            db.MailOutbox.Add(new MailOutbox
            {
                Id = NewId("MO-", now),
                ToPrincipalId = recipient,
                Subject = $"[Musubi] {id}: {kind}",
                Body = body + "\n\n/priority/" + id + "\n",
                CreatedAt = now,
            });
        }
        var owned = db.Database.CurrentTransaction is null;
        await using (var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, type, AuditOutcomes.Success, "priority/" + id, JsonSerializer.Serialize(detail, AuditJson), ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }
        }
        if (owned)
        {
            await audit.Log.CheckpointIfDueAsync(db, ct);
        }
        db.ChangeTracker.Clear();
    }

    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web);

    /// <summary>An optional text field: trimmed, null when blank; an error when too long or holding control characters other than line breaks.</summary>
    private static string? Text(string? value, string field, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var text = value.Trim();
        if (text.Length > max || HasControl(text, allowNewlines: true))
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"must be text of at most {max} characters")];
            return null;
        }
        return text;
    }
}
