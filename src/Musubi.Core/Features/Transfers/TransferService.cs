using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Data.Configurations;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Registry;
using Musubi.Engines.Transfers;

namespace Musubi.Core.Features.Transfers;

/// <summary>One case as read: the engine's case and the JSON text it came from (what a saved check stores).</summary>
public sealed record ReadCase(TransferCase Case, string Json);

/// <summary>A problem with the input: the field (<c>[2].item.kind</c>, <c>date</c>, <c>body</c>), and where in the JSON when known.</summary>
public sealed record InputProblem(string Field, string Message, long? Line = null, long? Column = null)
{
    /// <summary>The message, with the line and column when known (for ProblemDetails).</summary>
    public string Describe() => Line is { } line
        ? string.Create(CultureInfo.InvariantCulture, $"{Message} (line {line}, column {Column ?? 0})")
        : Message;

    /// <summary><c>file:line:field: message</c> (or <c>file:field: message</c> when the line is unknown), for the CLI.</summary>
    public string At(string file) => Line is { } line
        ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line}:{Field}: {Message}")
        : $"{file}:{Field}: {Message}";
}

/// <summary>Cases read from a request or file, or the problems that stopped them.</summary>
public sealed record TransferInput(IReadOnlyList<ReadCase> Cases, bool WasArray, IReadOnlyList<InputProblem> Problems)
{
    public bool Ok => Problems.Count == 0;

    /// <summary>Field → messages, as ProblemDetails' <c>errors</c>.</summary>
    public Dictionary<string, string[]> Errors => Problems.GroupBy(p => p.Field, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(p => p.Describe()).ToArray(), StringComparer.Ordinal);
}

/// <summary>A case and the engine's answer for it.</summary>
public sealed record Evaluated(ReadCase Input, TransferResult Result);

/// <summary>A saved check re-evaluated with the rule set stored under its hash.</summary>
public sealed record Reproduction(
    TransferCheck Check,
    bool Matches,
    TransferResult Result,
    string ReproducedVerdict,
    string ReproducedJson,
    string CurrentHash,
    string CurrentVerdict);

/// <summary>A saved check whose verdict differs under the current rule set.</summary>
public sealed record VerdictChange(string Id, string? CaseId, string From, string To, DateOnly AsOf, string SavedHash, string SavedVerdict, string CurrentVerdict);

/// <summary>
/// What a re-check found: <see cref="Total"/> saved checks the reader may read, <see cref="Reevaluated"/> of them saved
/// under another rule set (the rest were answered by the current one), and the ones whose verdict changed.
/// </summary>
public sealed record RecheckReport(string CurrentHash, int Total, int Reevaluated, int Unreadable, IReadOnlyList<VerdictChange> Changes);

