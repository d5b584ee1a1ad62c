using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data.Configurations;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.PriorityRequests;
using Musubi.Core.Features.Registry;
using Musubi.Engines.Matching;

namespace Musubi.Core.Features.Board;

public sealed partial class BoardService
{
    /// <summary>Most feed entries in an Atom feed (newest first).</summary>
    public const int MaxAtomEntries = 100;

    /// <summary>The engine's largest page, used to walk every match of a subscription.</summary>
    private const int SweepPage = 500;

    /// <summary>The subject of a digest starts with this and the UTC date: one digest per principal per day.</summary>
    public const string DigestSubject = "[Musubi] Board digest ";

    // ----- subscriptions ------------------------------------------------------------------------------------------------

    /// <summary>The reader's own subscriptions, oldest first, each with its unread items the reader may still see.</summary>
    public async Task<IReadOnlyList<BoardSubscriptionView>> SubscriptionsAsync(CancellationToken ct = default)
    {
        var me = db.Scope.PrincipalId;
        var subscriptions = await db.BoardSubscriptions.AsNoTracking().Where(s => s.PrincipalId == me)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(ct);
        if (subscriptions.Count == 0)
        {
            return [];
        }
        var items = await VisibleItemsAsync(null, unreadOnly: true, ct);
        var unread = items.GroupBy(i => i.SubscriptionId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. subscriptions.Select(s => View(s, unread.GetValueOrDefault(s.Id)))];
    }

