using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Data.Configurations;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Registry;
using Musubi.Engines.Screening;

namespace Musubi.Core.Features.Screening;

/// <summary>
/// Denied-party screening and registry entity resolution (issue #4; docs/engines/screening.md). Scoped: one per request
/// or CLI run, over that caller's <see cref="AppDbContext"/>, whose <see cref="AppDbContext.Scope"/> decides what is
/// read (screening records, alerts and duplicates are visible exactly when their organizations are).
/// <para>
/// Errors: a list import and a batch CSV report their problems as <c>file:line:field</c> (<see cref="ListImportResult"/>,
/// <see cref="ScreeningQueryCsvResult"/>); other operations throw <see cref="ScreeningInputException"/> (400, naming
/// the field) or <see cref="ScreeningConflictException"/> (409), and return null for what does not exist or the reader
/// may not see. Every write appends its audit event in the write's own transaction.
/// </para>
/// </summary>
public sealed partial class ScreeningService(AppDbContext db, TimeProvider clock, ScreeningIndexCache cache)
{
    /// <summary>Largest list file read (bytes).</summary>
    public const long MaxListBytes = 1L << 30;

    public const string RecordPrefix = "SR-";
    public const string CertificatePrefix = "SC-";
    public const string AlertPrefix = "SA-";
    public const string CandidatePrefix = "DC-";

    /// <summary>Who continuous screening records as the screener of the records it saves.</summary>
    public const string ContinuousScreener = "system:continuous";

    private const int EntryBatch = 5_000;

    /// <summary>Serializes list imports and registry re-screens in this process.</summary>
    private static readonly SemaphoreSlim WriteGate = new(1, 1);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SourcePattern();

    public AppDbContext Db => db;

    public ScreeningIndexCache Cache => cache;

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Options from request overrides; throws <see cref="ScreeningInputException"/> naming the field when they are unusable.</summary>
    public static ScreeningOptions Options(double? thresholdMatch, double? thresholdReview, int? maxCandidates = null)
    {
        var options = new ScreeningOptions
        {
            MatchThreshold = thresholdMatch ?? ScreeningOptions.DefaultMatchThreshold,
            ReviewThreshold = thresholdReview ?? Math.Min(ScreeningOptions.DefaultReviewThreshold, thresholdMatch ?? ScreeningOptions.DefaultMatchThreshold),
            MaxCandidates = maxCandidates ?? 10,
        };
        if (options.Validate() is { } bad)
        {
            throw new ScreeningInputException(bad.Field, bad.Message);
        }
        return options;
    }

    // ---------------------------------------------------------------- lists

