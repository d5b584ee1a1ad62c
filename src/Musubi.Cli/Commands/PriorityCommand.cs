using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Musubi.Core.Data;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.PriorityRequests;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi priority create|list|show|transition|comment|impact|dashboard|escalate</c>: priority-delivery requests
/// (issue #10; docs/priority-requests.md) in the registry of <c>--db</c>, acting and reading as <c>--as PRINCIPAL</c>
/// (without it, the local operator reads everything and acts on nothing). Exit 0 for an answer; 2 for bad input (each
/// problem as <c>--option: message</c>, or <c>FILE:line:column: field: message</c> for <c>--file</c>), an unknown or
/// invisible request, an action the state does not allow or the principal's party may not take; 1 otherwise.
/// </summary>
internal static class PriorityCommand
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The option that sets each field of a new request, for error messages.</summary>
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.Ordinal)
    {
        ["partId"] = "--part",
        ["quantity"] = "--quantity",
        ["supplierOrganizationId"] = "--supplier",
        ["neededBy"] = "--needed-by",
        ["justification"] = "--justification",
        ["facilityId"] = "--facility",
        ["programId"] = "--program",
        ["operation"] = "--operation",
        ["priority"] = "--priority",
        ["marking"] = "--marking",
        ["receivingGovernment"] = "--receiving",
        ["promisedDate"] = "--promised-date",
        ["reason"] = "--reason",
        ["note"] = "--note",
        ["text"] = "--text",
        ["state"] = "--state",
        ["nation"] = "--nation",
    };

    public static Command Build()
    {
        var command = new Command("priority", "Priority-delivery requests between the U.S. and Japanese governments: create, act, comment, impact, dashboard, escalation (issue #10)");
        command.Subcommands.Add(Create());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Transition());
        command.Subcommands.Add(Comment());
        command.Subcommands.Add(Impact());
        command.Subcommands.Add(Dashboard());
        command.Subcommands.Add(Escalate());
        return command;
    }

    private static Option<string> FormatOption(bool csv = false)
    {
        var format = new Option<string>("--format") { Description = csv ? "output: table, json or csv" : "output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(csv ? ["table", "json", "csv"] : ["table", "json"]);
        return format;
    }

    private static Command Create()
    {
        var command = new Command("create", "Create a draft request as a U.S. or Japanese government official (--as); the requesting government is their nationality.");
        var file = new Option<string?>("--file") { Description = "the request as JSON: { \"partId\", \"quantity\", \"supplierOrganizationId\", \"neededBy\", \"justification\", \"facilityId\"?, \"programId\"?, \"operation\"?, \"priority\"?, \"marking\"?, \"receivingGovernment\"? }" };
        var part = new Option<string?>("--part") { Description = "the registry part (id)" };
        var quantity = new Option<int?>("--quantity") { Description = "how many (> 0)" };
        var supplier = new Option<string?>("--supplier") { Description = "the supplier organization (id), in the receiving country" };
        var neededBy = new Option<string?>("--needed-by") { Description = "YYYY-MM-DD, today or later" };
        var justification = new Option<string?>("--justification") { Description = "why the delivery is a priority" };
        var facility = new Option<string?>("--facility") { Description = "a facility of the supplier (id)" };
        var program = new Option<string?>("--program") { Description = "the registry program it serves (id)" };
        var operation = new Option<string?>("--operation") { Description = "the operation it serves (text), when not a program" };
        var priority = new Option<string?>("--priority") { Description = "routine (default), urgent or critical" };
        var marking = new Option<string?>("--marking") { Description = "the request's marking banner, e.g. \"CUI//REL TO USA, JPN\" (default: unmarked)" };
        var format = FormatOption();
        foreach (var o in new Option[] { CommonOptions.As, file, part, quantity, supplier, neededBy, justification, facility, program, operation, priority, marking, format })
        {
            command.Options.Add(o);
        }
        command.SetAction(async (parse, ct) =>
        {
            PriorityRequestInput input;
            string? text = null;
            var path = parse.GetValue(file);
            if (path is { Length: > 0 })
            {
                var given = new Option[] { part, quantity, supplier, neededBy, justification, facility, program, operation, priority, marking }
                    .FirstOrDefault(o => parse.GetResult(o) is not null);
                if (given is not null)
                {
                    await Console.Error.WriteLineAsync($"{given.Name}: give the request as --file or as options, not both");
                    return ExitCodes.BadInput;
                }
                try
                {
                    text = await File.ReadAllTextAsync(path, ct);
                    input = JsonSerializer.Deserialize<PriorityRequestInput>(text, FileJson) ?? throw new JsonException("the file holds null, not a request object");
                }
                catch (JsonException ex)
                {
                    var field = ex.Path is { Length: > 2 } p ? p[2..] : "$";
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{path}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}: {field}: {JsonRecords.FirstSentence(ex, typeof(PriorityRequestInput))}"));
                    return ExitCodes.BadInput;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"--file: {ex.Message}");
                    return ExitCodes.BadInput;
                }
            }
            else
            {
                input = new PriorityRequestInput(parse.GetValue(part), parse.GetValue(quantity), parse.GetValue(supplier), parse.GetValue(neededBy),
                    parse.GetValue(justification), parse.GetValue(facility), parse.GetValue(program), parse.GetValue(operation), parse.GetValue(priority), parse.GetValue(marking));
            }
            return await RunAsync(parse, ct, requireAs: true, async (service, trail) =>
            {
                var view = await service.CreateAsync(input, trail!, ct);
                await WriteViewAsync(view, parse.GetValue(format)!);
            }, inputError: async ex =>
            {
                foreach (var (field, messages) in ex.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    foreach (var message in messages)
                    {
                        await Console.Error.WriteLineAsync(text is not null
                            ? $"{path}:{Locate(text, field)}: {field}: {message}"
                            : $"{OptionOf.GetValueOrDefault(field, field)}: {message}");
                    }
                }
            });
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "The requests --as may see (all without --as), newest first.");
        var state = new Option<string?>("--state") { Description = "only this state: " + string.Join(", ", PriorityStates.All) };
        var nation = new Option<string?>("--nation") { Description = "only requests from or to this government (US or JP)" };
        var overdue = new Option<bool>("--overdue") { Description = "only requests past their time limit" };
        var page = new Option<int>("--page") { Description = "page (1-based)", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = "requests per page (1–500)", DefaultValueFactory = _ => 50 };
        var format = FormatOption(csv: true);
        foreach (var o in new Option[] { CommonOptions.As, state, nation, overdue, page, pageSize, format })
        {
            command.Options.Add(o);
        }
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: false, async (service, _) =>
        {
            if (parse.GetValue(format) == "csv")
            {
                await Console.Out.WriteAsync(await service.ExportCsvAsync(ct));
                return;
            }
            var result = await service.ListAsync(new PriorityRequestFilter(parse.GetValue(state), parse.GetValue(nation), parse.GetValue(overdue) ? true : null,
                parse.GetValue(page), parse.GetValue(pageSize)), ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, Indented));
                return;
            }
            var table = new Table().AddColumns("id", "from → to", "part", "qty", "supplier", "needed by", "priority", "state", "due", "overdue", "marking");
            foreach (var r in result.Items)
            {
                table.AddRow(Markup.Escape(r.Id), $"{r.RequestingGovernment} → {r.ReceivingGovernment}", Markup.Escape(r.PartId), Int(r.Quantity),
                    Markup.Escape(r.SupplierOrganizationId), Date(r.NeededBy), r.Priority, r.State, r.DueAt is { } d ? Date(d) : "",
                    r.Overdue ? "[red]overdue" + (r.EscalationLevel > 0 ? $" (level {r.EscalationLevel})" : "") + "[/]" : "", Markup.Escape(r.Marking));
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{result.Items.Count} of {result.Total} request(s)"));
        }));
        return command;
    }

    private static readonly Argument<string> Id = new("id") { Description = "the request's id (PR-YYYY-NNNN)" };

    private static Command Show()
    {
        var command = new Command("show", "One request: parties, what is asked, state, due date, history, comments and the actions --as may take.");
        var id = new Argument<string>("id") { Description = Id.Description };
        var format = FormatOption();
        command.Arguments.Add(id);
        command.Options.Add(CommonOptions.As);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: false, async (service, _) =>
        {
            var view = await service.GetAsync(parse.GetValue(id)!, ct) ?? throw new PriorityNotFoundException("priority request", parse.GetValue(id)!);
            await WriteViewAsync(view, parse.GetValue(format)!);
        }));
        return command;
    }

    private static Command Transition()
    {
        var command = new Command("transition", "Take an action on a request as --as: " + string.Join(", ", PriorityActions.Transitions) + ".");
        var id = new Argument<string>("id") { Description = Id.Description };
        var action = new Argument<string>("action") { Description = "the action" };
        var note = new Option<string?>("--note") { Description = "a note kept in the history" };
        var promised = new Option<string?>("--promised-date") { Description = "accept, accept_partial: the promised delivery date, YYYY-MM-DD" };
        var quantity = new Option<int?>("--quantity") { Description = "accept_partial: the quantity promised (less than requested)" };
        var reason = new Option<string?>("--reason") { Description = "reject, decline (required), withdraw: why" };
        var format = FormatOption();
        command.Arguments.Add(id);
        command.Arguments.Add(action);
        foreach (var o in new Option[] { CommonOptions.As, note, promised, quantity, reason, format })
        {
            command.Options.Add(o);
        }
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: true, async (service, trail) =>
        {
            var view = await service.TransitionAsync(parse.GetValue(id)!, new PriorityTransitionInput(parse.GetValue(action), parse.GetValue(note),
                parse.GetValue(promised), parse.GetValue(quantity), parse.GetValue(reason)), trail!, ct);
            await WriteViewAsync(view, parse.GetValue(format)!);
        }));
        return command;
    }

    private static Command Comment()
    {
        var command = new Command("comment", "Comment on a request --as is a party to (not a draft).");
        var id = new Argument<string>("id") { Description = Id.Description };
        var text = new Option<string?>("--text") { Description = "the comment" };
        var format = FormatOption();
        command.Arguments.Add(id);
        foreach (var o in new Option[] { CommonOptions.As, text, format })
        {
            command.Options.Add(o);
        }
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: true, async (service, trail) =>
        {
            var comment = await service.CommentAsync(parse.GetValue(id)!, parse.GetValue(text) ?? "", trail!, ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(comment, Indented));
            }
            else
            {
                AnsiConsole.MarkupLine($"comment [bold]{Markup.Escape(comment.Id)}[/] on {Markup.Escape(comment.RequestId)} by {Markup.Escape(comment.By)}");
            }
        }));
        return command;
    }

    private static Command Impact()
    {
        var command = new Command("impact", "What the request does to the surge planner's deliveries over the network --as may see: met by its month or not, and the deliveries that slip.");
        var id = new Argument<string>("id") { Description = Id.Description };
        var format = FormatOption();
        command.Arguments.Add(id);
        command.Options.Add(CommonOptions.As);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: false, async (service, _) =>
        {
            var impact = await service.ImpactAsync(parse.GetValue(id)!, ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(impact, Indented));
                return;
            }
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(impact.RequestId)}[/]: {Int(impact.Quantity)} × {Markup.Escape(impact.PartId)} by {Date(impact.NeededBy)}"
                + (impact.Computed ? (impact.CanMeet ? " — [green]can be met[/]" : " — [red]cannot be met[/]") + string.Create(CultureInfo.InvariantCulture, $" ({impact.DeliveredForRequest:0.##} delivered by {impact.NeededByMonthLabel})") : ""));
            foreach (var note in impact.Notes)
            {
                AnsiConsole.MarkupLine("  " + Markup.Escape(note));
            }
            if (impact.Slips.Count > 0)
            {
                var table = new Table().AddColumns("item", "month", "baseline", "with request", "slip");
                foreach (var s in impact.Slips)
                {
                    table.AddRow(Markup.Escape(s.Item), s.MonthLabel, Num(s.BaselineDelivered), Num(s.WithRequestDelivered), Num(s.Slip));
                }
                AnsiConsole.Write(table);
            }
            else if (impact.Computed)
            {
                AnsiConsole.MarkupLine("no baseline delivery slips");
            }
        }));
        return command;
    }

    private static Command Dashboard()
    {
        var command = new Command("dashboard", "Open requests --as may see by state and age (business days), medians per state and acting nation, overdue count.");
        var format = FormatOption();
        command.Options.Add(CommonOptions.As);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: false, async (service, _) =>
        {
            var dashboard = await service.DashboardAsync(ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(dashboard, Indented));
                return;
            }
            var table = new Table().AddColumns("state", "0–5", "6–10", "11–20", "21+", "total");
            foreach (var b in dashboard.OpenByState)
            {
                table.AddRow(b.State, Int(b.Days0To5), Int(b.Days6To10), Int(b.Days11To20), Int(b.Days21Plus), Int(b.Total));
            }
            AnsiConsole.Write(table);
            var medians = new Table().AddColumns("state", "acting nation", "median business days", "stays");
            foreach (var m in dashboard.Medians)
            {
                medians.AddRow(m.State, m.Nation, Num(m.MedianBusinessDays), Int(m.Count));
            }
            AnsiConsole.Write(medians);
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{dashboard.Open} open, {dashboard.Overdue} overdue, {dashboard.Total} in all"));
        }));
        return command;
    }

    private static Command Escalate()
    {
        var command = new Command("escalate", "Run the escalation sweep once: every overdue request goes up a level once per time limit, its acting officials told (as the web host does every few minutes).");
        var format = FormatOption();
        command.Options.Add(format);
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: false, async (service, trail) =>
        {
            var escalated = await service.EscalateAsync(trail!, ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new { escalated }, Indented));
            }
            else
            {
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{escalated} request(s) escalated"));
            }
        }));
        return command;
    }

    /// <summary>Opens --db, applies --as, runs, and turns the workflow's exceptions into exit 2 with the option or field named.</summary>
    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct, bool requireAs, Func<PriorityRequestService, AuditTrail?, Task> run,
        Func<PriorityInputException, Task>? inputError = null)
    {
        if (requireAs && parse.GetValue(CommonOptions.As) is not { Length: > 0 })
        {
            await Console.Error.WriteLineAsync("--as: name the principal who acts (a government official, or the supplier's contributor)");
            return ExitCodes.BadInput;
        }
        await using var db = await CommonOptions.OpenAsync(parse, ct);
        if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct) || AuditCommand.Trail(parse) is not { } trail)
        {
            return ExitCodes.BadInput;
        }
        var service = new PriorityRequestService(db, TimeProvider.System, new PriorityRequestOptions());
        try
        {
            await run(service, trail);
            return ExitCodes.Success;
        }
        catch (PriorityInputException ex)
        {
            if (inputError is not null)
            {
                await inputError(ex);
            }
            else
            {
                foreach (var (field, messages) in ex.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    foreach (var message in messages)
                    {
                        await Console.Error.WriteLineAsync($"{(field == "action" ? "action" : OptionOf.GetValueOrDefault(field, field))}: {message}");
                    }
                }
            }
            return ExitCodes.BadInput;
        }
        catch (PriorityNotFoundException ex)
        {
            await Console.Error.WriteLineAsync($"id: {ex.Message} (no such {ex.What}, or not visible to this reader)");
            return ExitCodes.BadInput;
        }
        catch (PriorityConflictException ex)
        {
            await Console.Error.WriteLineAsync($"action: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (PriorityForbiddenException ex)
        {
            await Console.Error.WriteLineAsync($"--as: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static async Task WriteViewAsync(PriorityRequestView view, string format)
    {
        if (format == "json")
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(view, Indented));
            return;
        }
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(view.Id)}[/] {view.RequestingGovernment} → {view.ReceivingGovernment}: {Int(view.Quantity)} × {Markup.Escape(view.PartId)}"
            + $" from {Markup.Escape(view.SupplierOrganizationId)}, needed by {Date(view.NeededBy)} ({view.Priority}) [[{Markup.Escape(view.Marking)}]]");
        AnsiConsole.MarkupLine($"state [bold]{view.State}[/] since {Stamp(view.StateEnteredAt)}"
            + (view.DueAt is { } due ? $", due {Date(due)} ({Markup.Escape(view.ActingParty ?? "")}, {view.ActingCountry} business days)" : "")
            + (view.Overdue ? " [red]overdue[/]" : "") + (view.EscalationLevel > 0 ? string.Create(CultureInfo.InvariantCulture, $", escalation level {view.EscalationLevel}") : ""));
        if (view.PromisedDate is { } promised)
        {
            AnsiConsole.MarkupLine($"promised {Int(view.PromisedQuantity ?? view.Quantity)} by {Date(promised)}" + (view.PromisedLate ? " [yellow](after the needed-by date)[/]" : ""));
        }
        if (view.DeclineReason is { } declined)
        {
            AnsiConsole.MarkupLine("declined: " + Markup.Escape(declined));
        }
        foreach (var t in view.Transitions)
        {
            AnsiConsole.MarkupLine($"  {Stamp(t.At)} {Markup.Escape(t.Action)} {t.From ?? "—"} → {t.To} by {Markup.Escape(t.By)}" + (t.Note is { } n ? ": " + Markup.Escape(n) : ""));
        }
        foreach (var c in view.Comments)
        {
            AnsiConsole.MarkupLine($"  {Stamp(c.At)} {Markup.Escape(c.By)}: {Markup.Escape(c.Text)}");
        }
        AnsiConsole.MarkupLine("you may: " + (view.AllowedActions.Count == 0 ? "nothing" : string.Join(", ", view.AllowedActions)));
    }

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The line:column (1-based) of the top-level property <paramref name="field"/> in <paramref name="json"/>, or 1:1.</summary>
    private static string Locate(string json, string field)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && string.Equals(reader.GetString(), field, StringComparison.OrdinalIgnoreCase))
                {
                    var start = (int)reader.TokenStartIndex;
                    var line = 1 + bytes.AsSpan(0, start).Count((byte)'\n');
                    var lineStart = bytes.AsSpan(0, start).LastIndexOf((byte)'\n') + 1;
                    var column = 1 + Encoding.UTF8.GetCharCount(bytes, lineStart, start - lineStart);
                    return string.Create(CultureInfo.InvariantCulture, $"{line}:{column}");
                }
            }
        }
        catch (JsonException)
        {
            return "1:1";
        }
        return "1:1";
    }

    private static string Int(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
