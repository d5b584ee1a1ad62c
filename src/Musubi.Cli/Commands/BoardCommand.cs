using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Musubi.Core.Data;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Board;
using Musubi.Core.Features.Import;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi board search|show|create|update|ics|subscribe|subscriptions|unsubscribe|feed|notify</c>: the demand-signal
/// board (issue #8; docs/board.md) in the registry of <c>--db</c>, read as <c>--as PRINCIPAL</c> (without it, the local
/// operator reads everything). Exit 0 for an answer; 2 for bad input (each problem as <c>--option: message</c>, or
/// <c>FILE:line:column: field: message</c> for <c>--input</c>), an unknown or invisible requirement or subscription, a
/// write the principal's roles do not allow, or a stale version; 1 otherwise.
/// </summary>
internal static class BoardCommand
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The option that sets each search or subscription field, for error messages.</summary>
    private static readonly Dictionary<string, string> OptionOf = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text"] = "TEXT",
        ["programs"] = "--program",
        ["nations"] = "--nation",
        ["capabilities"] = "--capability",
        ["fundingStatuses"] = "--funding",
        ["contractingPaths"] = "--path",
        ["statuses"] = "--status",
        ["needFrom"] = "--need-from",
        ["needTo"] = "--need-to",
        ["sort"] = "--sort",
        ["page"] = "--page",
        ["pageSize"] = "--page-size",
        ["name"] = "--name",
        ["digest"] = "--digest",
        ["kind"] = "--capability|--program|--nation|--search",
        ["subscriptionId"] = "--subscription",
    };

    public static Command Build()
    {
        var command = new Command("board", "The demand-signal board: search requirements (English and Japanese), publish and change them, milestones as iCalendar, subscriptions and their feed (issue #8)");
        command.Subcommands.Add(SearchCommand());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Write("create"));
        command.Subcommands.Add(Write("update"));
        command.Subcommands.Add(Ics());
        command.Subcommands.Add(Subscribe());
        command.Subcommands.Add(Subscriptions());
        command.Subcommands.Add(Unsubscribe());
        command.Subcommands.Add(Feed());
        command.Subcommands.Add(Notify());
        return command;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    /// <summary>The search filters, shared by <c>search</c> and <c>ics</c>.</summary>
    private sealed class Filters
    {
        public Option<string[]> Program { get; } = Multi("--program", "a program (id); repeat or separate with commas");
        public Option<string[]> Nation { get; } = Multi("--nation", "a program nation (alpha-2, e.g. JP, US)");
        public Option<string[]> Capability { get; } = Multi("--capability", "a capability code (its narrower codes match too)");
        public Option<string[]> Funding { get; } = Multi("--funding", "a funding status (e.g. funded, planned)");
        public Option<string[]> Path { get; } = Multi("--path", "a contracting path (e.g. fms, dcs, national, ota)");
        public Option<string[]> Status { get; } = Multi("--status", "a status (e.g. open, awarded)");
        public Option<string?> NeedFrom { get; } = new("--need-from") { Description = "need-by on or after YYYY-MM-DD" };
        public Option<string?> NeedTo { get; } = new("--need-to") { Description = "need-by on or before YYYY-MM-DD" };

        public IEnumerable<Option> All => [Program, Nation, Capability, Funding, Path, Status, NeedFrom, NeedTo];

        private static Option<string[]> Multi(string name, string description) =>
            new(name) { Description = description, AllowMultipleArgumentsPerToken = false, Arity = ArgumentArity.ZeroOrMore };

        /// <summary>The search the options state, or null after writing each unreadable value to stderr.</summary>
        public async Task<BoardSearchInput?> ReadAsync(ParseResult parse, string? text, string? sort, int page, int pageSize)
        {
            var problems = new List<string>();
            var from = Date(parse.GetValue(NeedFrom), "--need-from", problems);
            var to = Date(parse.GetValue(NeedTo), "--need-to", problems);
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync(problem);
            }
            return problems.Count > 0 ? null : new BoardSearchInput(string.IsNullOrWhiteSpace(text) ? null : text, List(parse.GetValue(Program)), List(parse.GetValue(Nation)),
                List(parse.GetValue(Capability)), List(parse.GetValue(Funding)), List(parse.GetValue(Path)), List(parse.GetValue(Status)), from, to,
                string.IsNullOrWhiteSpace(sort) ? null : sort, page, pageSize);
        }
    }

    private static Command SearchCommand()
    {
        var command = new Command("search", "Search the requirements --as may see: text in English or Japanese, filters, facets and sort.");
        var text = new Argument<string?>("text") { Description = "free text (English and/or Japanese)", Arity = ArgumentArity.ZeroOrOne };
        var filters = new Filters();
        var sort = new Option<string?>("--sort") { Description = "relevance (default with text), needBy (default without), -needBy, published, -published, title" };
        var page = new Option<int>("--page") { Description = "page (1-based)", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = "requirements per page (1–100)", DefaultValueFactory = _ => 25 };
        var format = FormatOption();
        command.Arguments.Add(text);
        foreach (var o in new Option[] { CommonOptions.As, sort, page, pageSize, format }.Concat(filters.All))
        {
            command.Options.Add(o);
        }
        command.SetAction(async (parse, ct) =>
        {
            if (await filters.ReadAsync(parse, parse.GetValue(text), parse.GetValue(sort), parse.GetValue(page), parse.GetValue(pageSize)) is not { } input)
            {
                return ExitCodes.BadInput;
            }
            return await RunAsync(parse, ct, requireAs: false, async (service, _) =>
            {
                var result = await service.SearchAsync(input, ct);
                if (parse.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, Indented));
                    return;
                }
                var table = new Table().AddColumns("id", "program", "title", "capabilities", "qty", "need by", "funding", "path", "status", "marking");
                foreach (var r in result.Items)
                {
                    table.AddRow(Markup.Escape(r.Id), Markup.Escape(r.ProgramId ?? ""), Markup.Escape(r.Title), Markup.Escape(string.Join(' ', r.CapabilityCodes)),
                        r.Quantity is { } q ? Int(q) : "", r.NeedBy is { } n ? Date(n) : "", r.FundingStatus, r.ContractingPath, r.Status, Markup.Escape(r.Marking));
                }
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{result.Items.Count} of {result.Total} requirement(s), page {result.Page}"));
                foreach (var (facet, values) in result.Facets.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    if (values.Count > 0)
                    {
                        AnsiConsole.MarkupLine($"{Markup.Escape(facet)}: " + Markup.Escape(string.Join(", ", values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Value} ({v.Count})")))));
                    }
                }
            });
        });
        return command;
    }

    private static Command Show()
    {
        var command = new Command("show", "One requirement --as may see: program, text in both languages, capabilities, certifications, milestones.");
        var id = new Argument<string>("id") { Description = "the requirement's id" };
        var format = FormatOption();
        command.Arguments.Add(id);
        command.Options.Add(CommonOptions.As);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: false, async (service, _) =>
        {
            var view = await service.GetAsync(parse.GetValue(id)!, ct) ?? throw new BoardNotFoundException("requirement", parse.GetValue(id)!);
            await WriteViewAsync(view, parse.GetValue(format)!);
        }));
        return command;
    }

    /// <summary><c>board create --input FILE</c> and <c>board update ID --input FILE</c>: the requirement as JSON (BoardRequirementInput).</summary>
    private static Command Write(string verb)
    {
        var update = verb == "update";
        var command = new Command(verb, update
            ? "Change a requirement as --as (a program manager or administrator; without --as, the local operator): the file states every field and the version it was read at."
            : "Publish a requirement as --as (a program manager or administrator; without --as, the local operator).");
        var id = new Argument<string>("id") { Description = "the requirement's id" };
        var input = new Option<string>("--input", "-i")
        {
            Description = "the requirement as JSON: { \"id\"?, \"programId\", \"capabilityCodes\": [], \"title\", \"titleJa\", \"description\", \"descriptionJa\", \"quantity\", \"needBy\": \"YYYY-MM-DD\", \"fundingStatus\", \"contractingPath\", \"status\", \"pointOfContact\", \"marking\", \"requiredCertifications\": [], \"milestones\": [ { \"kind\", \"date\", \"note\" } ], \"version\" }",
            Required = true,
        };
        var format = FormatOption();
        if (update)
        {
            command.Arguments.Add(id);
        }
        command.Options.Add(CommonOptions.As);
        command.Options.Add(input);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(input)!;
            string text;
            BoardRequirementInput record;
            try
            {
                text = await File.ReadAllTextAsync(path, ct);
                record = JsonSerializer.Deserialize<BoardRequirementInput>(text, FileJson) ?? throw new JsonException("the file holds null, not a requirement object");
            }
            catch (JsonException ex)
            {
                var field = ex.Path is { Length: > 2 } p ? p[2..] : "$";
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{path}:{(ex.LineNumber ?? 0) + 1}:{(ex.BytePositionInLine ?? 0) + 1}: {field}: {JsonRecords.FirstSentence(ex, typeof(BoardRequirementInput))}"));
                return ExitCodes.BadInput;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"--input: {ex.Message}");
                return ExitCodes.BadInput;
            }
            if (update && record.Id is { Length: > 0 } fileId && !string.Equals(fileId, parse.GetValue(id), StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync($"{path}:{Locate(text, "id")}: id: the file's id '{fileId}' differs from the argument's '{parse.GetValue(id)}'");
                return ExitCodes.BadInput;
            }
            return await RunAsync(parse, ct, requireAs: false, async (service, trail) =>
            {
                var view = update
                    ? await service.UpdateAsync(parse.GetValue(id)!, record, trail!, ct)
                    : await service.CreateAsync(record, trail!, ct);
                await WriteViewAsync(view, parse.GetValue(format)!);
            }, inputError: async ex =>
            {
                foreach (var (field, messages) in ex.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    foreach (var message in messages)
                    {
                        await Console.Error.WriteLineAsync($"{path}:{Locate(text, field)}: {field}: {message}");
                    }
                }
            });
        });
        return command;
    }

    private static Command Ics()
    {
        var command = new Command("ics", "Milestones as iCalendar: of one requirement (REQ_ID), or of every requirement of the search --as may see.");
        var id = new Argument<string?>("id") { Description = "a requirement's id (omit for the search's)", Arity = ArgumentArity.ZeroOrOne };
        var text = new Option<string?>("--text") { Description = "free text of the search (English and/or Japanese)" };
        var filters = new Filters();
        var output = new Option<string?>("--output", "-o") { Description = "write the calendar to this file (default: standard output)" };
        command.Arguments.Add(id);
        foreach (var o in new Option[] { CommonOptions.As, text, output }.Concat(filters.All))
        {
            command.Options.Add(o);
        }
        command.SetAction(async (parse, ct) =>
        {
            var requirement = parse.GetValue(id);
            if (requirement is { Length: > 0 } && (parse.GetResult(text) is not null || filters.All.Any(o => parse.GetResult(o) is not null)))
            {
                await Console.Error.WriteLineAsync("id: give a requirement or search filters, not both");
                return ExitCodes.BadInput;
            }
            if (await filters.ReadAsync(parse, parse.GetValue(text), null, 1, 25) is not { } input)
            {
                return ExitCodes.BadInput;
            }
            return await RunAsync(parse, ct, requireAs: false, async (service, _) =>
            {
                var ics = requirement is { Length: > 0 }
                    ? await service.RequirementIcsAsync(requirement, ct) ?? throw new BoardNotFoundException("requirement", requirement)
                    : await service.MilestonesIcsAsync(input, ct);
                if (parse.GetValue(output) is { Length: > 0 } file)
                {
                    await File.WriteAllTextAsync(file, ics, new UTF8Encoding(false), ct);
                    AnsiConsole.MarkupLine($"wrote {Markup.Escape(file)}");
                }
                else
                {
                    await Console.Out.WriteAsync(ics);
                }
            });
        });
        return command;
    }

    private static Command Subscribe()
    {
        var command = new Command("subscribe", "Subscribe --as to new and changed requirements: capability codes, programs, nations, or a saved search. What matches today is the baseline, not news.");
        var name = new Option<string?>("--name") { Description = "the subscription's name" };
        var capability = new Option<string[]>("--capability") { Description = "capability codes (repeat or separate with commas)", Arity = ArgumentArity.ZeroOrMore };
        var program = new Option<string[]>("--program") { Description = "program ids", Arity = ArgumentArity.ZeroOrMore };
        var nation = new Option<string[]>("--nation") { Description = "program nations (alpha-2)", Arity = ArgumentArity.ZeroOrMore };
        var search = new Option<string?>("--search") { Description = "a saved search: its text (English and/or Japanese)" };
        var digest = new Option<string?>("--digest") { Description = "none (default) or daily: a daily digest to the mail outbox" };
        var format = FormatOption();
        foreach (var o in new Option[] { CommonOptions.As, name, capability, program, nation, search, digest, format })
        {
            command.Options.Add(o);
        }
        command.SetAction(async (parse, ct) =>
        {
            var kinds = new (Option Option, string Kind)[] { (capability, "capability"), (program, "program"), (nation, "nation"), (search, "search") }
                .Where(k => parse.GetResult(k.Option) is not null).ToList();
            if (kinds.Count != 1)
            {
                await Console.Error.WriteLineAsync("--capability|--program|--nation|--search: give exactly one of them");
                return ExitCodes.BadInput;
            }
            var kind = kinds[0].Kind;
            var values = kind switch
            {
                "capability" => List(parse.GetValue(capability)),
                "program" => List(parse.GetValue(program)),
                "nation" => List(parse.GetValue(nation)),
                _ => null,
            };
            var query = kind == "search" ? new BoardSearchInput(parse.GetValue(search)) : null;
            var input = new BoardSubscriptionInput(parse.GetValue(name), kind, values ?? [], query, parse.GetValue(digest));
            return await RunAsync(parse, ct, requireAs: true, async (service, trail) =>
            {
                var view = await service.SubscribeAsync(input, trail!, ct);
                if (parse.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(view, Indented));
                    return;
                }
                AnsiConsole.MarkupLine($"subscription [bold]{Markup.Escape(view.Id)}[/] \"{Markup.Escape(view.Name)}\" ({view.Kind}, digest {view.Digest})");
            }, inputError: ex => WriteErrorsAsync(ex, field => field.StartsWith("values", StringComparison.Ordinal) ? "--" + kind + field[6..]
                : field.StartsWith("query", StringComparison.Ordinal) ? "--search" : OptionName(field)));
        });
        return command;
    }

    private static Command Subscriptions()
    {
        var command = new Command("subscriptions", "The subscriptions of --as, each with its unread count.");
        var format = FormatOption();
        command.Options.Add(CommonOptions.As);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: true, async (service, _) =>
        {
            var list = await service.SubscriptionsAsync(ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new { subscriptions = list }, Indented));
                return;
            }
            var table = new Table().AddColumns("id", "name", "kind", "follows", "digest", "unread", "created");
            foreach (var s in list)
            {
                var follows = s.Kind == "search" ? s.Query?.Text ?? "" : string.Join(", ", s.Values);
                table.AddRow(Markup.Escape(s.Id), Markup.Escape(s.Name), s.Kind, Markup.Escape(follows), s.Digest, Int(s.Unread), Stamp(s.CreatedAt));
            }
            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Unsubscribe()
    {
        var command = new Command("unsubscribe", "Remove a subscription of --as and its feed.");
        var id = new Argument<string>("id") { Description = "the subscription's id" };
        command.Arguments.Add(id);
        command.Options.Add(CommonOptions.As);
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: true, async (service, trail) =>
        {
            if (!await service.UnsubscribeAsync(parse.GetValue(id)!, trail!, ct))
            {
                throw new BoardNotFoundException("subscription", parse.GetValue(id)!);
            }
            AnsiConsole.MarkupLine($"unsubscribed {Markup.Escape(parse.GetValue(id)!)}");
        }));
        return command;
    }

    private static Command Feed()
    {
        var command = new Command("feed", "The feed of --as: new and changed requirements of their subscriptions that they may still see, newest first.");
        var unread = new Option<bool>("--unread") { Description = "only unread items" };
        var subscription = new Option<string?>("--subscription") { Description = "only this subscription's items" };
        var page = new Option<int>("--page") { Description = "page (1-based)", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = "items per page (1–100)", DefaultValueFactory = _ => 50 };
        var format = FormatOption();
        foreach (var o in new Option[] { CommonOptions.As, unread, subscription, page, pageSize, format })
        {
            command.Options.Add(o);
        }
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: true, async (service, _) =>
        {
            var items = await service.FeedAsync(parse.GetValue(subscription), parse.GetValue(unread), parse.GetValue(page), parse.GetValue(pageSize), ct);
            var unreadCount = await service.UnreadCountAsync(ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new { items = items.Items, total = items.Total, page = items.PageNumber, pageSize = items.PageSize, unread = unreadCount }, Indented));
                return;
            }
            var table = new Table().AddColumns("when", "subscription", "requirement", "title", "change", "read");
            foreach (var i in items.Items)
            {
                table.AddRow(Stamp(i.CreatedAt), Markup.Escape(i.SubscriptionName), Markup.Escape(i.RequirementId), Markup.Escape(i.Title), i.Change, i.Read ? "yes" : "[bold]no[/]");
            }
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{items.Items.Count} of {items.Total} item(s), {unreadCount} unread"));
        }, inputError: ex => WriteErrorsAsync(ex, OptionName)));
        return command;
    }

    private static Command Notify()
    {
        var command = new Command("notify", "Run the notification sweep once (new and changed requirements into each subscription's feed, under its owner's access), then the daily digests into the mail outbox, as the web host does every few minutes.");
        var format = FormatOption();
        command.Options.Add(format);
        command.SetAction(async (parse, ct) => await RunAsync(parse, ct, requireAs: false, async (service, _) =>
        {
            var report = await service.NotifyAsync(ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, Indented));
                return;
            }
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"{report.Subscriptions} subscription(s) swept, {report.NewItems} new feed item(s), {report.Digests} digest(s) to the mail outbox"));
        }));
        return command;
    }

    /// <summary>Opens --db, applies --as, runs, and turns the board's exceptions into exit 2 with the option or field named.</summary>
    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct, bool requireAs, Func<BoardService, AuditTrail?, Task> run,
        Func<BoardInputException, Task>? inputError = null)
    {
        if (requireAs && parse.GetValue(CommonOptions.As) is not { Length: > 0 })
        {
            await Console.Error.WriteLineAsync("--as: name the principal who acts (see ./musubi registry principals)");
            return ExitCodes.BadInput;
        }
        await using var db = await CommonOptions.OpenAsync(parse, ct);
        if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct) || AuditCommand.Trail(parse) is not { } trail)
        {
            return ExitCodes.BadInput;
        }
        var service = Service(db);
        try
        {
            await run(service, trail);
            return ExitCodes.Success;
        }
        catch (BoardInputException ex)
        {
            await (inputError ?? (e => WriteErrorsAsync(e, OptionName)))(ex);
            return ExitCodes.BadInput;
        }
        catch (BoardNotFoundException ex)
        {
            await Console.Error.WriteLineAsync($"id: {ex.Message} (no such {ex.What}, or not visible to this reader)");
            return ExitCodes.BadInput;
        }
        catch (BoardConflictException ex)
        {
            await Console.Error.WriteLineAsync($"version: {ex.Message}");
            return ExitCodes.BadInput;
        }
        catch (BoardForbiddenException ex)
        {
            await Console.Error.WriteLineAsync($"--as: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static BoardService Service(AppDbContext db) => new(db, TimeProvider.System, new BoardIndexCache(TimeProvider.System));

    /// <summary>The option that sets <paramref name="field"/> (<c>statuses[1]</c> is <c>--status</c>), else the field itself.</summary>
    private static string OptionName(string field)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        return OptionOf.TryGetValue(bracket > 0 ? field[..bracket] : field, out var option) ? option : field;
    }

    private static async Task WriteErrorsAsync(BoardInputException ex, Func<string, string> name)
    {
        foreach (var (field, messages) in ex.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            foreach (var message in messages)
            {
                await Console.Error.WriteLineAsync($"{name(field)}: {message}");
            }
        }
    }

    private static async Task WriteViewAsync(BoardRequirementView view, string format)
    {
        if (format == "json")
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(view, Indented));
            return;
        }
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(view.Id)}[/] {Markup.Escape(view.Title)}" + (view.TitleJa is { } ja ? $" / {Markup.Escape(ja)}" : "")
            + $" [[{Markup.Escape(view.Marking)}]]");
        AnsiConsole.MarkupLine($"program {Markup.Escape(view.ProgramId ?? "—")}" + (view.ProgramName is { } pn ? $" ({Markup.Escape(pn)})" : "")
            + $", nations {Markup.Escape(string.Join(", ", view.Nations))}; {view.Status}, {view.FundingStatus}, {view.ContractingPath}; version {view.Version}");
        AnsiConsole.MarkupLine($"needs {Markup.Escape(string.Join(", ", view.CapabilityCodes))}" + (view.Quantity is { } q ? $" × {Int(q)}" : "")
            + (view.NeedBy is { } n ? $" by {Date(n)}" : "") + (view.RequiredCertifications.Count > 0 ? $"; certifications {Markup.Escape(string.Join(", ", view.RequiredCertifications))}" : ""));
        foreach (var text in new[] { view.Description, view.DescriptionJa })
        {
            if (!string.IsNullOrWhiteSpace(text))
            {
                AnsiConsole.MarkupLine("  " + Markup.Escape(text));
            }
        }
        foreach (var m in view.Milestones)
        {
            AnsiConsole.MarkupLine($"  {Date(m.Date)} {Markup.Escape(m.Kind)}" + (m.Note is { } note ? ": " + Markup.Escape(note) : ""));
        }
        if (view.AwardedOrganizationId is { } awarded)
        {
            AnsiConsole.MarkupLine($"awarded to {Markup.Escape(awarded)}");
        }
    }

    private static List<string>? List(string[]? values)
    {
        var list = (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return list.Count == 0 ? null : list;
    }

    private static DateOnly? Date(string? text, string option, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        problems.Add($"{option}: '{text}' is not a date (YYYY-MM-DD)");
        return null;
    }

    /// <summary>
    /// The line:column (1-based) of <paramref name="field"/> in <paramref name="json"/>: a property (<c>needBy</c>), an
    /// element (<c>capabilityCodes[1]</c>) or a nested one (<c>milestones[0].kind</c>); its nearest enclosing field when
    /// it is absent; 1:1 when nothing matches.
    /// </summary>
    internal static string Locate(string json, string field)
    {
        for (var target = field; target.Length > 0; target = Parent(target))
        {
            if (Find(json, target) is { } at)
            {
                return at;
            }
        }
        return "1:1";
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut > 0 ? path[..cut] : "";
    }

    private static string? Find(string json, string target)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        // Each open container: an array's current index, or an object's current property.
        var frames = new List<(bool Array, string? Property, int Index)>();
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    frames[^1] = (false, reader.GetString(), -1);
                    if (string.Equals(PathOf(frames), target, StringComparison.OrdinalIgnoreCase))
                    {
                        return Position(bytes, (int)reader.TokenStartIndex);
                    }
                    continue;
                }
                if (frames.Count > 0 && frames[^1].Array)
                {
                    frames[^1] = (true, null, frames[^1].Index + 1);
                    if (string.Equals(PathOf(frames), target, StringComparison.OrdinalIgnoreCase))
                    {
                        return Position(bytes, (int)reader.TokenStartIndex);
                    }
                }
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Add((reader.TokenType == JsonTokenType.StartArray, null, -1));
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }

    private static string PathOf(List<(bool Array, string? Property, int Index)> frames)
    {
        var path = new StringBuilder();
        foreach (var (array, property, index) in frames)
        {
            if (array)
            {
                path.Append(CultureInfo.InvariantCulture, $"[{index}]");
            }
            else if (property is not null)
            {
                path.Append(path.Length == 0 ? "" : ".").Append(property);
            }
        }
        return path.ToString();
    }

    private static string Position(byte[] bytes, int start)
    {
        var line = 1 + bytes.AsSpan(0, start).Count((byte)'\n');
        var lineStart = bytes.AsSpan(0, start).LastIndexOf((byte)'\n') + 1;
        var column = 1 + Encoding.UTF8.GetCharCount(bytes, lineStart, start - lineStart);
        return string.Create(CultureInfo.InvariantCulture, $"{line}:{column}");
    }

    private static string Int(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