    /// <summary>
    /// Imports a list file as a new version of <paramref name="source"/>, all or nothing: every problem of the file is
    /// reported as <c>file:line:field</c> and nothing is saved. When the content hash equals the source's active
    /// version, nothing is saved and the result says <see cref="ListImportResult.Unchanged"/>. Otherwise the new
    /// version becomes active, the previous one superseded (one transaction, audited as <c>screening.list.imported</c>),
    /// and the whole registry is re-screened (<see cref="RescreenRegistryAsync"/>).
    /// </summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="fileName">The file's name as uploaded (kept for display; its extension helps detect the format).</param>
    /// <param name="format">
    /// <c>ftm</c>/<c>FollowTheMoney</c>, <c>csl-csv</c>, <c>csl-json</c>, <c>csv</c>… (as <c>ListReaders.ParseFormat</c> reads it), or null to detect it
    /// from the name and the first bytes.
    /// </param>
    /// <param name="source">The list's key: lower-case letters, digits, <c>.</c>, <c>_</c>, <c>-</c>, at most 64 (<c>us-csl</c>, <c>jp-meti-eul</c>).</param>
    /// <param name="publishedOn">The list's own date; the import date when null. Not after today.</param>
    public async Task<ListImportResult> ImportListAsync(Stream content, string fileName, string? format, string source, DateOnly? publishedOn, AuditTrail audit, CancellationToken ct = default)
    {
        var errors = new ErrorSink();
        var name = string.IsNullOrWhiteSpace(fileName) ? "list" : Path.GetFileName(fileName.Trim());
        if (name.Length > ScreeningLengths.FileName)
        {
            name = name[..ScreeningLengths.FileName];
        }
        source = source?.Trim() ?? "";
        if (!SourcePattern().IsMatch(source))
        {
            errors.Add(name, 0, "source", $"'{source}' is not a list source key: lower-case letters, digits, '.', '_' and '-', at most 64, starting with a letter or digit (e.g. us-csl, jp-meti-eul)");
        }
        if (publishedOn is { } published && published > Today)
        {
            errors.Add(name, 0, "publishedOn", string.Create(CultureInfo.InvariantCulture, $"{published:yyyy-MM-dd} is after today ({Today:yyyy-MM-dd}); give the date the list was published"));
        }
        ListFormat? chosen = null;
        if (!string.IsNullOrWhiteSpace(format))
        {
            chosen = ListReaders.ParseFormat(format);
            if (chosen is null)
            {
                errors.Add(name, 0, "format", $"'{format}' is not a list format; use ftm, csl-csv, csl-json or csv");
            }
        }
        var bytes = await ReadBoundedAsync(content, ct);
        if (bytes is null)
        {
            errors.Add(name, 0, "file", string.Create(CultureInfo.InvariantCulture, $"the file is larger than {MaxListBytes} bytes"));
        }
        if (errors.Any)
        {
            return Failed(errors);
        }
        chosen ??= ListReaders.Detect(name, bytes!.AsSpan(0, Math.Min(bytes!.Length, 4096)));
        if (chosen is not { } listFormat)
        {
            errors.Add(name, 0, "format", "cannot tell the list's format from its name and first line; give the format (ftm, csl-csv, csl-json or csv)");
            return Failed(errors);
        }
        ListReadResult read;
        try
        {
            using var stream = new MemoryStream(bytes!, writable: false);
            read = ListReaders.Read(stream, listFormat, name);
        }
        catch (ListFormatException ex)
        {
            foreach (var p in ex.Problems)
            {
                errors.Add(name, p.Line, p.Field, p.Message);
            }
            return Failed(errors);
        }
        CheckEntities(read, name, errors);
        if (errors.Any)
        {
            return Failed(errors);
        }

        // Imports are serialized in this process (the check for unchanged content and the switch of the active version
        // must see each other); a unique index on the active version of a source stops one from another process.
        ScreeningListVersion? active;
        ScreeningListVersion version;
        await WriteGate.WaitAsync(ct);
        try
        {
            active = await db.ScreeningListVersions.FirstOrDefaultAsync(v => v.Source == source && v.Status == ScreeningListVersion.Active, ct);
            if (active is not null && string.Equals(active.ContentHash, read.ContentHash, StringComparison.OrdinalIgnoreCase))
            {
                db.Entry(active).State = EntityState.Detached;
                return new ListImportResult(active, true, null, null, [], 0);
            }
            var now = clock.GetUtcNow();
            version = new ScreeningListVersion
            {
                Id = await NewVersionIdAsync(read.ContentHash, ct),
                Source = source,
                Format = ListReaders.FormatName(listFormat),
                FileName = name,
                PublishedOn = publishedOn ?? Today,
                ImportedAt = now,
                ImportedBy = Clip(audit.PrincipalId, ScreeningLengths.Principal) ?? "anonymous",
                ContentHash = read.ContentHash.ToLowerInvariant(),
                EntityCount = read.Entities.Count,
                NameCount = read.NameCount,
                Status = ScreeningListVersion.Active,
            };
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (active is not null)
            {
                active.Status = ScreeningListVersion.Superseded;
                active.SupersededAt = now;
                // Superseded first: the unique index allows one active version per source at any moment.
                await db.SaveChangesAsync(ct);
            }
            db.ScreeningListVersions.Add(version);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                throw new ScreeningConflictException($"another import of '{source}' ran at the same time; import the file again");
            }
            await ScreeningEntryWriter.WriteAsync(db, read.Entities.Select(e => Entry(version.Id, e)), ct);
            await audit.AppendAsync(db, ScreeningAuditTypes.ListImported, AuditOutcomes.Success, "screening/lists/" + version.Id,
                JsonSerializer.Serialize(new
                {
                    source,
                    format = version.Format,
                    file = name,
                    publishedOn = version.PublishedOn,
                    contentHash = version.ContentHash,
                    entities = version.EntityCount,
                    names = version.NameCount,
                    superseded = active?.Id,
                }), ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            WriteGate.Release();
        }
        db.ChangeTracker.Clear();
        await audit.Log.CheckpointIfDueAsync(db, ct);
        var rescreen = await RescreenRegistryAsync(audit, ct);
        return new ListImportResult(version, false, active, rescreen, [], 0);
    }

