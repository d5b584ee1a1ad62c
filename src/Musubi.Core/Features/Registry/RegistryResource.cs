using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Import;

namespace Musubi.Core.Features.Registry;

/// <summary>Paging, filtering and sorting for a registry list. <see cref="Sort"/> is a field name, <c>-field</c> for descending.</summary>
public sealed record ListQuery
{
    public string? Search { get; init; }
    public string? Country { get; init; }
    public string? Kind { get; init; }
    public string? Program { get; init; }
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
    public const int MaxPageSize = 500;
}

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize);

/// <summary>What a write came to; the web and CLI turn it into a status or an exit code.</summary>
public abstract record WriteOutcome<TRecord>
{
    public sealed record Saved(TRecord Record, uint Version, bool Created) : WriteOutcome<TRecord>;
    public sealed record NotFound : WriteOutcome<TRecord>;
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : WriteOutcome<TRecord>;
    /// <summary>The If-Match version is not the stored one: someone else changed the record.</summary>
    public sealed record VersionMismatch(uint Current) : WriteOutcome<TRecord>;
    /// <summary>The record cannot go: other records point at it.</summary>
    public sealed record InUse(string Reason) : WriteOutcome<TRecord>;
}

/// <summary>
/// One registry kind as a resource: how to query, filter, sort, search, validate and copy it. The API, the UI and
/// the CLI all go through these, and every read goes through the context's access filters.
/// </summary>
public sealed class RegistryResource<TEntity, TRecord> where TEntity : MarkedEntity where TRecord : MarkedRecord
{
    public required string Name { get; init; }
    public required Func<AppDbContext, IQueryable<TEntity>> Query { get; init; }
    public required Func<string, Expression<Func<TEntity, bool>>> Search { get; init; }
    public Func<string, Expression<Func<TEntity, bool>>>? ByCountry { get; init; }
    public Func<string, Expression<Func<TEntity, bool>>?>? ByKind { get; init; }
    public Func<string, Expression<Func<TEntity, bool>>>? ByProgram { get; init; }
    public required IReadOnlyDictionary<string, Expression<Func<TEntity, object?>>> Sorts { get; init; }
    public required string DefaultSort { get; init; }
    public required Func<TEntity, TRecord> ToRecord { get; init; }
    internal Func<RegistryValidation, RecordSite, TRecord, TEntity?> Validate { get; init; } = null!;
    public required Action<AppDbContext, TEntity, TEntity> Copy { get; init; }

