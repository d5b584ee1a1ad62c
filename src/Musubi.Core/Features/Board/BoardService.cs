using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Registry;
using Musubi.Engines.Matching;

namespace Musubi.Core.Features.Board;

/// <summary>
/// The demand-signal board (issue #8; docs/board.md): search over requirements in English and Japanese with facets, the
/// timeline, milestone calendars, requirement writes by program managers, and subscriptions with their feed, Atom feeds
/// and daily digests. Scoped over the caller's <see cref="AppDbContext"/>: its <see cref="AppDbContext.Scope"/> is the
/// reader. Every read goes through the board index (<see cref="BoardIndexCache"/>) filtered by the reader's access keys,
/// and through the context's query filters for the rows themselves, so a hidden requirement never shows in a list,
/// total, facet, timeline, calendar, feed, count, Atom feed or digest. Bad input throws <see cref="BoardInputException"/>
/// naming each field; writes by a reader without the role <see cref="BoardForbiddenException"/>; a missing or hidden
/// record <see cref="BoardNotFoundException"/>; a stale version <see cref="BoardConflictException"/>.
/// </summary>
public sealed partial class BoardService(AppDbContext db, TimeProvider clock, BoardIndexCache cache)
{
    /// <summary>The sort orders of a search.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["relevance", "needBy", "-needBy", "published", "title"];

    /// <summary>Largest page of a search or a feed.</summary>
    public const int MaxPageSize = 100;

    /// <summary>Most rows the timeline and the milestone calendar take.</summary>
    public const int MaxTimeline = 500;

    /// <summary>Longest search text.</summary>
    public const int MaxText = 500;

    /// <summary>Largest quantity a requirement may ask for.</summary>
    public const int MaxQuantity = 100_000_000;

    /// <summary>Longest certification kind.</summary>
    public const int MaxCertificationLength = 100;

    /// <summary>Longest milestone note.</summary>
    public const int MaxNoteLength = 500;

    /// <summary>The roles that may create and change requirements on the board.</summary>
    public static readonly IReadOnlyList<string> RequirementWriters = [Roles.ProgramManager, Roles.Administrator];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Today's date (UTC): need-by dates of new requirements may not be before it.</summary>
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    // ----- reading ------------------------------------------------------------------------------------------------------

    /// <summary>A page of the requirements the reader may see that match <paramref name="input"/>, with the total and the facets.</summary>
    public async Task<BoardSearchResult> SearchAsync(BoardSearchInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var index = await cache.GetAsync(db, ct);
        var query = Query(input, index, "", index.CanSeeFor(db.Scope));
        var hits = Search(index, query with { Offset = (input.Page - 1) * input.PageSize, Limit = input.PageSize });
        var views = await ViewsAsync(hits.Hits, !string.IsNullOrWhiteSpace(input.Text), ct);
        return new BoardSearchResult(hits.Total, input.Page, input.PageSize, views, hits.Facets);
    }