    /// <summary>The stream's bytes, or null past <see cref="MaxListBytes"/> (read no further than that).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int n;
        while ((n = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxListBytes)
            {
                return null;
            }
            await buffer.WriteAsync(chunk.AsMemory(0, n), ct);
        }
        return buffer.ToArray();
    }

    private static ListImportResult Failed(ErrorSink errors) =>
        new(null, false, null, null, [.. errors.Errors.OrderBy(e => e.Line)], errors.Count);

    /// <summary>What the readers leave to the store: ids unique within the list and within the column lengths.</summary>
    private static void CheckEntities(ListReadResult read, string file, ErrorSink errors)
    {
        if (read.Entities.Count == 0)
        {
            errors.Add(file, 0, "file", "the list holds no entities");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in read.Entities)
        {
            if (e.Id.Length > ScreeningLengths.EntityId)
            {
                errors.Add(file, 0, "id", string.Create(CultureInfo.InvariantCulture, $"entity id '{e.Id[..40]}…' has {e.Id.Length} characters; at most {ScreeningLengths.EntityId}"));
            }
            else if (!seen.Add(e.Id))
            {
                errors.Add(file, 0, "id", $"entity id '{e.Id}' appears more than once; ids must be unique within a list");
            }
            if (e.Schema.Length > ScreeningLengths.Source)
            {
                errors.Add(file, 0, "schema", $"entity '{e.Id}': schema longer than {ScreeningLengths.Source} characters");
            }
        }
    }

    private static ScreeningListEntry Entry(string versionId, ScreeningEntity e) => new()
    {
        VersionId = versionId,
        EntityId = e.Id,
        Schema = e.Schema,
        Names = ScreeningJson.Serialize(e.Names),
        Countries = ScreeningJson.Serialize(e.Countries),
        Identifiers = ScreeningJson.Serialize(e.Identifiers),
        Programs = ScreeningJson.Serialize(e.Programs),
        Caption = Clip(e.Names.FirstOrDefault(n => n.Kind == NameKind.Name)?.Value ?? e.Names.FirstOrDefault()?.Value ?? e.Id, ScreeningLengths.Name)!,
    };

    private async Task<string> NewVersionIdAsync(string contentHash, CancellationToken ct)
    {
        var stem = "lv-" + contentHash.ToLowerInvariant()[..12];
        var taken = await db.ScreeningListVersions.AsNoTracking().Where(v => v.Id.StartsWith(stem)).Select(v => v.Id).ToListAsync(ct);
        if (!taken.Contains(stem, StringComparer.Ordinal))
        {
            return stem;
        }
        for (var n = 2; ; n++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}");
            if (!taken.Contains(id, StringComparer.Ordinal))
            {
                return id;
            }
        }
    }

    /// <summary>Every list version, newest import first (readable by any signed-in user: lists are public).</summary>
    public async Task<IReadOnlyList<ScreeningListVersion>> ListVersionsAsync(CancellationToken ct = default) =>
        (await db.ScreeningListVersions.AsNoTracking().ToListAsync(ct))
            .OrderByDescending(v => v.ImportedAt).ThenBy(v => v.Source, StringComparer.Ordinal).ToList();

    public Task<ScreeningListVersion?> GetVersionAsync(string id, CancellationToken ct = default) =>
        db.ScreeningListVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == id, ct);

    /// <summary>The active version of every source, ordered by source.</summary>
    public async Task<IReadOnlyList<ScreeningListVersion>> ActiveVersionsAsync(CancellationToken ct = default) =>
        (await db.ScreeningListVersions.AsNoTracking().Where(v => v.Status == ScreeningListVersion.Active).ToListAsync(ct))
            .OrderBy(v => v.Source, StringComparer.Ordinal).ToList();

    /// <summary>
    /// "What did we know on <paramref name="date"/>": for each source, the version that was active at the end of that
    /// day (UTC): the last one imported on or before it. Sources first imported later are absent.
    /// </summary>
    public async Task<IReadOnlyList<ScreeningListVersion>> AsOfAsync(DateOnly date, CancellationToken ct = default)
    {
        var end = new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var versions = await db.ScreeningListVersions.AsNoTracking().Where(v => v.ImportedAt < end).ToListAsync(ct);
        return [.. versions.GroupBy(v => v.Source, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(v => v.ImportedAt).ThenByDescending(v => v.Id, StringComparer.Ordinal).First())
            .OrderBy(v => v.Source, StringComparer.Ordinal)];
    }

    /// <summary>The entries of one version, by entity id, optionally those whose first name contains <paramref name="search"/> (case-insensitive).</summary>
    public async Task<PagedList<ScreeningListEntry>> ListEntriesAsync(string versionId, string? search, int page = 1, int pageSize = 50, CancellationToken ct = default)
    {
        CheckPage(page, pageSize, ScreeningRecordQuery.MaxPageSize);
        var q = db.ScreeningListEntries.AsNoTracking().Where(e => e.VersionId == versionId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim().ToLowerInvariant();
            // ToLower() runs in SQL (lower()), not in .NET: culture rules do not apply to it.
#pragma warning disable CA1304, CA1311
            q = q.Where(e => e.Caption.ToLower().Contains(s) || e.EntityId.ToLower().Contains(s));
#pragma warning restore CA1304, CA1311
        }
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(e => e.EntityId).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new PagedList<ScreeningListEntry>(items, total, page, pageSize);
    }

    /// <summary>The engine's entity of a stored entry.</summary>
    public static ScreeningEntity ToEntity(ScreeningListEntry e) => new(
        e.EntityId,
        e.Schema,
        ScreeningJson.Deserialize<List<EntityName>>(e.Names),
        ScreeningJson.Deserialize<List<string>>(e.Countries),
        ScreeningJson.Deserialize<List<EntityIdentifier>>(e.Identifiers))
    {
        Programs = ScreeningJson.Deserialize<List<string>>(e.Programs),
    };

    /// <summary>The index over the active versions (built once per set and shared); throws <see cref="ScreeningConflictException"/> when no list has been imported.</summary>
    public async Task<ListIndex> ActiveIndexAsync(CancellationToken ct = default)
    {
        var active = await ActiveVersionsAsync(ct);
        if (active.Count == 0)
        {
            throw new ScreeningConflictException("no denied-party list has been imported yet; import a list version first (a screening against no list would prove nothing)");
        }
        return await cache.GetAsync(db, active, ct);
    }

    // ---------------------------------------------------------------- screening

    /// <summary>
    /// Screens one name against every active list version and saves the record (decision, best candidate, every
    /// candidate with its explanation, the version ids, the thresholds), audited as <c>screening.screened</c>. A match
    /// or review decision waits for review (<c>pending</c>); none needs none (<c>not_required</c>).
    /// </summary>
    public async Task<ScreeningRecord> ScreenAsync(ScreenRequest request, AuditTrail audit, CancellationToken ct = default)
    {
        var options = request.Options();
        var query = await CheckQueryAsync(request, ct);
        var index = await ActiveIndexAsync(ct);
        var result = index.Index.Screen(query, options);
        var record = NewRecord(query, request.OrganizationId, index, result, options, Clip(audit.PrincipalId, ScreeningLengths.Principal) ?? "anonymous");
        await SaveRecordsAsync([record], audit, ct);
        return record;
    }

    /// <summary>
    /// Screens every name of a registry organization (with its country and identifiers), keeps the best result as one
    /// saved record linked to the organization. Null when the organization does not exist or the reader may not see it.
    /// </summary>
    public async Task<ScreeningRecord?> ScreenOrganizationAsync(string organizationId, ScreeningOptions options, AuditTrail audit, CancellationToken ct = default)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId, ct);
        if (org is null)
        {
            return null;
        }
        var index = await ActiveIndexAsync(ct);
        var queries = QueriesOf(org);
        if (queries.Count == 0)
        {
            throw new ScreeningInputException("organizationId", $"organization {org.Id} has no name that can be screened");
        }
        var results = index.Index.ScreenAll(queries, options, 1, null, ct);
        var best = Best(queries, results);
        var record = NewRecord(best.Query, org.Id, index, best.Result, options, Clip(audit.PrincipalId, ScreeningLengths.Principal) ?? "anonymous");
        await SaveRecordsAsync([record], audit, ct);
        return record;
    }

    /// <summary>
    /// Screens a batch (e.g. read by <see cref="ScreeningQueryCsv"/>) on every core, reporting progress (queries done)
    /// as it goes, and saves one record per query, in order, each audited, all in one transaction. The query's own id
    /// is kept as <see cref="ScreeningRecord.QueryId"/>.
    /// </summary>
    public async Task<IReadOnlyList<ScreeningRecord>> ScreenBatchAsync(IReadOnlyList<ScreeningQuery> queries, ScreeningOptions options, AuditTrail audit, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        if (options.Validate() is { } badOptions)
        {
            throw new ScreeningInputException(badOptions.Field, badOptions.Message);
        }
        if (queries.Count == 0)
        {
            throw new ScreeningInputException("queries", "the batch holds no names");
        }
        if (queries.Count > ScreeningQueryCsv.MaxRows)
        {
            throw new ScreeningInputException("queries", string.Create(CultureInfo.InvariantCulture, $"a batch may hold at most {ScreeningQueryCsv.MaxRows} names"));
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < queries.Count; i++)
        {
            if (ScreeningQueries.Validate(queries[i]) is { } bad)
            {
                errors[string.Create(CultureInfo.InvariantCulture, $"[{i}].{bad.Field}")] = [bad.Message];
            }
            else if (queries[i].Country is { Length: > 0 } c && !Countries.IsAlpha2(c))
            {
                errors[string.Create(CultureInfo.InvariantCulture, $"[{i}].country")] = [$"'{c}' is not an ISO 3166-1 alpha-2 country code"];
            }
        }
        if (errors.Count > 0)
        {
            throw new ScreeningInputException(errors);
        }
        var index = await ActiveIndexAsync(ct);
        var results = await Task.Run(() => index.Index.ScreenAll(queries, options, Environment.ProcessorCount, progress, ct), ct);
        var by = Clip(audit.PrincipalId, ScreeningLengths.Principal) ?? "anonymous";
        var records = queries.Select((q, i) => NewRecord(q, null, index, results[i], options, by, Clip(q.Id, ScreeningLengths.Principal))).ToList();
        await SaveRecordsAsync(records, audit, ct);
        return records;
    }

    private async Task<ScreeningQuery> CheckQueryAsync(ScreenRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? country = null;
        if (!string.IsNullOrWhiteSpace(request.Country))
        {
            country = request.Country.Trim().ToUpperInvariant();
            if (!Countries.IsAlpha2(country))
            {
                errors["country"] = [$"'{request.Country}' is not an ISO 3166-1 alpha-2 country code"];
            }
        }
        var identifiers = new List<EntityIdentifier>();
        var list = request.Identifiers ?? [];
        if (list.Count > 20)
        {
            errors["identifiers"] = ["at most 20 identifiers"];
        }
        for (var i = 0; i < list.Count && i < 20; i++)
        {
            var id = list[i];
            var scheme = id?.Scheme?.Trim().ToLowerInvariant() ?? "";
            var value = id?.Value?.Trim() ?? "";
            if (scheme.Length is 0 or > 32 || value.Length is 0 or > 100)
            {
                errors[string.Create(CultureInfo.InvariantCulture, $"identifiers[{i}]")] = ["needs a scheme (lei, cage, uei, jcn…; at most 32 characters) and a value (at most 100)"];
                continue;
            }
            identifiers.Add(new EntityIdentifier(scheme, value));
        }
        var query = new ScreeningQuery("q", request.Name ?? "", country) { Identifiers = identifiers };
        if (ScreeningQueries.Validate(query) is { } bad)
        {
            errors[bad.Field] = [bad.Message];
        }
        if (request.OrganizationId is { Length: > 0 } orgId && !await db.Organizations.AnyAsync(o => o.Id == orgId, ct))
        {
            // The same answer whether it does not exist or the reader may not see it.
            errors["organizationId"] = [$"no organization '{orgId}'"];
        }
        if (errors.Count > 0)
        {
            throw new ScreeningInputException(errors);
        }
        return query;
    }

    private ScreeningRecord NewRecord(ScreeningQuery query, string? organizationId, ListIndex index, ScreeningResult result, ScreeningOptions options, string by, string? queryId = null)
    {
        var outcome = index.Outcome(result);
        return new ScreeningRecord
        {
            Id = ScreeningJson.NewId(RecordPrefix, clock.GetUtcNow()),
            QueryName = query.Name,
            QueryCountry = query.Country,
            QueryIdentifiers = ScreeningJson.Serialize(query.Identifiers),
            QueryId = queryId,
            OrganizationId = string.IsNullOrEmpty(organizationId) ? null : organizationId,
            ListVersionIds = ScreeningJson.Serialize(index.VersionIds),
            Decision = outcome.Decision,
            BestEntityId = outcome.Best?.EntityId,
            BestListVersionId = outcome.Best?.ListVersionId,
            BestScore = outcome.Best?.Score,
            Result = ScreeningJson.Serialize(outcome),
            Thresholds = ScreeningJson.Serialize(ScreeningThresholds.Of(options)),
            ScreenedAt = clock.GetUtcNow(),
            ScreenedBy = by,
            ReviewStatus = result.Decision == Decision.None ? ScreeningRecord.ReviewNotRequired : ScreeningRecord.ReviewPending,
        };
    }

    private async Task SaveRecordsAsync(IReadOnlyList<ScreeningRecord> records, AuditTrail audit, CancellationToken ct)
    {
        var owned = db.Database.CurrentTransaction is null;
        await using (var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            foreach (var chunk in records.Chunk(EntryBatch))
            {
                db.ScreeningRecords.AddRange(chunk);
                await db.SaveChangesAsync(ct);
                foreach (var r in chunk)
                {
                    db.Entry(r).State = EntityState.Detached;
                }
            }
            await audit.Log.AppendBatchAsync(db, [.. records.Select(r => audit.Record(ScreeningAuditTypes.Screened, AuditOutcomes.Success, "screening/records/" + r.Id,
                JsonSerializer.Serialize(new { decision = r.Decision, best = r.BestEntityId, score = r.BestScore, organization = r.OrganizationId, versions = r.ListVersionIds })))], ct);
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

    /// <summary>The result a record keeps.</summary>
    public static ScreeningOutcome ResultOf(ScreeningRecord record) => ScreeningJson.Deserialize<ScreeningOutcome>(record.Result);

    /// <summary>The list version ids a record was screened against.</summary>
    public static IReadOnlyList<string> VersionsOf(ScreeningRecord record) => ScreeningJson.Deserialize<List<string>>(record.ListVersionIds);

    /// <summary>Records the reader may see, newest first, filtered; throws <see cref="ScreeningInputException"/> for a bad filter.</summary>
    public async Task<PagedList<ScreeningRecord>> ListRecordsAsync(ScreeningRecordQuery query, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (query.Status is { Length: > 0 } s && s is not (ScreeningRecord.ReviewPending or ScreeningRecord.ReviewNotRequired or ScreeningRecord.ReviewDone))
        {
            errors["status"] = [$"'{s}' is not a review status; use pending, not_required or reviewed"];
        }
        if (query.Decision is { Length: > 0 } d && d is not ("match" or "review" or "none"))
        {
            errors["decision"] = [$"'{d}' is not a decision; use match, review or none"];
        }
        if (errors.Count > 0)
        {
            throw new ScreeningInputException(errors);
        }
        CheckPage(query.Page, query.PageSize, ScreeningRecordQuery.MaxPageSize);
        var q = db.ScreeningRecords.AsNoTracking();
        if (query.Status is { Length: > 0 } status)
        {
            q = q.Where(r => r.ReviewStatus == status);
        }
        if (query.Decision is { Length: > 0 } decision)
        {
            q = q.Where(r => r.Decision == decision);
        }
        if (query.OrganizationId is { Length: > 0 } org)
        {
            q = q.Where(r => r.OrganizationId == org);
        }
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(r => r.ScreenedAt).ThenBy(r => r.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new PagedList<ScreeningRecord>(items, total, query.Page, query.PageSize);
    }

    /// <summary>A record, or null when it does not exist or the reader may not see its organization.</summary>
    public Task<ScreeningRecord?> GetRecordAsync(string id, CancellationToken ct = default) =>
        db.ScreeningRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>
    /// The decision of each record with these ids that the reader may see, in the order of <paramref name="ids"/>: what a
    /// batch's results page counts and filters, without reading each record's result (its candidates and explanations).
    /// </summary>
    public Task<IReadOnlyList<ScreeningRecordDecision>> GetDecisionsAsync(IReadOnlyList<string> ids, CancellationToken ct = default) =>
        InOrderAsync(ids, chunk => db.ScreeningRecords.AsNoTracking().Where(r => chunk.Contains(r.Id)).Select(r => new ScreeningRecordDecision(r.Id, r.Decision)), d => d.Id, ct);

    /// <summary>The records with these ids that the reader may see, in the order of <paramref name="ids"/>.</summary>
    public Task<IReadOnlyList<ScreeningRecord>> GetRecordsAsync(IReadOnlyList<string> ids, CancellationToken ct = default) =>
        InOrderAsync(ids, chunk => db.ScreeningRecords.AsNoTracking().Where(r => chunk.Contains(r.Id)), r => r.Id, ct);

    /// <summary>What <paramref name="read"/> finds for <paramref name="ids"/>, 500 ids a query, in the order of <paramref name="ids"/>.</summary>
    private static async Task<IReadOnlyList<T>> InOrderAsync<T>(IReadOnlyList<string> ids, Func<string[], IQueryable<T>> read, Func<T, string> idOf, CancellationToken ct)
    {
        var found = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            foreach (var item in await read(chunk).ToListAsync(ct))
            {
                found[idOf(item)] = item;
            }
        }
        return [.. ids.Where(found.ContainsKey).Select(id => found[id])];
    }

    /// <summary>
    /// Records a reviewer's decision (<c>confirmed_match</c>, <c>false_positive</c>, <c>cleared</c>) on a record
    /// pending review, with an optional note (at most 2,000 characters), audited as <c>screening.reviewed</c>. Null when
    /// the record does not exist or the reader may not see it; a conflict when it is not pending.
    /// </summary>
    public async Task<ScreeningRecord?> ReviewAsync(string recordId, string decision, string? note, AuditTrail audit, CancellationToken ct = default)
    {
        decision = decision?.Trim() ?? "";
        if (!ScreeningRecord.ReviewDecisions.Contains(decision, StringComparer.Ordinal))
        {
            throw new ScreeningInputException("decision", $"'{decision}' is not a review decision; use {string.Join(", ", ScreeningRecord.ReviewDecisions)}");
        }
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > ScreeningLengths.Note })
        {
            throw new ScreeningInputException("note", string.Create(CultureInfo.InvariantCulture, $"has {note.Length} characters; at most {ScreeningLengths.Note}"));
        }
        var record = await db.ScreeningRecords.FirstOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is null)
        {
            return null;
        }
        if (record.ReviewStatus != ScreeningRecord.ReviewPending)
        {
            throw new ScreeningConflictException(record.ReviewStatus == ScreeningRecord.ReviewDone
                ? $"record {record.Id} was already reviewed ({record.ReviewDecision} by {record.ReviewedBy}); screen the name again for a new decision"
                : $"record {record.Id} had no hit and needs no review");
        }
        record.ReviewStatus = ScreeningRecord.ReviewDone;
        record.ReviewDecision = decision;
        record.ReviewedBy = Clip(audit.PrincipalId, ScreeningLengths.Principal) ?? "anonymous";
        record.ReviewedAt = clock.GetUtcNow();
        record.ReviewNote = note;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, ScreeningAuditTypes.Reviewed, AuditOutcomes.Success, "screening/records/" + record.Id,
                JsonSerializer.Serialize(new { decision, decisionBefore = record.Decision, best = record.BestEntityId, organization = record.OrganizationId }), ct);
            await tx.CommitAsync(ct);
        }
        db.Entry(record).State = EntityState.Detached;
        await audit.Log.CheckpointIfDueAsync(db, ct);
        return record;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>One query per distinct name of an organization (ids <c>orgId#n</c>), with its country and identifiers.</summary>
    internal static List<ScreeningQuery> QueriesOf(Organization org)
    {
        var identifiers = org.Identifiers.Select(i => new EntityIdentifier(i.Scheme.ToLowerInvariant(), i.Value)).ToList();
        var names = org.Names.Select(n => n.Value).Prepend(org.Name)
            .Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList();
        var queries = new List<ScreeningQuery>(names.Count);
        foreach (var name in names)
        {
            var q = new ScreeningQuery(string.Create(CultureInfo.InvariantCulture, $"{org.Id}#{queries.Count}"), name, org.Country) { Identifiers = identifiers };
            if (ScreeningQueries.Validate(q) is null)
            {
                queries.Add(q);
            }
        }
        return queries;
    }

    /// <summary>The query whose result scored best (the first on a tie).</summary>
    private static (ScreeningQuery Query, ScreeningResult Result) Best(IReadOnlyList<ScreeningQuery> queries, IReadOnlyList<ScreeningResult> results)
    {
        var best = 0;
        for (var i = 1; i < results.Count; i++)
        {
            if ((results[i].Best?.Score ?? -1) > (results[best].Best?.Score ?? -1))
            {
                best = i;
            }
        }
        return (queries[best], results[best]);
    }

    private static void CheckPage(int page, int pageSize, int max)
    {
        if (page < 1)
        {
            throw new ScreeningInputException("page", "must be 1 or more");
        }
        if (pageSize < 1 || pageSize > max)
        {
            throw new ScreeningInputException("pageSize", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {max}"));
        }
    }

    internal static string? Clip(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