    /// <summary>
    /// Subscribes the reader (a principal: the CLI's local operator has no feed). Capability codes must be in the taxonomy,
    /// programs ones the reader may see, nations alpha-2 codes, a saved search valid as a search. Every requirement that
    /// already matches is recorded as seen (the baseline), so only later changes reach the feed. Audited as <c>board.subscribed</c>.
    /// </summary>
    public async Task<BoardSubscriptionView> SubscribeAsync(BoardSubscriptionInput input, AuditTrail audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(audit);
        var principal = await OwnerAsync(ct);
        var index = await cache.GetAsync(db, ct);
        var errors = new BoardErrors("");
        var name = input.Name?.Trim() ?? "";
        if (name.Length == 0)
        {
            errors.Add("name", "is required");
        }
        else if (name.Length > BoardSubscriptionConfiguration.NameLength || name.Any(char.IsControl))
        {
            errors.Add("name", string.Create(CultureInfo.InvariantCulture, $"must be one line of at most {BoardSubscriptionConfiguration.NameLength} characters"));
        }
        var kind = input.Kind?.Trim().ToLowerInvariant() ?? "";
        if (!BoardSubscriptionKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            errors.Add("kind", $"'{input.Kind}' is not a subscription kind (one of {string.Join(", ", BoardSubscriptionKinds.All)})");
        }
        var digest = string.IsNullOrWhiteSpace(input.Digest) ? BoardDigests.None : input.Digest.Trim().ToLowerInvariant();
        if (!BoardDigests.All.Contains(digest, StringComparer.Ordinal))
        {
            errors.Add("digest", $"'{input.Digest}' is not a digest (one of {string.Join(", ", BoardDigests.All)})");
        }
        var values = Clean(input.Values);
        string? query = null;
        switch (kind)
        {
            case BoardSubscriptionKinds.Capability:
                for (var i = 0; i < values.Count; i++)
                {
                    if (!index.Taxonomy.Contains(values[i]))
                    {
                        errors.Add($"values[{i}]", $"unknown capability code '{values[i]}'");
                    }
                }
                break;
            case BoardSubscriptionKinds.Program:
                var known = await db.Programs.AsNoTracking().Where(p => values.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
                for (var i = 0; i < values.Count; i++)
                {
                    if (!known.Contains(values[i], StringComparer.Ordinal))
                    {
                        errors.Add($"values[{i}]", $"unknown program '{values[i]}' (not in the registry, or not visible to you)");
                    }
                }
                break;
            case BoardSubscriptionKinds.Nation:
                values = [.. values.Select(v => v.ToUpperInvariant()).Distinct(StringComparer.Ordinal)];
                for (var i = 0; i < values.Count; i++)
                {
                    if (!Countries.IsAlpha2(values[i]))
                    {
                        errors.Add($"values[{i}]", $"'{values[i]}' is not an ISO 3166-1 alpha-2 country code");
                    }
                }
                break;
            case BoardSubscriptionKinds.Search:
                values = [];
                if (input.Query is null)
                {
                    errors.Add("query", "a saved search needs its query");
                }
                else
                {
                    var saved = input.Query with { Sort = null, Page = 1, PageSize = 1 };
                    try
                    {
                        Query(saved, index, "query.", _ => true);
                        query = JsonSerializer.Serialize(saved, Json);
                        if (query.Length > BoardSubscriptionConfiguration.QueryLength)
                        {
                            errors.Add("query", string.Create(CultureInfo.InvariantCulture, $"is longer than {BoardSubscriptionConfiguration.QueryLength} characters as JSON"));
                        }
                    }
                    catch (BoardInputException ex)
                    {
                        foreach (var (field, messages) in ex.Errors)
                        {
                            foreach (var message in messages)
                            {
                                errors.Add(field, message);
                            }
                        }
                    }
                }
                break;
        }
        if (kind is BoardSubscriptionKinds.Capability or BoardSubscriptionKinds.Program or BoardSubscriptionKinds.Nation && values.Count == 0)
        {
            errors.Add("values", $"a {kind} subscription needs at least one value");
        }
        errors.ThrowIfAny();

        var now = clock.GetUtcNow();
        var subscription = new BoardSubscription
        {
            Id = NewId("BS-", now),
            PrincipalId = principal.Id,
            OrganizationId = principal.OrganizationId,
            Name = name,
            Kind = kind,
            Values = values,
            Query = query,
            Digest = digest,
        };
        db.BoardSubscriptions.Add(subscription);
        var canSee = index.CanSeeFor(AccessScope.For(principal, Today));
        foreach (var id in Matches(subscription, index, canSee))
        {
            db.BoardSubscriptionSeen.Add(new BoardSubscriptionSeen { SubscriptionId = subscription.Id, RequirementId = id, UpdatedAt = index.UpdatedAt(id) ?? now });
        }
        await SaveAuditedAsync(audit, BoardAuditTypes.Subscribed, "board/subscriptions/" + subscription.Id,
            new { kind, values, digest, baseline = db.ChangeTracker.Entries<BoardSubscriptionSeen>().Count() }, ct);
        return View(subscription, 0);
    }

    /// <summary>Deletes one of the reader's subscriptions with its feed; false when it is not theirs or does not exist. Audited as <c>board.unsubscribed</c>.</summary>
    public async Task<bool> UnsubscribeAsync(string id, AuditTrail audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var key = id?.Trim() ?? "";
        var me = db.Scope.PrincipalId;
        var subscription = await db.BoardSubscriptions.FirstOrDefaultAsync(s => s.Id == key && s.PrincipalId == me, ct);
        if (subscription is null)
        {
            return false;
        }
        db.BoardFeedItems.RemoveRange(await db.BoardFeedItems.Where(i => i.SubscriptionId == key).ToListAsync(ct));
        db.BoardSubscriptionSeen.RemoveRange(await db.BoardSubscriptionSeen.Where(s => s.SubscriptionId == key).ToListAsync(ct));
        db.BoardSubscriptions.Remove(subscription);
        await SaveAuditedAsync(audit, BoardAuditTypes.Unsubscribed, "board/subscriptions/" + key, new { kind = subscription.Kind, name = subscription.Name }, ct);
        return true;
    }

    private async Task<Principal> OwnerAsync(CancellationToken ct)
    {
        var me = db.Scope.PrincipalId;
        var principal = await db.Principals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == me, ct);
        if (principal is null || principal.Disabled)
        {
            throw new BoardForbiddenException("subscriptions belong to a signed-in principal (use --as with the CLI)");
        }
        return principal;
    }

    private static BoardSubscriptionView View(BoardSubscription s, int unread) => new(
        s.Id, s.Name, s.Kind, [.. s.Values], s.Query is null ? null : JsonSerializer.Deserialize<BoardSearchInput>(s.Query, Json),
        s.Digest, s.OrganizationId, s.CreatedAt, unread);