/// <summary>What the list of saved checks may be filtered by.</summary>
public sealed record TransferCheckQuery
{
    public const int MaxPageSize = 500;
    public string? Verdict { get; init; }
    public string? Program { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>
/// The transfer-eligibility feature: reads and checks cases (the engine's field errors plus the date window, which needs
/// a clock), evaluates them with the current rule set, saves checks with the rule set's files (once per hash) and an
/// audit record in the same transaction, lists and reads them through the access policy, reproduces a saved answer
/// with the rules that gave it, and re-checks every saved check against the current rules. API, UI and CLI all use it.
/// </summary>
public sealed class TransferService(TimeProvider clock, RuleSet? rules = null)
{
    /// <summary>No case may be dated before this (the rule data starts with Japan's 1967 principles).</summary>
    public static readonly DateOnly Earliest = TransferCaseReader.EarliestDate;

    /// <summary>Nor more than this many years after today: the rules say nothing about a far future.</summary>
    public const int MaxYearsAhead = 10;

    public const string CheckPrefix = "TC-";

    private static readonly ConcurrentDictionary<string, TransferEngine> Engines = new(StringComparer.Ordinal);
    private static readonly JsonSerializerOptions SourceJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The rule set this service answers with: the one it was given, else the embedded default.</summary>
    public RuleSet Rules { get; } = rules ?? RuleSet.LoadDefault();

    public TransferEngine Engine => EngineFor(Rules);

    public static string[] Verdicts { get; } = ["permitted", "permitted_with_approval", "prohibited"];

    /// <summary>The engine of a rule set, made once per content hash.</summary>
    internal static TransferEngine EngineFor(RuleSet set) => Engines.GetOrAdd(set.Hash, _ => new TransferEngine(set));

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public DateOnly Latest => Today.AddYears(MaxYearsAhead);

    /// <summary>Null when <paramref name="date"/> is inside the window, else why not.</summary>
    public string? CheckDate(DateOnly date)
    {
        if (date < Earliest)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd} is before {Earliest:yyyy-MM-dd}; the rules Musubi holds start then");
        }
        if (date > Latest)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd} is more than {MaxYearsAhead} years after today ({Today:yyyy-MM-dd}); no rule can be known that far ahead");
        }
        return null;
    }

    /// <summary>Parses a date query value (<c>YYYY-MM-DD</c>) and checks it is inside the window; adds an error under <paramref name="field"/> if not.</summary>
    public DateOnly? ParseDate(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[field] = [$"'{text}' is not a date (YYYY-MM-DD)"];
            return null;
        }
        if (CheckDate(date) is { } problem)
        {
            errors[field] = [problem];
            return null;
        }
        return date;
    }

    /// <summary>
    /// Reads one case or an array of cases. Errors name the field as the engine does (<c>[2].item.kind</c>, <c>date</c>),
    /// with line and column for malformed JSON; a date outside the window is an error on <c>date</c>.
    /// </summary>
    public TransferInput Read(string json, DateOnly? asOf = null) => Read(json, Rules, asOf);

    private TransferInput Read(string json, RuleSet set, DateOnly? asOf)
    {
        var problems = new List<InputProblem>();
        if (string.IsNullOrWhiteSpace(json))
        {
            problems.Add(new InputProblem("body", "the input is empty: give one case (a JSON object) or an array of cases"));
            return new([], false, problems);
        }
        var read = TransferCaseReader.Read(json, set);
        problems.AddRange(read.Problems.Select(p => new InputProblem(string.IsNullOrEmpty(p.Field) ? "body" : p.Field, p.Message, p.Line, p.Column)));
        if (problems.Count > 0)
        {
            return new([], read.WasArray, problems);
        }
        // Each case is kept as the contract's canonical JSON (what it was read as, absent fields left out), not the
        // caller's text: one parse, and saved inputs are what the one-pass reader reads fastest when re-checked.
        var cases = new List<ReadCase>(read.Cases.Count);
        for (var i = 0; i < read.Cases.Count; i++)
        {
            var prefix = read.WasArray ? string.Create(CultureInfo.InvariantCulture, $"[{i}].") : "";
            var c = read.Cases[i];
            var text = TransferJson.Serialize(c);
            if (asOf is null && CheckDate(c.Date) is { } problem)
            {
                problems.Add(new InputProblem(prefix + "date", problem));
            }
            if (text.Length > TransferCheckConfiguration.MaxInputLength)
            {
                problems.Add(new InputProblem(read.WasArray ? string.Create(CultureInfo.InvariantCulture, $"[{i}]") : "body",
                    string.Create(CultureInfo.InvariantCulture, $"a case may be at most {TransferCheckConfiguration.MaxInputLength} characters of JSON")));
            }
            cases.Add(new ReadCase(c, text));
        }
        return problems.Count > 0 ? new([], read.WasArray, problems) : new(cases, read.WasArray, problems);
    }

    public IReadOnlyList<Evaluated> Evaluate(TransferInput input, DateOnly? asOf = null) =>
        [.. input.Cases.Select(c => new Evaluated(c, Engine.Evaluate(c.Case, asOf)))];

    public TransferTimeline Timeline(TransferCase c, DateOnly from, DateOnly to) => Engine.Timeline(c, from, to);

    /// <summary>The contract JSON of a result (camelCase, verdict <c>permitted_with_approval</c>).</summary>
    public static string ToJson(TransferResult result) => JsonSerializer.Serialize(result, TransferJson.Options);

    public static string ToJson(TransferTimeline timeline) => JsonSerializer.Serialize(timeline, TransferJson.Options);

    /// <summary>The contract's word for a verdict (<c>permitted_with_approval</c>).</summary>
    public static string VerdictText(TransferVerdict verdict) => verdict switch
    {
        TransferVerdict.Permitted => "permitted",
        TransferVerdict.PermittedWithApproval => "permitted_with_approval",
        _ => "prohibited",
    };

    /// <summary>The current rules, optionally one jurisdiction's and those in force on a date (YYYY-MM-DD); errors name the parameter.</summary>
    public RulesView? ListRules(string? jurisdiction, string? asOf, Dictionary<string, string[]> errors)
    {
        var date = ParseDate(asOf, "asOf", errors);
        var j = string.IsNullOrWhiteSpace(jurisdiction) ? null : jurisdiction.Trim().ToUpperInvariant();
        if (j is not null && !Rules.Jurisdictions.Any(x => x.Id == j))
        {
            errors["jurisdiction"] = [$"'{jurisdiction}' is not a jurisdiction with rules; use one of {string.Join(", ", Rules.Jurisdictions.Select(x => x.Id))}"];
        }
        if (errors.Count > 0)
        {
            return null;
        }
        var rules = Rules.Rules
            .Where(r => j is null || r.Jurisdiction == j)
            .Where(r => date is not { } d || (r.EffectiveFrom <= d && (r.EffectiveTo is null || d < r.EffectiveTo)))
            .OrderBy(r => r.Jurisdiction, StringComparer.Ordinal).ThenBy(r => r.EffectiveFrom).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(RuleView.Of).ToList();
        return new RulesView(Rules.Hash, date, j, rules.Count, rules);
    }

    /// <summary>
    /// Parses the marking a saved check will carry, and refuses one the saver could not read back themselves
    /// (field <c>marking</c> or <c>needToKnow</c>). Null marking text means unmarked.
    /// </summary>
    public static Marking? CheckMarking(string? banner, string? needToKnow, AccessScope saver, Dictionary<string, string[]> errors)
    {
        if (needToKnow is { Length: > MarkedEntityMapping.IdLength })
        {
            errors["needToKnow"] = [string.Create(CultureInfo.InvariantCulture, $"a program id has at most {MarkedEntityMapping.IdLength} characters")];
            return null;
        }
        var marking = Marking.TryParse(banner, needToKnow, out var error);
        if (marking is null)
        {
            errors["marking"] = [error ?? "not a marking Musubi accepts"];
            return null;
        }
        if (!AccessPolicy.CanRead(saver, marking))
        {
            errors[marking.NeedToKnow is not null && !saver.Programs.Contains(marking.NeedToKnow) ? "needToKnow" : "marking"] =
                [$"you could not read a check marked '{marking}' yourself; choose a marking you may read"];
            return null;
        }
        return marking;
    }

    /// <summary>
    /// Saves each evaluated case as a check (ids <c>TC-…</c>), storing the rule set's files under its hash when this is
    /// the first check to use it, with one audit record per check, all in one transaction.
    /// </summary>
    public async Task<IReadOnlyList<TransferCheck>> SaveAsync(AppDbContext db, IReadOnlyList<Evaluated> evaluated, Marking marking, AuditTrail audit, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var checks = evaluated.Select(e => new TransferCheck
        {
            Id = NewId(now),
            CaseId = Clip(e.Input.Case.Id, MarkedEntityMapping.IdLength),
            CreatedBy = Clip(audit.PrincipalId, 200) ?? "anonymous",
            From = e.Input.Case.From,
            To = e.Input.Case.To,
            ItemName = Clip(e.Input.Case.Item.Name, 300),
            Program = Clip(e.Input.Case.Item.Program, MarkedEntityMapping.IdLength),
            AsOf = e.Result.AsOf,
            Verdict = VerdictText(e.Result.Verdict),
            RuleSetHash = Rules.Hash,
            InputJson = e.Input.Json,
            ResultJson = ToJson(e.Result),
            Marking = marking.Clone(),
        }).ToList();
        var owned = db.Database.CurrentTransaction is null;
        await using (var tx = owned ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            if (!await db.RuleSetVersions.AnyAsync(v => v.Hash == Rules.Hash, ct))
            {
                db.RuleSetVersions.Add(new RuleSetVersion
                {
                    Hash = Rules.Hash,
                    SourcesJson = JsonSerializer.Serialize(Rules.Sources.Select(s => new StoredSource(s.Path, s.Text)), SourceJson),
                    RuleCount = Rules.Rules.Count,
                    CreatedAt = now,
                });
            }
            db.TransferChecks.AddRange(checks);
            await db.SaveChangesAsync(ct);
            await audit.Log.AppendBatchAsync(db, [.. checks.Select(c => audit.Record(AuditTypes.RecordCreated, AuditOutcomes.Success, "transfers/checks/" + c.Id,
                JsonSerializer.Serialize(new { verdict = c.Verdict, asOf = c.AsOf, ruleSet = c.RuleSetHash, marking = c.Marking.Banner })))], ct);
            if (tx is not null)
            {
                await tx.CommitAsync(ct);
            }
        }
        if (owned)
        {
            await audit.Log.CheckpointIfDueAsync(db, ct);
        }
        foreach (var c in checks)
        {
            db.Entry(c).State = EntityState.Detached;
        }
        return checks;
    }

    private sealed record StoredSource(string Path, string Text);

    private static string? Clip(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    /// <summary>
    /// <c>TC-yyyymmdd-</c> and 80 random bits: a million checks saved in one day collide with odds of about 1 in 10^12
    /// (40 bits, the first choice, collided at a million — the re-check benchmark found it).
    /// </summary>
    private static string NewId(DateTimeOffset now) =>
        CheckPrefix + now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));

    public static Dictionary<string, string[]> Check(TransferCheckQuery query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (query.Verdict is { Length: > 0 } v && !Verdicts.Contains(v, StringComparer.Ordinal))
        {
            errors["verdict"] = [$"'{v}' is not a verdict; use one of {string.Join(", ", Verdicts)}"];
        }
        if (query.Page < 1)
        {
            errors["page"] = ["must be 1 or more"];
        }
        if (query.PageSize is < 1 or > TransferCheckQuery.MaxPageSize)
        {
            errors["pageSize"] = [string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {TransferCheckQuery.MaxPageSize}")];
        }
        return errors;
    }

    /// <summary>Saved checks the reader may read (the access policy is the context's query filter), newest first.</summary>
    public static async Task<PagedList<TransferCheck>> ListAsync(AppDbContext db, TransferCheckQuery query, CancellationToken ct = default)
    {
        var q = db.TransferChecks.AsNoTracking();
        if (query.Verdict is { Length: > 0 } v)
        {
            q = q.Where(c => c.Verdict == v);
        }
        if (query.Program is { Length: > 0 } p)
        {
            q = q.Where(c => c.Program == p);
        }
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        return new PagedList<TransferCheck>(items, total, query.Page, query.PageSize);
    }

    public static Task<TransferCheck?> FindAsync(AppDbContext db, string id, CancellationToken ct = default) =>
        db.TransferChecks.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>
    /// Re-evaluates a saved check's input with the rule set stored under its hash and compares the answer with the
    /// stored one; also says what the current rule set answers. Null when the check does not exist or the reader may
    /// not read it.
    /// </summary>
    public async Task<Reproduction?> ReproduceAsync(AppDbContext db, string id, CancellationToken ct = default)
    {
        var check = await FindAsync(db, id, ct);
        if (check is null)
        {
            return null;
        }
        var set = await StoredRuleSetAsync(db, check.RuleSetHash, ct);
        var stored = Read(check.InputJson, set, check.AsOf);
        if (!stored.Ok)
        {
            throw new NotReproducibleException($"saved check {check.Id} no longer reads under its own rule set: {string.Join("; ", stored.Errors.Select(e => e.Key + ": " + string.Join(", ", e.Value)))}");
        }
        var reproduced = EngineFor(set).Evaluate(stored.Cases[0].Case, check.AsOf);
        var reproducedJson = ToJson(reproduced);
        var matches = JsonNode.DeepEquals(JsonNode.Parse(reproducedJson), JsonNode.Parse(check.ResultJson));
        var current = CurrentVerdict(check);
        return new Reproduction(check, matches, reproduced, VerdictText(reproduced.Verdict), reproducedJson, Rules.Hash, current ?? "unreadable");
    }

    /// <summary>The verdict the current rule set gives a saved check's input, or null when the input no longer reads under it.</summary>
    private string? CurrentVerdict(TransferCheck check)
    {
        var read = TransferCaseReader.Read(check.InputJson, Rules);
        return read.Problems.Count > 0 || read.Cases.Count != 1 ? null : VerdictText(Engine.Evaluate(read.Cases[0], check.AsOf).Verdict);
    }

    /// <summary>The rule set stored under <paramref name="hash"/>, loaded (and cached) as it was.</summary>
    public async Task<RuleSet> StoredRuleSetAsync(AppDbContext db, string hash, CancellationToken ct = default)
    {
        if (hash == Rules.Hash)
        {
            return Rules;
        }
        if (StoredSets.TryGetValue(hash, out var cached))
        {
            return cached;
        }
        var version = await db.RuleSetVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Hash == hash, ct)
            ?? throw new NotReproducibleException($"rule set {hash} is not stored");
        var sources = JsonSerializer.Deserialize<List<StoredSource>>(version.SourcesJson, SourceJson) ?? [];
        var load = RuleSet.Load([.. sources.Select(s => new RuleSource(s.Path, s.Text))]);
        if (load.Set is null)
        {
            throw new NotReproducibleException($"stored rule set {hash} no longer loads with this version of Musubi: {string.Join("; ", load.Problems.Take(5))}");
        }
        if (load.Set.Hash != hash)
        {
            throw new NotReproducibleException($"stored rule set {hash} loads with hash {load.Set.Hash}");
        }
        return StoredSets.GetOrAdd(hash, load.Set);
    }

    private static readonly ConcurrentDictionary<string, RuleSet> StoredSets = new(StringComparer.Ordinal);

    /// <summary>
    /// Re-evaluates every saved check the reader may read against the current rule set, as of each check's own date,
    /// and lists those whose verdict changed. Checks saved under the current rule set are skipped (their answer cannot
    /// differ). Streams the checks in batches: while one batch is read from the database the previous one is parsed
    /// (<see cref="TransferCaseFastReader"/>) and evaluated on every core, so a large table is neither held in memory
    /// nor re-checked one case at a time.
    /// </summary>
    public async Task<RecheckReport> RecheckAsync(AppDbContext db, CancellationToken ct = default)
    {
        var changed = new ConcurrentBag<(string Id, string Now)>();
        int total = 0, count = 0, unreadable = 0;
        // EF writes the query, access-policy filter included, and binds its parameters; the rows are read straight off
        // the data reader, which is about three times faster than materialising them through EF for a million rows.
        // One scan: only what the comparison needs is read (whether the check was saved under the current rules is
        // computed by the database, so the same pass counts them); the few changed checks' details are fetched afterwards.
        // On SQLite the input's UTF-8 bytes go to the case reader as stored, without a round trip through a string.
        var hash = Rules.Hash;
        var query = db.TransferChecks.AsNoTracking()
            .Select(c => new { c.Id, c.AsOf, c.Verdict, c.InputJson, Current = c.RuleSetHash == hash });
        var utf8 = !db.IsPostgres;
        await using (var command = query.CreateDbCommand())
        {
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var cursor = await command.ExecuteReaderAsync(ct);
                var batch = NextBatch(cursor, utf8, ref total);
                while (batch.Count > 0)
                {
                    // Read the next batch on another thread while this one is evaluated.
                    var next = Task.Run(() => NextBatch(cursor, utf8, ref total), ct);
                    var bad = 0;
                    var engine = Engine;
                    try
                    {
                        Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = ct }, () => new List<CaseProblem>(), (i, _, problems) =>
                        {
                            var row = batch[i];
                            problems.Clear();
                            var c = TransferCaseFastReader.ReadCase(row.InputJson, Rules, null, problems);
                            var now = c is null ? "unreadable" : VerdictText(engine.Evaluate(c, row.AsOf).Verdict);
                            if (c is null)
                            {
                                Interlocked.Increment(ref bad);
                            }
                            if (now != row.Verdict)
                            {
                                changed.Add((row.Id, now));
                            }
                            return problems;
                        }, _ => { });
                    }
                    finally
                    {
                        // The reader is shared: let the read in flight finish before anything disposes it.
                        count += batch.Count;
                        unreadable += bad;
                        batch = await next;
                    }
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        var changes = new List<VerdictChange>(changed.Count);
        var nowById = changed.ToDictionary(c => c.Id, c => c.Now, StringComparer.Ordinal);
        foreach (var ids in nowById.Keys.Order(StringComparer.Ordinal).Chunk(500))
        {
            var details = await db.TransferChecks.AsNoTracking().Where(c => ids.Contains(c.Id))
                .Select(c => new { c.Id, c.CaseId, c.From, c.To, c.AsOf, c.RuleSetHash, c.Verdict }).ToListAsync(ct);
            changes.AddRange(details.OrderBy(d => d.Id, StringComparer.Ordinal)
                .Select(d => new VerdictChange(d.Id, d.CaseId, d.From, d.To, d.AsOf, d.RuleSetHash, d.Verdict, nowById[d.Id])));
        }
        return new RecheckReport(Rules.Hash, total, count, unreadable, changes);
    }

    private const int RecheckBatch = 16_384;

    private sealed record RecheckRow(string Id, DateOnly AsOf, string Verdict, byte[] InputJson);

    /// <summary>The next rows off the reader (synchronously: it runs on a pool thread beside the evaluation).</summary>
    /// <remarks>Counts every row in <paramref name="total"/>; returns only those saved under other rules.</remarks>
    private static List<RecheckRow> NextBatch(System.Data.Common.DbDataReader cursor, bool utf8, ref int total)
    {
        var batch = new List<RecheckRow>(RecheckBatch);
        while (batch.Count < RecheckBatch && cursor.Read())
        {
            total++;
            if (cursor.GetBoolean(4))
            {
                continue;
            }
            var input = utf8 ? cursor.GetFieldValue<byte[]>(3) : Encoding.UTF8.GetBytes(cursor.GetString(3));
            batch.Add(new RecheckRow(cursor.GetString(0), cursor.GetFieldValue<DateOnly>(1), cursor.GetString(2), input));
        }
        return batch;
    }
}

/// <summary>
/// A saved check cannot be re-evaluated as it was: its stored rule set is missing or no longer loads (a later version of
/// the loader is stricter), or its input no longer reads. Reported to the user (409), never a server error.
/// </summary>
public sealed class NotReproducibleException(string message) : Exception(message);
