using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Screening;
using Musubi.Engines.Screening;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// The database side of <c>musubi screen</c> (<c>--db</c>): list versions and their import, re-screening the registry,
/// certificates and registry duplicates, through <see cref="ScreeningService"/> like the API and the UI. The CLI acts
/// as the local operator (it sees everything) and is audited as <c>cli:&lt;os user&gt;</c>.
/// </summary>
internal static partial class ScreenCommand
{
    private static readonly JsonSerializerOptions Indented = new(ScreeningJson.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static void AddDatabaseCommands(Command screen)
    {
        screen.Subcommands.Add(Lists());
        screen.Subcommands.Add(Registry());
        screen.Subcommands.Add(Certificate());
        screen.Subcommands.Add(Duplicates());
    }

    /// <summary>The service over the database named by --db, with the CLI's audit trail; null (reason on stderr) when the database cannot be opened.</summary>
    private static async Task<(AppDbContext Db, ScreeningService Service, Core.Features.Audit.AuditTrail Trail)?> OpenAsync(ParseResult parse, CancellationToken ct)
    {
        var db = await CommonOptions.OpenAsync(parse, ct);
        if (db is null)
        {
            return null;
        }
        if (AuditCommand.Trail(parse) is not { } trail)
        {
            await db.DisposeAsync();
            return null;
        }
        var reader = MecabReader.Open();
        var analyzer = new NameAnalyzer(reader);
        if (!analyzer.ReadsJapanese)
        {
            await Console.Error.WriteLineAsync(analyzer.JapaneseStatus);
        }
        return (db, new ScreeningService(db, TimeProvider.System, new ScreeningIndexCache(analyzer, TimeProvider.System)), trail);
    }

    /// <summary>Runs a service call, turning its bad-input and conflict exceptions into exit 2 with the field named.</summary>
    private static async Task<int> GuardAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (ScreeningInputException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                await Console.Error.WriteLineAsync($"{OptionName(field)}: {string.Join("; ", messages)}");
            }
            return ExitCodes.BadInput;
        }
        catch (ScreeningConflictException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.BadInput;
        }
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static Command Lists()
    {
        var format = OutputOption();
        var command = new Command("lists", "The imported denied-party list versions, newest first: source, published date, content hash, counts, active or superseded.")
        {
            format,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (await OpenAsync(parse, ct) is not { } open)
            {
                return ExitCodes.BadInput;
            }
            await using var db = open.Db;
            var versions = await open.Service.ListVersionsAsync(ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(versions, Indented));
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var c in new[] { "version", "source", "status", "published", "imported", "format", "file", "entities", "names", "content hash" })
            {
                table.AddColumn(c);
            }
            foreach (var v in versions)
            {
                table.AddRow(Markup.Escape(v.Id), Markup.Escape(v.Source), v.Status == ScreeningListVersion.Active ? "[green]active[/]" : "superseded",
                    Day(v.PublishedOn), Time(v.ImportedAt), v.Format, Markup.Escape(v.FileName),
                    v.EntityCount.ToString("N0", CultureInfo.InvariantCulture), v.NameCount.ToString("N0", CultureInfo.InvariantCulture), v.ContentHash[..Math.Min(16, v.ContentHash.Length)] + "…");
            }
            AnsiConsole.Write(table);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{versions.Count} versions, {versions.Count(v => v.Status == ScreeningListVersion.Active)} active"));
            return ExitCodes.Success;
        });
        command.Subcommands.Add(Import());
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<string>("FILE") { Description = "the list file: FollowTheMoney .jsonl, U.S. CSL .csv or .json, or a plain .csv (id,name,aliases,country,identifiers)" };
        var source = new Option<string>("--source") { Description = "the list's key, e.g. us-csl, jp-meti-eul, un-sc (versions of one source supersede each other)", Required = true };
        var listFormat = new Option<string?>("--format") { Description = "the file's format when its name does not tell: ftm, csl-csv, csl-json or csv" };
        var published = new Option<string?>("--published") { Description = "the list's own publication date (YYYY-MM-DD); default: today" };
        var output = new Option<string>("--output") { Description = "output: table or json (--format names the list's format here)", DefaultValueFactory = _ => "table" };
        output.AcceptOnlyFromAmong("table", "json");
        var command = new Command("import", "Import a list file as a new version of its source (all or nothing), then re-screen every registry organization and raise alerts.")
        {
            file, source, listFormat, published, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            DateOnly? publishedOn = null;
            if (parse.GetValue(published) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    await Console.Error.WriteLineAsync($"--published: '{text}' is not a date (YYYY-MM-DD)");
                    return ExitCodes.BadInput;
                }
                publishedOn = d;
            }
            var path = parse.GetValue(file)!;
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"FILE: cannot read '{path}': {ex.Message}");
                return ExitCodes.BadInput;
            }
            if (await OpenAsync(parse, ct) is not { } open)
            {
                return ExitCodes.BadInput;
            }
            await using var db = open.Db;
            return await GuardAsync(async () =>
            {
                using var stream = new MemoryStream(bytes, writable: false);
                var result = await open.Service.ImportListAsync(stream, Path.GetFileName(path), parse.GetValue(listFormat), parse.GetValue(source)!, publishedOn, open.Trail, ct);
                if (!result.Succeeded)
                {
                    foreach (var e in result.Errors)
                    {
                        // The service names the file by its name; the user gave a path.
                        var line = e.ToString();
                        await Console.Error.WriteLineAsync(e.File == Path.GetFileName(path) ? path + line[e.File.Length..] : line);
                    }
                    if (result.ErrorCount > result.Errors.Count)
                    {
                        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{result.ErrorCount - result.Errors.Count} more problems not shown"));
                    }
                    await Console.Error.WriteLineAsync("nothing was imported");
                    return ExitCodes.BadInput;
                }
                var v = result.Version!;
                if (parse.GetValue(output) == "json")
                {
                    var alertIds = result.Rescreen?.AlertIds.ToList() ?? [];
                    var alerts = await db.ScreeningAlerts.AsNoTracking().Where(a => alertIds.Contains(a.Id)).ToListAsync(ct);
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        version = v,
                        unchanged = result.Unchanged,
                        superseded = result.Superseded,
                        rescreen = result.Rescreen,
                        alerts = alerts.OrderBy(a => a.Id, StringComparer.Ordinal),
                    }, Indented));
                    return ExitCodes.Success;
                }
                if (result.Unchanged)
                {
                    await Console.Out.WriteLineAsync($"unchanged: {v.Source} already has this content as its active version {v.Id} (sha256 {v.ContentHash}); nothing was imported");
                    return ExitCodes.Success;
                }
                var supersedes = result.Superseded is { } old ? $"; supersedes {old.Id}" : "";
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"imported {v.Id}: {v.Source}, published {Day(v.PublishedOn)}, {v.EntityCount} entities, {v.NameCount} names, {v.Format}, sha256 {v.ContentHash}{supersedes}"));
                if (result.Rescreen is { } r)
                {
                    await WriteRescreenAsync(open.Service, r, ct);
                }
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static async Task WriteRescreenAsync(ScreeningService service, RescreenReport r, CancellationToken ct)
    {
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"re-screened {r.Organizations} organizations ({r.Names} names) against {r.ListVersionIds.Count} list versions in {r.Elapsed.TotalSeconds:F1} s: {r.OrganizationsWithHits} with hits, {r.NewHits} new hits, {r.Cleared} cleared"));
        if (r.AlertIds.Count == 0)
        {
            return;
        }
        var ids = r.AlertIds.ToList();
        var alerts = await service.Db.ScreeningAlerts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "alert", "kind", "organization", "listed entity", "matched name", "source", "version", "score", "record" })
        {
            table.AddColumn(c);
        }
        foreach (var a in alerts.OrderBy(a => a.OrganizationId, StringComparer.Ordinal).ThenBy(a => a.Kind, StringComparer.Ordinal))
        {
            table.AddRow(Markup.Escape(a.Id), a.Kind == ScreeningAlert.NewHit ? "[red]new hit[/]" : "[green]cleared[/]", Markup.Escape(a.OrganizationId),
                Markup.Escape(a.EntityId), Markup.Escape(a.MatchedName), Markup.Escape(a.Source), Markup.Escape(a.ListVersionId), Score(a.Score), Markup.Escape(a.RecordId ?? ""));
        }
        AnsiConsole.Write(table);
    }

    private static Command Registry()
    {
        var format = OutputOption();
        var command = new Command("registry", "Re-screen every registry organization against the active list versions; print the alerts raised (new hits and cleared ones).")
        {
            format,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (await OpenAsync(parse, ct) is not { } open)
            {
                return ExitCodes.BadInput;
            }
            await using var db = open.Db;
            return await GuardAsync(async () =>
            {
                if ((await open.Service.ActiveVersionsAsync(ct)).Count == 0)
                {
                    await Console.Error.WriteLineAsync("no denied-party list has been imported yet: ./musubi screen lists import FILE --source KEY");
                    return ExitCodes.BadInput;
                }
                var report = await open.Service.RescreenRegistryAsync(open.Trail, ct);
                if (parse.GetValue(format) == "json")
                {
                    var ids = report.AlertIds.ToList();
                    var alerts = await db.ScreeningAlerts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(ct);
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new { report, alerts = alerts.OrderBy(a => a.Id, StringComparer.Ordinal) }, Indented));
                    return ExitCodes.Success;
                }
                await WriteRescreenAsync(open.Service, report, ct);
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command Certificate()
    {
        var record = new Argument<string>("RECORD") { Description = "the screening record's id (SR-…)" };
        var command = new Command("certificate", "Issue a certificate for a reviewed (or no-hit) screening record and print it: canonical JSON whose SHA-256 is on stderr.")
        {
            record,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (await OpenAsync(parse, ct) is not { } open)
            {
                return ExitCodes.BadInput;
            }
            await using var db = open.Db;
            return await GuardAsync(async () =>
            {
                var id = parse.GetValue(record)!;
                var certificate = await open.Service.IssueCertificateAsync(id, open.Trail, ct);
                if (certificate is null)
                {
                    await Console.Error.WriteLineAsync($"RECORD: no screening record '{id}'");
                    return ExitCodes.BadInput;
                }
                await Console.Out.WriteLineAsync(certificate.Body);
                await Console.Error.WriteLineAsync($"certificate {certificate.Id} for {certificate.RecordId}; sha256 of the body (the line above, without its newline): {certificate.BodyHash}");
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command Duplicates()
    {
        var scan = new Option<bool>("--scan") { Description = "look for duplicates across the whole registry first (names across scripts and legal forms, shared identifiers)" };
        var threshold = new Option<string?>("--threshold")
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"with --scan: the score from which two organizations are proposed as one (default {ScreeningService.DefaultDuplicateThreshold})"),
        };
        var status = new Option<string>("--status") { Description = "which candidates to list: open, merged or distinct", DefaultValueFactory = _ => DuplicateCandidate.Open };
        status.AcceptOnlyFromAmong(DuplicateCandidate.Open, DuplicateCandidate.Merged, DuplicateCandidate.Distinct);
        var format = OutputOption();
        var command = new Command("duplicates", "Registry organizations that are probably one (the review queue); --scan finds them first. Merge or mark distinct in the UI or the API.")
        {
            scan, threshold, status, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            double? t = null;
            if (parse.GetValue(threshold) is { } text)
            {
                if (!parse.GetValue(scan))
                {
                    await Console.Error.WriteLineAsync("--threshold: only with --scan");
                    return ExitCodes.BadInput;
                }
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    await Console.Error.WriteLineAsync($"--threshold: '{text}' is not a number (give a score between 0 and 1, e.g. 0.8)");
                    return ExitCodes.BadInput;
                }
                t = value;
            }
            if (await OpenAsync(parse, ct) is not { } open)
            {
                return ExitCodes.BadInput;
            }
            await using var db = open.Db;
            return await GuardAsync(async () =>
            {
                DuplicateScanReport? report = null;
                if (parse.GetValue(scan))
                {
                    report = await open.Service.ScanDuplicatesAsync(t, open.Trail, ct);
                }
                var list = await open.Service.ListDuplicatesAsync(parse.GetValue(status), 1, ScreeningRecordQuery.MaxPageSize, ct);
                if (parse.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new { scan = report, total = list.Total, candidates = list.Items }, Indented));
                    return ExitCodes.Success;
                }
                if (report is not null)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"scanned {report.Organizations} organizations at threshold {report.Threshold}: {report.Open} open candidates, {report.New} new"));
                }
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var c in new[] { "candidate", "first", "second", "score", "shared identifiers", "status" })
                {
                    table.AddColumn(c);
                }
                foreach (var c in list.Items)
                {
                    var shared = ScreeningJson.Deserialize<List<EntityIdentifier>>(c.SharedIdentifiers);
                    table.AddRow(Markup.Escape(c.Id), Markup.Escape($"{c.FirstOrganizationId} {c.FirstName}"), Markup.Escape($"{c.SecondOrganizationId} {c.SecondName}"),
                        Score(c.Score), Markup.Escape(string.Join(", ", shared.Select(s => s.Scheme + " " + s.Value))), c.Status);
                }
                AnsiConsole.Write(table);
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{list.Total} {parse.GetValue(status)} candidates"));
                return ExitCodes.Success;
            });
        });
        return command;
    }
}