    /// <summary>The ids of every requirement <paramref name="subscription"/> matches that <paramref name="canSee"/> lets its owner see.</summary>
    private static List<string> Matches(BoardSubscription subscription, BoardIndex index, Func<int, bool> canSee)
    {
        BoardQuery query;
        switch (subscription.Kind)
        {
            case BoardSubscriptionKinds.Capability:
                // A code no longer in the taxonomy finds nothing rather than failing the whole sweep.
                var codes = subscription.Values.Where(index.Taxonomy.Contains).ToList();
                if (codes.Count == 0)
                {
                    return [];
                }
                query = new BoardQuery(Capabilities: codes, CanSee: canSee);
                break;
            case BoardSubscriptionKinds.Program:
                query = new BoardQuery(Programs: subscription.Values, CanSee: canSee);
                break;
            case BoardSubscriptionKinds.Nation:
                query = new BoardQuery(Nations: subscription.Values, CanSee: canSee);
                break;
            case BoardSubscriptionKinds.Search when subscription.Query is not null:
                var saved = JsonSerializer.Deserialize<BoardSearchInput>(subscription.Query, Json);
                if (saved is null)
                {
                    return [];
                }
                try
                {
                    query = Query(saved with { Sort = null, Page = 1, PageSize = 1 }, index, "query.", canSee);
                }
                catch (BoardInputException)
                {
                    // The taxonomy changed under a saved search: it finds nothing until it is saved again.
                    return [];
                }
                break;
            default:
                return [];
        }
        var ids = new List<string>();
        for (var offset = 0; ; offset += SweepPage)
        {
            var hits = index.Index.Search(query with { Sort = "needBy", Offset = offset, Limit = SweepPage });
            ids.AddRange(hits.Hits.Select(h => h.Id));
            if (hits.Hits.Count < SweepPage || offset + SweepPage >= hits.Total)
            {
                break;
            }
        }
        return ids;
    }

    // ----- the feed -----------------------------------------------------------------------------------------------------

    /// <summary>
    /// The reader's feed, newest first: items of one subscription (which must be theirs) or of all, only unread ones when
    /// asked. An item whose requirement the reader can no longer see is neither shown nor counted.
    /// </summary>
    public async Task<PagedList<BoardFeedItemView>> FeedAsync(string? subscriptionId, bool unreadOnly, int page, int pageSize, CancellationToken ct = default)
    {
        var errors = new BoardErrors("");
        if (page < 1)
        {
            errors.Add("page", "must be 1 or more");
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {MaxPageSize}"));
        }
        errors.ThrowIfAny();
        var me = db.Scope.PrincipalId;
        string? only = null;
        if (!string.IsNullOrWhiteSpace(subscriptionId))
        {
            only = subscriptionId.Trim();
            if (!await db.BoardSubscriptions.AsNoTracking().AnyAsync(s => s.Id == only && s.PrincipalId == me, ct))
            {
                throw new BoardNotFoundException("subscription", only);
            }
        }
        var items = await VisibleItemsAsync(only, unreadOnly, ct);
        var pageItems = items.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var subscriptionIds = pageItems.Select(i => i.SubscriptionId).Distinct(StringComparer.Ordinal).ToList();
        var names = await db.BoardSubscriptions.AsNoTracking().Where(s => subscriptionIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, StringComparer.Ordinal, ct);
        return new PagedList<BoardFeedItemView>(
            [.. pageItems.Select(i => new BoardFeedItemView(i.Id, i.SubscriptionId, names.GetValueOrDefault(i.SubscriptionId) ?? i.SubscriptionId,
                i.RequirementId, i.Title, i.TitleJa, i.Change, i.CreatedAt, i.ReadAt is not null))],
            items.Count, page, pageSize);
    }

    /// <summary>How many of the reader's feed items are unread (among those whose requirement they may still see).</summary>
    public async Task<int> UnreadCountAsync(CancellationToken ct = default) =>
        (await VisibleItemsAsync(null, unreadOnly: true, ct)).Count;