    /// <summary>A requirement the reader may see; null when it does not exist or they may not see it (one answer for both).</summary>
    public async Task<BoardRequirementView?> GetAsync(string id, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }
        var index = await cache.GetAsync(db, ct);
        var key = id.Trim();
        if (index.Visible(key, index.CanSeeFor(db.Scope)) is null)
        {
            return null;
        }
        var views = await ViewsAsync([new BoardHit(key, 0)], false, ct);
        return views.Count == 0 ? null : views[0];
    }

    /// <summary>Every visible requirement matching <paramref name="input"/> (at most <see cref="MaxTimeline"/>; the page is ignored) as Gantt rows.</summary>
    public async Task<IReadOnlyList<BoardTimelineRow>> TimelineAsync(BoardSearchInput input, CancellationToken ct = default)
    {
        var views = await AllAsync(input, ct);
        return [.. views.Select(v => new BoardTimelineRow(v, v.PublishedOn ?? v.Milestones.FirstOrDefault()?.Date, v.NeedBy))];
    }

    /// <summary>The milestones and need-by dates of every visible requirement matching <paramref name="input"/> as an iCalendar file.</summary>
    public async Task<string> MilestonesIcsAsync(BoardSearchInput input, CancellationToken ct = default) =>
        BoardIcs.Write(await AllAsync(input, ct), clock.GetUtcNow(), "Musubi board");

    /// <summary>One requirement's milestones as an iCalendar file; null when it does not exist or is not visible.</summary>
    public async Task<string?> RequirementIcsAsync(string id, CancellationToken ct = default) =>
        await GetAsync(id, ct) is { } view ? BoardIcs.Write([view], clock.GetUtcNow(), view.Id + " " + view.Title) : null;

    private async Task<IReadOnlyList<BoardRequirementView>> AllAsync(BoardSearchInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var index = await cache.GetAsync(db, ct);
        var query = Query(input with { Page = 1, PageSize = 1 }, index, "", index.CanSeeFor(db.Scope));
        var hits = Search(index, query with { Offset = 0, Limit = MaxTimeline });
        return await ViewsAsync(hits.Hits, !string.IsNullOrWhiteSpace(input.Text), ct);
    }

    private static BoardHits Search(BoardIndex index, BoardQuery query)
    {
        try
        {
            return index.Index.Search(query);
        }
        catch (MatchingInputException ex)
        {
            throw new BoardInputException(ex.Field, ex.Message);
        }
    }

    /// <summary>The views of <paramref name="hits"/> in their order, read through the context's access filters.</summary>
    private async Task<IReadOnlyList<BoardRequirementView>> ViewsAsync(IReadOnlyList<BoardHit> hits, bool scored, CancellationToken ct)
    {
        if (hits.Count == 0)
        {
            return [];
        }
        var ids = hits.Select(h => h.Id).ToList();
        var rows = await db.Requirements.AsNoTracking().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, ct);
        var programIds = rows.Values.Select(r => r.ProgramId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var programs = await db.Programs.AsNoTracking().Where(p => programIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, StringComparer.Ordinal, ct);
        var views = new List<BoardRequirementView>(hits.Count);
        foreach (var hit in hits)
        {
            if (!rows.TryGetValue(hit.Id, out var r))
            {
                continue;
            }
            DefenseProgram? program = null;
            if (r.ProgramId is { } pid && !programs.TryGetValue(pid, out program))
            {
                // The program is hidden from the reader: so is the requirement (the index says so too).
                continue;
            }
            views.Add(BoardViews.View(r, program, scored ? hit.Score : null));
        }
        return views;
    }

    /// <summary>
    /// Checks a search and turns it into the engine's query (without offset and limit). Field names are
    /// <paramref name="prefix"/> + the input's property (camelCase), e.g. <c>capabilities[1]</c> or <c>query.sort</c>.
    /// </summary>
    private static BoardQuery Query(BoardSearchInput input, BoardIndex index, string prefix, Func<int, bool> canSee)
    {
        var errors = new BoardErrors(prefix);
        var text = input.Text?.Trim();
        if (text is { Length: > MaxText })
        {
            errors.Add("text", string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxText} characters"));
        }
        if (input.Page < 1)
        {
            errors.Add("page", "must be 1 or more");
        }
        if (input.PageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {MaxPageSize}"));
        }
        var sort = string.IsNullOrWhiteSpace(input.Sort) ? null : input.Sort.Trim();
        if (sort is not null && !Sorts.Contains(sort, StringComparer.Ordinal))
        {
            errors.Add("sort", $"'{input.Sort}' is not a sort (one of {string.Join(", ", Sorts)})");
        }
        if (input.NeedFrom is { } from && input.NeedTo is { } to && from > to)
        {
            errors.Add("needFrom", "is after needTo");
        }
        var programs = Clean(input.Programs);
        var nations = Clean(input.Nations).Select(n => n.ToUpperInvariant()).ToList();
        for (var i = 0; i < nations.Count; i++)
        {
            if (!Countries.IsAlpha2(nations[i]))
            {
                errors.Add($"nations[{i}]", $"'{nations[i]}' is not an ISO 3166-1 alpha-2 country code");
            }
        }
        var capabilities = Clean(input.Capabilities);
        for (var i = 0; i < capabilities.Count; i++)
        {
            if (!index.Taxonomy.Contains(capabilities[i]))
            {
                errors.Add($"capabilities[{i}]", $"unknown capability code '{capabilities[i]}'");
            }
        }
        var funding = EnumValues<FundingStatus>(input.FundingStatuses, "fundingStatuses", errors);
        var paths = EnumValues<ContractingPath>(input.ContractingPaths, "contractingPaths", errors);
        var statuses = EnumValues<RequirementStatus>(input.Statuses, "statuses", errors);
        errors.ThrowIfAny();
        return new BoardQuery(
            Text: string.IsNullOrEmpty(text) ? null : text,
            Programs: programs.Count == 0 ? null : programs,
            Nations: nations.Count == 0 ? null : nations,
            Capabilities: capabilities.Count == 0 ? null : capabilities,
            FundingStatuses: funding,
            ContractingPaths: paths,
            Statuses: statuses,
            NeedFrom: input.NeedFrom,
            NeedTo: input.NeedTo,
            Sort: sort,
            CanSee: canSee);
    }

    private static List<string> Clean(IReadOnlyList<string>? values) =>
        values is null ? [] : [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal)];

    private static List<string>? EnumValues<T>(IReadOnlyList<string>? values, string field, BoardErrors errors) where T : struct, Enum
    {
        var list = Clean(values);
        var result = new List<string>();
        for (var i = 0; i < list.Count; i++)
        {
            if (EnumText.TryParse<T>(list[i], out var value))
            {
                result.Add(EnumText.ToSnake(value));
            }
            else
            {
                errors.Add($"{field}[{i}]", $"'{list[i]}' is not one of {EnumText.Allowed<T>()}");
            }
        }
        return result.Count == 0 ? null : [.. result.Distinct(StringComparer.Ordinal)];
    }

    // ----- writing ------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Publishes a requirement. Only a program manager or an administrator may (the CLI's local operator too). The
    /// capability codes must be in the taxonomy, the need-by date today or later, the title given and a description
    /// given in at least one language; the program (when given) one the reader may see; the marking one the reader could
    /// read. Audited as <c>board.requirement.created</c>; then the subscriptions are swept.
    /// </summary>
    public async Task<BoardRequirementView> CreateAsync(BoardRequirementInput input, AuditTrail audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(audit);
        EnsureWriter();
        var index = await cache.GetAsync(db, ct);
        var errors = new BoardErrors("");
        var id = input.Id?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            id = "req-" + Today.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        }
        else if (!Import.Values.IsId(id))
        {
            errors.Add("id", $"'{input.Id}' {Import.Values.IdRule}");
        }
        else if (await db.Requirements.IgnoreQueryFilters().AnyAsync(r => r.Id == id, ct))
        {
            errors.Add("id", $"requirement '{id}' already exists; update it instead");
        }
        var entity = new Requirement { Id = id, TitleEn = "" };
        await ApplyAsync(input, entity, index, errors, previousNeedBy: null, isNew: true, ct);
        errors.ThrowIfAny();
        db.Requirements.Add(entity);
        await SaveAsync(entity, audit, BoardAuditTypes.RequirementCreated, ct);
        cache.Clear();
        await SweepAsync(ct);
        return await GetAsync(entity.Id, ct) ?? throw new BoardNotFoundException("requirement", entity.Id);
    }

    /// <summary>
    /// Changes a requirement the reader may see (program manager or administrator). <see cref="BoardRequirementInput.Version"/>,
    /// when given, must be the stored version (else <see cref="BoardConflictException"/>); a need-by date may stay in the
    /// past when it is not changed. Keeps the award, sources and the marking when the input gives none. Audited as
    /// <c>board.requirement.updated</c>; then the subscriptions are swept.
    /// </summary>
    public async Task<BoardRequirementView> UpdateAsync(string id, BoardRequirementInput input, AuditTrail audit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(audit);
        EnsureWriter();
        var key = id?.Trim() ?? "";
        var index = await cache.GetAsync(db, ct);
        var entity = index.Visible(key, index.CanSeeFor(db.Scope)) is null
            ? null
            : await db.Requirements.FirstOrDefaultAsync(r => r.Id == key, ct);
        if (entity is null)
        {
            throw new BoardNotFoundException("requirement", key);
        }
        if (input.Version is { } expected && expected != entity.Version)
        {
            throw new BoardConflictException(
                string.Create(CultureInfo.InvariantCulture, $"requirement '{key}' is at version {entity.Version}, not {expected}: someone changed it meanwhile; reload it and try again"),
                entity.Version);
        }
        var errors = new BoardErrors("");
        await ApplyAsync(input, entity, index, errors, entity.NeedBy, isNew: false, ct);
        errors.ThrowIfAny();
        // A change of the milestones alone (owned JSON) still writes the row, so the version moves and is checked.
        db.Entry(entity).Property(e => e.UpdatedAt).IsModified = true;
        if (input.Version is { } v)
        {
            db.Entry(entity).Property(e => e.Version).OriginalValue = v;
        }
        try
        {
            await SaveAsync(entity, audit, BoardAuditTypes.RequirementUpdated, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.Requirements.AsNoTracking().Where(r => r.Id == key).Select(r => (uint?)r.Version).FirstOrDefaultAsync(ct);
            throw new BoardConflictException($"requirement '{key}' was changed by someone else meanwhile: reload it and try again", now ?? 0);
        }
        cache.Clear();
        await SweepAsync(ct);
        return await GetAsync(key, ct) ?? throw new BoardNotFoundException("requirement", key);
    }

    private void EnsureWriter()
    {
        var scope = db.Scope;
        if (!scope.Unrestricted && !scope.Roles.Any(r => RequirementWriters.Contains(r, StringComparer.Ordinal)))
        {
            var roles = scope.Roles.Count == 0 ? "a reader without a role" : string.Join("/", scope.Roles);
            throw new BoardForbiddenException($"{roles} may not publish or change requirements (only {string.Join(" or ", RequirementWriters)} may)");
        }
    }

    private async Task ApplyAsync(BoardRequirementInput input, Requirement entity, BoardIndex index, BoardErrors errors,
        DateOnly? previousNeedBy, bool isNew, CancellationToken ct)
    {
        var title = input.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors.Add("title", "is required");
        }
        var description = input.Description?.Trim();
        var descriptionJa = input.DescriptionJa?.Trim();
        if (string.IsNullOrEmpty(description) && string.IsNullOrEmpty(descriptionJa))
        {
            errors.Add("description", "is required in English or Japanese (both empty)");
        }

        var codes = input.CapabilityCodes ?? [];
        if (codes.Count == 0)
        {
            errors.Add("capabilityCodes", "at least one capability code is required");
        }
        var cleanCodes = new List<string>();
        for (var i = 0; i < codes.Count; i++)
        {
            var code = codes[i]?.Trim() ?? "";
            if (!index.Taxonomy.Contains(code))
            {
                errors.Add($"capabilityCodes[{i}]", $"unknown capability code '{codes[i]}'");
            }
            else if (!cleanCodes.Contains(code, StringComparer.Ordinal))
            {
                cleanCodes.Add(code);
            }
        }

        if (input.NeedBy is { } needBy && (isNew || needBy != previousNeedBy) && needBy < Today)
        {
            errors.Add("needBy", string.Create(CultureInfo.InvariantCulture, $"must be today ({Today:yyyy-MM-dd}) or later, got {needBy:yyyy-MM-dd}"));
        }
        if (input.Quantity is < 0 or > MaxQuantity)
        {
            errors.Add("quantity", string.Create(CultureInfo.InvariantCulture, $"must be between 0 and {MaxQuantity}"));
        }

        string? programId = null;
        if (!string.IsNullOrWhiteSpace(input.ProgramId))
        {
            programId = input.ProgramId.Trim();
            if (!await db.Programs.AsNoTracking().AnyAsync(p => p.Id == programId, ct))
            {
                errors.Add("programId", $"unknown program '{programId}' (not in the registry, or not visible to you)");
            }
        }

        var funding = Required<FundingStatus>(input.FundingStatus, "fundingStatus", errors, isNew ? null : entity.FundingStatus);
        var path = Required<ContractingPath>(input.ContractingPath, "contractingPath", errors, isNew ? null : entity.ContractingPath);
        var status = RequirementStatus.Open;
        if (!string.IsNullOrWhiteSpace(input.Status) && !EnumText.TryParse(input.Status, out status))
        {
            errors.Add("status", $"'{input.Status}' is not one of {EnumText.Allowed<RequirementStatus>()}");
        }
        else if (string.IsNullOrWhiteSpace(input.Status) && !isNew)
        {
            status = entity.Status;
        }

        var certifications = new List<string>();
        var required = input.RequiredCertifications ?? [];
        for (var i = 0; i < required.Count; i++)
        {
            var kind = required[i]?.Trim() ?? "";
            if (kind.Length == 0 || kind.Length > MaxCertificationLength || kind.Any(char.IsControl))
            {
                errors.Add($"requiredCertifications[{i}]", string.Create(CultureInfo.InvariantCulture, $"must be a certification kind of 1 to {MaxCertificationLength} characters"));
            }
            else if (!certifications.Contains(kind, StringComparer.OrdinalIgnoreCase))
            {
                certifications.Add(kind);
            }
        }

        var milestones = new List<RequirementMilestone>();
        var given = input.Milestones ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            var m = given[i];
            if (m is null)
            {
                errors.Add($"milestones[{i}]", "is null");
                continue;
            }
            var kind = m.Kind?.Trim().ToLowerInvariant() ?? "";
            if (!MilestoneKinds.IsKnown(kind))
            {
                errors.Add($"milestones[{i}].kind", $"'{m.Kind}' is not one of {string.Join(", ", MilestoneKinds.All)}");
            }
            if (m.Date == default)
            {
                errors.Add($"milestones[{i}].date", "is required (YYYY-MM-DD)");
            }
            var note = string.IsNullOrWhiteSpace(m.Note) ? null : m.Note.Trim();
            if (note is { Length: > MaxNoteLength })
            {
                errors.Add($"milestones[{i}].note", string.Create(CultureInfo.InvariantCulture, $"is longer than {MaxNoteLength} characters"));
            }
            milestones.Add(new RequirementMilestone { Kind = kind, Date = m.Date, Note = note });
        }

        var marking = isNew ? new Marking() : entity.Marking;
        if (!string.IsNullOrWhiteSpace(input.Marking))
        {
            if (input.Marking.Length > MarkingSyntax.MaxLength || Marking.TryParse(input.Marking, null, out var markingError) is not { } parsed)
            {
                errors.Add("marking", input.Marking.Length > MarkingSyntax.MaxLength ? "is too long" : "is not a marking");
            }
            else if (!AccessPolicy.CanRead(db.Scope, parsed))
            {
                errors.Add("marking", "you could not read a requirement with this marking yourself");
            }
            else
            {
                marking = parsed;
            }
        }

        entity.TitleEn = title;
        entity.TitleJa = Blank(input.TitleJa);
        entity.DescriptionEn = string.IsNullOrEmpty(description) ? null : description;
        entity.DescriptionJa = string.IsNullOrEmpty(descriptionJa) ? null : descriptionJa;
        entity.CapabilityCodes = cleanCodes;
        entity.ProgramId = programId;
        entity.Quantity = input.Quantity;
        entity.NeedBy = input.NeedBy;
        entity.FundingStatus = funding;
        entity.ContractingPath = path;
        entity.Status = status;
        entity.PointOfContact = Blank(input.PointOfContact);
        entity.RequiredCertifications = certifications;
        entity.Milestones = milestones;
        entity.Marking = marking;
        if (isNew)
        {
            entity.PublishedOn = status == RequirementStatus.Draft ? null : Today;
        }
        else if (entity.PublishedOn is null && status != RequirementStatus.Draft)
        {
            entity.PublishedOn = Today;
        }
        foreach (var (field, limit) in LengthLimits.Violations(db.Model, entity))
        {
            errors.Add(field == "titleEn" ? "title" : field == "descriptionEn" ? "description" : field,
                string.Create(CultureInfo.InvariantCulture, $"is longer than {limit} characters"));
        }
    }

    private static T Required<T>(string? text, string field, BoardErrors errors, T? current) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (current is { } keep)
            {
                return keep;
            }
            errors.Add(field, $"is required ({EnumText.Allowed<T>()})");
            return default;
        }
        if (EnumText.TryParse<T>(text, out var value))
        {
            return value;
        }
        errors.Add(field, $"'{text}' is not one of {EnumText.Allowed<T>()}");
        return default;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task SaveAsync(Requirement entity, AuditTrail audit, string type, CancellationToken ct)
    {
        var owned = db.Database.CurrentTransaction is null;
        await using (var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            await db.SaveChangesAsync(ct);
            var detail = JsonSerializer.Serialize(new { version = entity.Version, marking = entity.Marking.Banner, needBy = entity.NeedBy, status = EnumText.ToSnake(entity.Status) }, Json);
            await audit.AppendAsync(db, type, AuditOutcomes.Success, "board/requirements/" + entity.Id, detail, ct);
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

    internal static string NewId(string prefix, DateTimeOffset now) =>
        prefix + now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
}

/// <summary>Collects input problems by field (with a prefix for nested inputs) and throws them together.</summary>
internal sealed class BoardErrors(string prefix)
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        var key = prefix + field;
        if (!_errors.TryGetValue(key, out var list))
        {
            _errors[key] = list = [];
        }
        list.Add(message);
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new BoardInputException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