    public async Task<PagedList<TRecord>> ListAsync(AppDbContext db, ListQuery query, CancellationToken ct)
    {
        var q = Query(db).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            q = q.Where(Search(query.Search.Trim().ToLowerInvariant()));
        }
        if (!string.IsNullOrWhiteSpace(query.Country) && ByCountry is not null)
        {
            q = q.Where(ByCountry(query.Country.Trim().ToUpperInvariant()));
        }
        if (!string.IsNullOrWhiteSpace(query.Kind) && ByKind?.Invoke(query.Kind.Trim()) is { } kind)
        {
            q = q.Where(kind);
        }
        if (!string.IsNullOrWhiteSpace(query.Program) && ByProgram is not null)
        {
            q = q.Where(ByProgram(query.Program.Trim()));
        }
        var total = await q.CountAsync(ct);
        var sort = string.IsNullOrWhiteSpace(query.Sort) ? DefaultSort : query.Sort.Trim();
        var descending = sort.StartsWith('-');
        var key = Sorts[sort.TrimStart('-')];
        var ordered = descending ? q.OrderByDescending(key) : q.OrderBy(key);
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, ListQuery.MaxPageSize);
        var items = await ordered.ThenBy(e => e.Id).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new PagedList<TRecord>([.. items.Select(ToRecord)], total, page, size);
    }

    /// <summary>Problems with a list query, by parameter name; empty when the query is fine.</summary>
    public Dictionary<string, string[]> Check(ListQuery query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(query.Sort) && !Sorts.ContainsKey(query.Sort.Trim().TrimStart('-')))
        {
            errors["sort"] = [$"'{query.Sort}' is not a sort field of {Name} (one of {string.Join(", ", Sorts.Keys)}, '-' prefix for descending)"];
        }
        if (query.Page < 1)
        {
            errors["page"] = ["must be 1 or more"];
        }
        if (query.PageSize is < 1 or > ListQuery.MaxPageSize)
        {
            errors["pageSize"] = [string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {ListQuery.MaxPageSize}")];
        }
        if (!string.IsNullOrWhiteSpace(query.Country) && !Countries.IsAlpha2(query.Country.Trim().ToUpperInvariant()))
        {
            errors["country"] = [$"'{query.Country}' is not an ISO 3166-1 alpha-2 country code"];
        }
        if (!string.IsNullOrWhiteSpace(query.Kind) && ByKind is not null && ByKind(query.Kind.Trim()) is null)
        {
            errors["kind"] = [$"'{query.Kind}' is not a kind of {Name}"];
        }
        return errors;
    }

    public async Task<TEntity?> FindAsync(AppDbContext db, string id, CancellationToken ct) =>
        await Query(db).FirstOrDefaultAsync(e => e.Id == id, ct);

    /// <summary>Saves the context's changes and the write's audit record in one transaction: no write without its record.</summary>
    private async Task SaveAuditedAsync(AppDbContext db, AuditTrail audit, string type, TEntity entity, CancellationToken ct)
    {
        var owned = db.Database.CurrentTransaction is null;
        await using (var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            await db.SaveChangesAsync(ct);
            var detail = System.Text.Json.JsonSerializer.Serialize(new { version = entity.Version, marking = entity.Marking.Banner });
            await audit.AppendAsync(db, type, AuditOutcomes.Success, $"{Name}/{entity.Id}", detail, ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }
        }
        if (owned)
        {
            await audit.Log.CheckpointIfDueAsync(db, ct);
        }
    }

    public async Task<WriteOutcome<TRecord>> CreateAsync(AppDbContext db, TRecord record, AuditTrail audit, CancellationToken ct)
    {
        var (entity, invalid) = await ValidateAsync(db, record, ct);
        if (invalid is not null)
        {
            return invalid;
        }
        if (await Query(db).IgnoreQueryFilters().AnyAsync(e => e.Id == entity!.Id, ct))
        {
            return Invalid("id", $"{Name} '{entity!.Id}' already exists; use PUT to change it");
        }
        db.Add(entity!);
        try
        {
            await SaveAuditedAsync(db, audit, AuditTypes.RecordCreated, entity!, ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Validation catches what it knows; a constraint it did not foresee is still the sender's problem, never a 500.
            db.ChangeTracker.Clear();
            return Invalid("id", "the record conflicts with stored data: " + (ex.InnerException?.Message ?? ex.Message));
        }
        return new WriteOutcome<TRecord>.Saved(ToRecord(entity!), entity!.Version, Created: true);
    }

    public async Task<WriteOutcome<TRecord>> UpdateAsync(AppDbContext db, string id, TRecord record, uint? ifMatch, AuditTrail audit, CancellationToken ct)
    {
        var current = await FindAsync(db, id, ct);
        if (current is null)
        {
            return new WriteOutcome<TRecord>.NotFound();
        }
        if (ifMatch is { } expected && expected != current.Version)
        {
            return new WriteOutcome<TRecord>.VersionMismatch(current.Version);
        }
        var (incoming, invalid) = await ValidateAsync(db, record with { Id = id }, ct);
        if (invalid is not null)
        {
            return invalid;
        }
        Copy(db, incoming!, current);
        // A PUT makes a new version of the whole aggregate, even when only its owned JSON or its child rows (a
        // program's work packages) changed: always write the root row, so that its version moves and is checked.
        // Otherwise two writers that both change only a work package would both be accepted on the same version.
        db.Entry(current).Property(e => e.UpdatedAt).IsModified = true;
        if (ifMatch is { } v)
        {
            db.Entry(current).Property(e => e.Version).OriginalValue = v;
        }
        try
        {
            await SaveAuditedAsync(db, audit, AuditTypes.RecordUpdated, current, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await Query(db).AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
            return now is null ? new WriteOutcome<TRecord>.NotFound() : new WriteOutcome<TRecord>.VersionMismatch(now.Version);
        }
        catch (DbUpdateException ex)
        {
            db.ChangeTracker.Clear();
            return Invalid("id", "the record conflicts with stored data: " + (ex.InnerException?.Message ?? ex.Message));
        }
        return new WriteOutcome<TRecord>.Saved(ToRecord(current), current.Version, Created: false);
    }

    public async Task<WriteOutcome<TRecord>> DeleteAsync(AppDbContext db, string id, uint? ifMatch, AuditTrail audit, CancellationToken ct)
    {
        var current = await FindAsync(db, id, ct);
        if (current is null)
        {
            return new WriteOutcome<TRecord>.NotFound();
        }
        if (ifMatch is { } expected && expected != current.Version)
        {
            return new WriteOutcome<TRecord>.VersionMismatch(current.Version);
        }
        var record = ToRecord(current);
        db.Remove(current);
        try
        {
            await SaveAuditedAsync(db, audit, AuditTypes.RecordDeleted, current, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new WriteOutcome<TRecord>.VersionMismatch(0);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new WriteOutcome<TRecord>.InUse($"{Name} '{id}' is still referenced by other records; remove those first");
        }
        return new WriteOutcome<TRecord>.Saved(record, current.Version, Created: false);
    }

    private static WriteOutcome<TRecord>.Invalid Invalid(string field, string message) =>
        new(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    private async Task<(TEntity? Entity, WriteOutcome<TRecord>? Invalid)> ValidateAsync(AppDbContext db, TRecord record, CancellationToken ct)
    {
        var errors = new ErrorSink();
        var validation = new RegistryValidation(errors);
        var site = new RecordSite("request", 0, SnakeCase: false);
        var entity = Validate(validation, site, record);
        if (entity is not null)
        {
            foreach (var (field, limit) in LengthLimits.Violations(db.Model, entity))
            {
                site.Error(errors, field, $"is longer than {limit} characters");
            }
        }
        if (!errors.Any)
        {
            await ReferenceLookup.CheckAsync(db, validation.References, errors, ct);
        }
        if (!errors.Any && entity is not null && !AccessPolicy.CanRead(db.Scope, entity.Marking))
        {
            errors.Add("request", 0, "marking", $"you could not read a record marked '{entity.Marking}': choose a marking you are cleared for");
        }
        if (errors.Any || entity is null)
        {
            var byField = errors.Errors.GroupBy(e => e.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
            if (byField.Count == 0)
            {
                byField["id"] = ["is required"];
            }
            return (null, new WriteOutcome<TRecord>.Invalid(byField));
        }
        return (entity, null);
    }
}