    /// <summary>Marks one of the reader's visible items read, or (<paramref name="itemId"/> null) all of them.</summary>
    public async Task MarkReadAsync(string? itemId, CancellationToken ct = default)
    {
        var visible = await VisibleItemsAsync(null, unreadOnly: false, ct);
        List<string> ids;
        if (itemId is null)
        {
            ids = [.. visible.Where(i => i.ReadAt is null).Select(i => i.Id)];
        }
        else
        {
            var key = itemId.Trim();
            if (!visible.Any(i => i.Id == key))
            {
                throw new BoardNotFoundException("feed item", key);
            }
            ids = [key];
        }
        if (ids.Count == 0)
        {
            return;
        }
        var now = clock.GetUtcNow();
        foreach (var chunk in ids.Chunk(500))
        {
            var list = chunk.ToList();
            foreach (var item in await db.BoardFeedItems.Where(i => list.Contains(i.Id) && i.ReadAt == null).ToListAsync(ct))
            {
                item.ReadAt = now;
            }
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    private sealed record ItemRow(string Id, string SubscriptionId, string RequirementId, string Change, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, string Title, string? TitleJa);

    /// <summary>
    /// The reader's items (of one subscription, or all), newest first, whose requirement they may see now: the row
    /// through the context's query filter, and the requirement with its program through the board's access keys.
    /// </summary>
    private async Task<List<ItemRow>> VisibleItemsAsync(string? subscriptionId, bool unreadOnly, CancellationToken ct)
    {
        var me = db.Scope.PrincipalId;
        var q = db.BoardFeedItems.AsNoTracking().Where(i => i.PrincipalId == me);
        if (subscriptionId is not null)
        {
            q = q.Where(i => i.SubscriptionId == subscriptionId);
        }
        if (unreadOnly)
        {
            q = q.Where(i => i.ReadAt == null);
        }
        var rows = await q.Where(i => db.Requirements.Any(r => r.Id == i.RequirementId))
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Select(i => new { i.Id, i.SubscriptionId, i.RequirementId, i.Change, i.CreatedAt, i.ReadAt })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }
        var index = await cache.GetAsync(db, ct);
        var canSee = index.CanSeeFor(db.Scope);
        var result = new List<ItemRow>(rows.Count);
        foreach (var r in rows)
        {
            if (index.Visible(r.RequirementId, canSee) is { } doc)
            {
                result.Add(new ItemRow(r.Id, r.SubscriptionId, r.RequirementId, r.Change, r.CreatedAt, r.ReadAt, doc.Title, doc.TitleJa));
            }
        }
        return result;
    }

    /// <summary>
    /// The Atom 1.0 feed (RFC 4287) of one of the reader's subscriptions: its newest <see cref="MaxAtomEntries"/> items the
    /// reader may see, each linking to the requirement's page under <paramref name="baseUri"/>. Null when the subscription
    /// is not the reader's or does not exist.
    /// </summary>
    public async Task<string?> AtomAsync(string subscriptionId, Uri baseUri, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        var key = subscriptionId?.Trim() ?? "";
        var me = db.Scope.PrincipalId;
        var subscription = await db.BoardSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == key && s.PrincipalId == me, ct);
        if (subscription is null)
        {
            return null;
        }
        var items = (await VisibleItemsAsync(key, unreadOnly: false, ct)).Take(MaxAtomEntries).ToList();
        return WriteAtom(subscription, items, baseUri);
    }

