using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Musubi.Core.Data;
using Musubi.Core.Features.Audit;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi audit</c>: verify the hash chain and signed checkpoints, sign a checkpoint, export checkpoints to a file
/// held elsewhere, and list events. A CLI with direct database access (<c>--db</c>) acts as the local operator, outside
/// the product's access control; it is itself audited as principal <c>cli:&lt;os user&gt;</c>.
/// </summary>
internal static class AuditCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The audit trail of a CLI run against the database named by --db.</summary>
    public static AuditTrail? Trail(ParseResult parse)
    {
        var target = DatabaseTarget.TryParse(parse.GetValue(CommonOptions.Db), out _);
        return target is null ? null : new AuditTrail(new AuditLog(TimeProvider.System, AuditOptions.For(target)), AuditTrail.CliPrincipal, "local");
    }

    public static Command Build()
    {
        var command = new Command("audit", "The tamper-evident audit log: verify, checkpoint, export checkpoints, list events. The CLI is audited as cli:<os user>.");
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Checkpoint());
        command.Subcommands.Add(ExportCheckpoints());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Verify()
    {
        var checkpoints = new Option<string?>("--checkpoints") { Description = "a checkpoint file exported earlier (JSON lines) and kept outside the database" };
        var publicKey = new Option<string?>("--public-key") { Description = "trust only this public key (PEM); default: the local signing key and the keys in --checkpoints" };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("verify", "Check every hash, the chain, Seq continuity, each checkpoint's tree head and signature, and external checkpoints. Exit 1 when tampered.")
        {
            checkpoints, publicKey, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var trusted = new List<AuditSigningKey>();
            List<CheckpointLine> external = [];
            try
            {
                if (parse.GetValue(checkpoints) is { } file)
                {
                    if (!File.Exists(file))
                    {
                        return await BadAsync($"--checkpoints: no such file '{file}'");
                    }
                    var (lines, error) = CheckpointFile.Read(file);
                    if (error is not null)
                    {
                        return await BadAsync("--checkpoints: " + error);
                    }
                    external = lines;
                }
                if (parse.GetValue(publicKey) is { } keyFile)
                {
                    if (!File.Exists(keyFile))
                    {
                        return await BadAsync($"--public-key: no such file '{keyFile}'");
                    }
                    try
                    {
                        trusted.Add(AuditSigningKey.FromPem(await File.ReadAllTextAsync(keyFile, ct)));
                    }
                    catch (ArgumentException ex)
                    {
                        return await BadAsync($"--public-key: '{keyFile}' is not a PEM public key: {ex.Message}");
                    }
                }
                else
                {
                    foreach (var pem in external.Select(l => l.PublicKey).Distinct(StringComparer.Ordinal))
                    {
                        try
                        {
                            trusted.Add(AuditSigningKey.FromPem(pem));
                        }
                        catch (ArgumentException ex)
                        {
                            return await BadAsync($"--checkpoints: a public_key is not a PEM public key: {ex.Message}");
                        }
                    }
                }
                await using var db = await CommonOptions.OpenAsync(parse, ct);
                var trail = Trail(parse);
                if (db is null || trail is null)
                {
                    return ExitCodes.BadInput;
                }
                if (parse.GetValue(publicKey) is null)
                {
                    trusted.AddRange(AuditVerifier.LocalKeys(trail.Log.Options));
                }
                var result = await AuditVerifier.VerifyAsync(db, [.. external.Select(l => l.ToCheckpoint())], trusted, ct);
                await trail.AppendAsync(db, AuditTypes.AuditVerified, result.Ok ? AuditOutcomes.Success : AuditOutcomes.Failure, "audit",
                    JsonSerializer.Serialize(new { events = result.Events, problems = result.ProblemCount, external = external.Count }), ct);
                if (parse.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        ok = result.Ok,
                        events = result.Events,
                        checkpoints = result.Checkpoints,
                        externalCheckpoints = result.ExternalCheckpoints,
                        root = result.Root,
                        problemCount = result.ProblemCount,
                        problems = result.Problems.Select(p => new { seq = p.Seq, kind = p.Kind, message = p.Message }),
                    }, Json));
                }
                else if (result.Ok)
                {
                    await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"ok: {result.Events} events, {result.Checkpoints} checkpoints in the database, {result.ExternalCheckpoints} external; tree head {result.Root ?? "(empty log)"}"));
                }
                else
                {
                    foreach (var p in result.Problems)
                    {
                        await Console.Out.WriteLineAsync(p.ToString());
                    }
                    var more = result.ProblemCount > result.Problems.Count ? string.Create(CultureInfo.InvariantCulture, $" (first {result.Problems.Count} listed)") : "";
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"TAMPERED: {result.ProblemCount} problems{more} in {result.Events} events"));
                }
                return result.Ok ? ExitCodes.Success : ExitCodes.Failure;
            }
            finally
            {
                foreach (var key in trusted)
                {
                    key.Dispose();
                }
            }
        });
        return command;
    }

    private static Command Checkpoint()
    {
        var command = new Command("checkpoint", "Sign a checkpoint (tree size, RFC 6962 root, time) over every event now in the log.");
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            var trail = Trail(parse);
            if (db is null || trail is null)
            {
                return ExitCodes.BadInput;
            }
            await trail.AppendAsync(db, AuditTypes.Checkpoint, AuditOutcomes.Success, "audit", "requested from the CLI", ct);
            var checkpoint = await trail.Log.CheckpointAsync(db, ct);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"checkpoint: tree size {checkpoint!.TreeSize}, root {checkpoint.RootHash}, key {checkpoint.KeyId} ({trail.Log.Options.SigningKeyPath})"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ExportCheckpoints()
    {
        var output = new Option<string>("--out") { Description = "the file to write (JSON lines); an existing file is checked against the database and extended", Required = true };
        var command = new Command("export-checkpoints", "Write the signed checkpoints, with the public key, to a file to keep outside the database.") { output };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(output)!;
            List<CheckpointLine> existing = [];
            if (File.Exists(path))
            {
                var (lines, error) = CheckpointFile.Read(path);
                if (error is not null)
                {
                    return await BadAsync("--out: " + error);
                }
                existing = lines;
            }
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            var trail = Trail(parse);
            if (db is null || trail is null)
            {
                return ExitCodes.BadInput;
            }
            var stored = db.AuditCheckpoints.OrderBy(c => c.TreeSize).ToList();
            var bySize = stored.ToDictionary(c => c.TreeSize);
            foreach (var line in existing)
            {
                if (!bySize.TryGetValue(line.TreeSize, out var c) || !string.Equals(c.RootHash, line.RootHash, StringComparison.OrdinalIgnoreCase))
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{path}: the checkpoint at tree size {line.TreeSize} is {(c is null ? "missing from" : "different in")} the database: it may have been rewritten; run ./musubi audit verify --checkpoints {path}. Nothing was written."));
                    return ExitCodes.Failure;
                }
            }
            var known = existing.Select(l => l.TreeSize).ToHashSet();
            var fresh = stored.Where(c => !known.Contains(c.TreeSize)).ToList();
            using var key = AuditSigningKey.LoadOrCreate(trail.Log.Options.SigningKeyPath);
            await File.AppendAllLinesAsync(path, fresh.Select(c => CheckpointFile.ToLine(c, key.PublicKeyPem)), ct);
            await trail.AppendAsync(db, AuditTypes.Checkpoint, AuditOutcomes.Success, "audit",
                JsonSerializer.Serialize(new { exported = fresh.Count, file = Path.GetFullPath(path) }), ct);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {fresh.Count} new checkpoint(s), {existing.Count + fresh.Count} in all"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List()
    {
        var type = new Option<string?>("--type") { Description = "event type, e.g. record.updated; auth.* for a prefix" };
        var principal = new Option<string?>("--principal") { Description = "only this principal's events" };
        var since = new Option<string?>("--since") { Description = "only events at or after this date or date-time (ISO 8601, UTC unless an offset is given)" };
        var limit = new Option<int>("--limit") { Description = "how many of the newest events (1–500)", DefaultValueFactory = _ => 50 };
        var format = new Option<string>("--format") { Description = "table, json or csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv");
        var command = new Command("list", "The newest audit events, filtered by type, principal and time.") { type, principal, since, limit, format };
        command.SetAction(async (parse, ct) =>
        {
            if (!AuditQuery.TryParseSince(parse.GetValue(since), out var from))
            {
                return await BadAsync($"--since: '{parse.GetValue(since)}' is not an ISO 8601 date or date-time");
            }
            var query = new AuditQuery
            {
                Type = parse.GetValue(type),
                Principal = parse.GetValue(principal),
                Since = from,
                PageSize = parse.GetValue(limit),
            };
            if (query.Check() is { Count: > 0 } errors)
            {
                return await BadAsync(string.Join('\n', errors.Select(e => $"--{(e.Key == "pageSize" ? "limit" : e.Key)}: {string.Join("; ", e.Value)}")));
            }
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            var trail = Trail(parse);
            if (db is null || trail is null)
            {
                return ExitCodes.BadInput;
            }
            var page = await query.RunAsync(db, ct);
            await trail.AppendAsync(db, AuditTypes.AuditRead, AuditOutcomes.Success, "audit",
                JsonSerializer.Serialize(new { type = query.Type, principal = query.Principal, since = parse.GetValue(since), limit = query.PageSize }), ct);
            await WriteAsync(parse.GetValue(format)!, page.Items);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WriteAsync(string format, IReadOnlyList<AuditEvent> events)
    {
        string[] Row(AuditEvent e) =>
        [
            e.Seq.ToString(CultureInfo.InvariantCulture), AuditHashing.TimeText(e.Time), e.Type, e.Outcome,
            e.PrincipalId ?? "", e.SourceAddress ?? "", e.Object ?? "", e.Detail ?? "",
        ];
        string[] columns = ["seq", "time", "type", "outcome", "principal", "source", "object", "detail"];
        switch (format)
        {
            case "json":
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(events.Select(e => new
                {
                    seq = e.Seq,
                    time = AuditHashing.TimeText(e.Time),
                    type = e.Type,
                    outcome = e.Outcome,
                    principal = e.PrincipalId,
                    source = e.SourceAddress,
                    @object = e.Object,
                    detail = e.Detail,
                    prevHash = e.PrevHash,
                    hash = e.Hash,
                }), Json));
                break;
            case "csv":
                await Console.Out.WriteLineAsync(string.Join(',', columns));
                foreach (var e in events)
                {
                    await Console.Out.WriteLineAsync(string.Join(',', Row(e).Select(Csv)));
                }
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var c in columns)
                {
                    table.AddColumn(c);
                }
                foreach (var e in events)
                {
                    table.AddRow([.. Row(e).Select(Markup.Escape)]);
                }
                AnsiConsole.Write(table);
                break;
        }
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static async Task<int> BadAsync(string message)
    {
        await Console.Error.WriteLineAsync(message);
        return ExitCodes.BadInput;
    }
}