    private static string WriteAtom(BoardSubscription subscription, List<ItemRow> items, Uri baseUri)
    {
        const string Atom = "http://www.w3.org/2005/Atom";
        var builder = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = new UTF8Encoding(false) };
        using (var writer = XmlWriter.Create(new StringWriterUtf8(builder), settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("feed", Atom);
            writer.WriteElementString("id", Atom, "urn:musubi:board:subscription:" + subscription.Id);
            writer.WriteElementString("title", Atom, "Musubi board: " + subscription.Name);
            writer.WriteElementString("updated", Atom, AtomDate(items.Count > 0 ? items[0].CreatedAt : subscription.CreatedAt));
            writer.WriteStartElement("author", Atom);
            writer.WriteElementString("name", Atom, "Musubi");
            writer.WriteEndElement();
            writer.WriteStartElement("link", Atom);
            writer.WriteAttributeString("rel", "self");
            writer.WriteAttributeString("href", new Uri(baseUri, "api/board/subscriptions/" + Uri.EscapeDataString(subscription.Id) + "/atom").ToString());
            writer.WriteEndElement();
            foreach (var item in items)
            {
                writer.WriteStartElement("entry", Atom);
                writer.WriteElementString("id", Atom, "urn:musubi:board:item:" + item.Id);
                writer.WriteElementString("title", Atom, $"{item.RequirementId} ({item.Change}): {item.Title}");
                writer.WriteElementString("updated", Atom, AtomDate(item.CreatedAt));
                writer.WriteStartElement("link", Atom);
                writer.WriteAttributeString("href", new Uri(baseUri, "board/" + Uri.EscapeDataString(item.RequirementId)).ToString());
                writer.WriteEndElement();
                writer.WriteStartElement("summary", Atom);
                writer.WriteString(item.TitleJa is { Length: > 0 } ja ? item.Title + " / " + ja : item.Title);
                writer.WriteEndElement();
                writer.WriteStartElement("category", Atom);
                writer.WriteAttributeString("term", item.Change);
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }
        return builder.ToString();
    }

    private static string AtomDate(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class StringWriterUtf8(StringBuilder builder) : StringWriter(builder, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }

    // ----- notification jobs --------------------------------------------------------------------------------------------

    /// <summary>
    /// The notification sweep (a system job): for every subscription of an enabled principal, the requirements it matches
    /// that the owner may see today; a (requirement, last change) the subscription has not seen becomes a feed item —
    /// <c>created</c> when the requirement was never seen, <c>changed</c> otherwise — and is recorded as seen. Running it
    /// again without changes adds nothing. Reads the index and the board's own tables only: the context's scope is untouched.
    /// </summary>
    public async Task<BoardSweepReport> SweepAsync(CancellationToken ct = default)
    {
        // One notification job at a time in this process: the background job and the sweep after a write would otherwise
        // both record the same (subscription, requirement) as seen, and the second insert would fail on the key.
        await NotifyGate.WaitAsync(ct);
        try
        {
            return await SweepLockedAsync(ct);
        }
        finally
        {
            NotifyGate.Release();
        }
    }

    private static readonly SemaphoreSlim NotifyGate = new(1, 1);

    private async Task<BoardSweepReport> SweepLockedAsync(CancellationToken ct)
    {
        var index = await cache.GetAsync(db, ct);
        var subscriptions = await db.BoardSubscriptions.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
        if (subscriptions.Count == 0)
        {
            return new BoardSweepReport(0, 0, 0);
        }
        var owners = subscriptions.Select(s => s.PrincipalId).Distinct(StringComparer.Ordinal).ToList();
        var principals = await db.Principals.AsNoTracking().Where(p => owners.Contains(p.Id)).ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, ct);
        var today = Today;
        var now = clock.GetUtcNow();
        var swept = 0;
        var created = 0;
        foreach (var subscription in subscriptions)
        {
            if (!principals.TryGetValue(subscription.PrincipalId, out var owner) || owner.Disabled)
            {
                continue;
            }
            swept++;
            var canSee = index.CanSeeFor(AccessScope.For(owner, today));
            var matches = Matches(subscription, index, canSee);
            var seen = await db.BoardSubscriptionSeen.Where(s => s.SubscriptionId == subscription.Id)
                .ToDictionaryAsync(s => s.RequirementId, StringComparer.Ordinal, ct);
            foreach (var id in matches)
            {
                if (index.UpdatedAt(id) is not { } updatedAt)
                {
                    continue;
                }
                string change;
                if (!seen.TryGetValue(id, out var row))
                {
                    change = BoardChanges.Created;
                    db.BoardSubscriptionSeen.Add(new BoardSubscriptionSeen { SubscriptionId = subscription.Id, RequirementId = id, UpdatedAt = updatedAt });
                }
                else if (row.UpdatedAt != updatedAt)
                {
                    change = BoardChanges.Changed;
                    row.UpdatedAt = updatedAt;
                }
                else
                {
                    continue;
                }
                db.BoardFeedItems.Add(new BoardFeedItem
                {
                    Id = NewId("BF-", now),
                    SubscriptionId = subscription.Id,
                    PrincipalId = subscription.PrincipalId,
                    RequirementId = id,
                    Change = change,
                    RequirementUpdatedAt = updatedAt,
                    CreatedAt = now,
                });
                created++;
            }
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another process (a CLI `board notify` beside the server) recorded this subscription's rows first: its
                // transaction holds them, this one's are dropped whole, and the next sweep sees what is left.
                created -= db.ChangeTracker.Entries<BoardFeedItem>().Count(e => e.State == EntityState.Added);
            }
            db.ChangeTracker.Clear();
        }
        return new BoardSweepReport(swept, created, 0);
    }

    /// <summary>
    /// Daily digests (a system job): for every enabled principal with feed items of <c>daily</c> subscriptions not yet
    /// digested, one mail in the outbox (<see cref="MailOutbox"/>) listing the items whose requirement they may see today
    /// (checked now, not when the item was made); the items are then marked digested. At most one digest per principal per
    /// UTC day: later items wait for the next day. Returns how many mails were written.
    /// </summary>
    public async Task<int> DigestAsync(CancellationToken ct = default)
    {
        await NotifyGate.WaitAsync(ct);
        try
        {
            return await DigestLockedAsync(ct);
        }
        finally
        {
            NotifyGate.Release();
        }
    }

    private async Task<int> DigestLockedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = Today;
        var subject = DigestSubject + today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var daily = db.BoardSubscriptions.Where(s => s.Digest == BoardDigests.Daily).Select(s => s.Id);
        var pending = await db.BoardFeedItems.Where(i => i.DigestedAt == null && daily.Contains(i.SubscriptionId))
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).ToListAsync(ct);
        if (pending.Count == 0)
        {
            return 0;
        }
        var index = await cache.GetAsync(db, ct);
        var owners = pending.Select(i => i.PrincipalId).Distinct(StringComparer.Ordinal).ToList();
        var principals = await db.Principals.AsNoTracking().Where(p => owners.Contains(p.Id)).ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, ct);
        var already = await db.MailOutbox.AsNoTracking().Where(m => m.Subject.StartsWith(subject) && owners.Contains(m.ToPrincipalId))
            .Select(m => m.ToPrincipalId).ToListAsync(ct);
        var subscriptionIds = pending.Select(i => i.SubscriptionId).Distinct(StringComparer.Ordinal).ToList();
        var names = await db.BoardSubscriptions.AsNoTracking().Where(s => subscriptionIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, StringComparer.Ordinal, ct);
        var mails = 0;
        foreach (var group in pending.GroupBy(i => i.PrincipalId))
        {
            if (already.Contains(group.Key, StringComparer.Ordinal))
            {
                continue;
            }
            if (!principals.TryGetValue(group.Key, out var principal) || principal.Disabled)
            {
                // A disabled or removed owner gets nothing; their items are closed so that re-enabling does not flood them.
                foreach (var item in group)
                {
                    item.DigestedAt = now;
                }
                continue;
            }
            var canSee = index.CanSeeFor(AccessScope.For(principal, today));
            var lines = new List<string>();
            foreach (var item in group)
            {
                item.DigestedAt = now;
                if (index.Visible(item.RequirementId, canSee) is { } doc)
                {
                    lines.Add($"- {doc.Id} ({item.Change}, {names.GetValueOrDefault(item.SubscriptionId) ?? item.SubscriptionId}): {doc.Title}"
                        + (doc.TitleJa is { Length: > 0 } ja ? " / " + ja : "") + "\n  /board/" + doc.Id);
                }
            }
            if (lines.Count == 0)
            {
                continue;
            }
            var body = new StringBuilder()
                .Append(string.Create(CultureInfo.InvariantCulture, $"{lines.Count} new or changed requirement(s) on the Musubi board for your subscriptions:\n\n"))
                .AppendJoin('\n', lines)
                .Append("\n\n/board/feed\n")
                .ToString();
            if (body.Length > 8000)
            {
                body = body[..7990] + "\n…\n";
            }
            db.MailOutbox.Add(new MailOutbox
            {
                Id = NewId("MO-", now),
                ToPrincipalId = group.Key,
                Subject = string.Create(CultureInfo.InvariantCulture, $"{subject}: {lines.Count} requirement(s)"),
                Body = body,
                CreatedAt = now,
            });
            mails++;
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return mails;
    }

    /// <summary>The sweep and then the digests: what the host's background job and <c>board notify</c> run.</summary>
    public async Task<BoardSweepReport> NotifyAsync(CancellationToken ct = default)
    {
        var sweep = await SweepAsync(ct);
        var digests = await DigestAsync(ct);
        return sweep with { Digests = digests };
    }

    private async Task SaveAuditedAsync(AuditTrail audit, string type, string obj, object detail, CancellationToken ct)
    {
        var owned = db.Database.CurrentTransaction is null;
        await using (var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, type, AuditOutcomes.Success, obj, JsonSerializer.Serialize(detail, Json), ct);
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
}
