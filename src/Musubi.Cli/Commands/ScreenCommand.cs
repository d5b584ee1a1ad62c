using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Musubi.Core;
using Musubi.Core.Features.Screening;
using Musubi.Engines.Screening;
using Musubi.Web.Api;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi screen</c>: denied-party screening (issue #4). With <c>--list</c> it screens names against list files
/// directly, no database (<c>--queries FILE.csv</c> or <c>--name</c>); its subcommands work on the database's list
/// versions, screening records, alerts and registry duplicates through the same service as the API and the UI.
/// </summary>
internal static partial class ScreenCommand
{
    private static Option<string> OutputOption()
    {
        var format = new Option<string>("--format") { Description = "output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    public static Command Build()
    {
        var lists = new Option<string[]>("--list", "-l")
        {
            Description = "a list file to screen against (FollowTheMoney .jsonl, U.S. CSL .csv or .json, plain .csv); repeat for several",
            AllowMultipleArgumentsPerToken = false,
        };
        var listFormat = new Option<string?>("--list-format") { Description = "the lists' format when the file name does not tell: ftm, csl-csv, csl-json or csv" };
        var queries = new Option<string?>("--queries", "-q") { Description = "a CSV of names to screen: header id,name,country (other columns are ignored)" };
        var name = new Option<string?>("--name", "-n") { Description = "one name to screen" };
        var country = new Option<string?>("--country") { Description = "with --name: the party's country (ISO 3166-1 alpha-2, e.g. CN)" };
        var thresholdMatch = new Option<string?>("--threshold-match") { Description = string.Create(CultureInfo.InvariantCulture, $"score from which a candidate is a match (default {ScreeningOptions.DefaultMatchThreshold})") };
        var thresholdReview = new Option<string?>("--threshold-review") { Description = string.Create(CultureInfo.InvariantCulture, $"score from which a candidate needs review (default {ScreeningOptions.DefaultReviewThreshold})") };
        var format = OutputOption();
        var command = new Command("screen", "Screen names against denied-party lists (issue #4): with --list, files only; subcommands use the database's list versions.")
        {
            lists, listFormat, queries, name, country, thresholdMatch, thresholdReview, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var files = parse.GetValue(lists) ?? [];
            var queriesFile = parse.GetValue(queries);
            var oneName = parse.GetValue(name);
            if (files.Length == 0)
            {
                await Console.Error.WriteLineAsync("--list: give at least one list file (or use a subcommand: screen lists, screen registry, screen certificate, screen duplicates; see --help)");
                return ExitCodes.BadInput;
            }
            if ((queriesFile is null) == (oneName is null))
            {
                await Console.Error.WriteLineAsync(queriesFile is null
                    ? "--queries: give a queries CSV (--queries FILE.csv) or one name (--name \"…\")"
                    : "--name: give either --queries or --name, not both");
                return ExitCodes.BadInput;
            }
            if (queriesFile is not null && parse.GetValue(country) is not null)
            {
                await Console.Error.WriteLineAsync("--country: only with --name (the queries CSV has its own country column)");
                return ExitCodes.BadInput;
            }
            if (await ThresholdsAsync(parse.GetValue(thresholdMatch), parse.GetValue(thresholdReview)) is not { } options)
            {
                return ExitCodes.BadInput;
            }
            IReadOnlyList<ScreeningQuery> toScreen;
            if (oneName is not null)
            {
                var countryText = parse.GetValue(country)?.Trim();
                var code = string.IsNullOrEmpty(countryText) ? null : countryText.ToUpperInvariant();
                if (code is not null && !Countries.IsAlpha2(code))
                {
                    await Console.Error.WriteLineAsync($"--country: '{countryText}' is not an ISO 3166-1 alpha-2 country code (e.g. JP, US, CN)");
                    return ExitCodes.BadInput;
                }
                var query = new ScreeningQuery("1", oneName, code);
                if (ScreeningQueries.Validate(query) is { } bad)
                {
                    await Console.Error.WriteLineAsync($"--{bad.Field}: {bad.Message}");
                    return ExitCodes.BadInput;
                }
                toScreen = [query];
            }
            else if (await ReadQueriesAsync(queriesFile!, ct) is { } read)
            {
                toScreen = read;
            }
            else
            {
                return ExitCodes.BadInput;
            }
            var (entities, listProblem) = await ReadListsAsync(files, parse.GetValue(listFormat), ct);
            if (entities is null)
            {
                return listProblem;
            }
            using var reader = MecabReader.Open();
            var analyzer = new NameAnalyzer(reader);
            if (!analyzer.ReadsJapanese)
            {
                await Console.Error.WriteLineAsync(analyzer.JapaneseStatus);
            }
            var index = ScreeningIndex.Build(entities, analyzer);
            IReadOnlyList<ScreeningResult> results = toScreen.Count == 1
                ? [index.Screen(toScreen[0], options)]
                : index.ScreenAll(toScreen, options, Environment.ProcessorCount, null, ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(results.Select(ScreeningViews.Answer).ToList(), ScreeningViews.Indented));
                return ExitCodes.Success;
            }
            if (oneName is not null)
            {
                WriteDetail(results[0], toScreen[0]);
            }
            else
            {
                WriteSummary(results, toScreen);
            }
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{results.Count} queries: {results.Count(r => r.Decision == Decision.Match)} match, {results.Count(r => r.Decision == Decision.Review)} review, {results.Count(r => r.Decision == Decision.None)} none; {entities.Count} listed entities from {files.Length} file(s); thresholds match {options.MatchThreshold}, review {options.ReviewThreshold}"));
            return ExitCodes.Success;
        });
        AddDatabaseCommands(command);
        return command;
    }

    /// <summary>The thresholds as screening options; null, with the option named on stderr, when either is not usable.</summary>
    internal static async Task<ScreeningOptions?> ThresholdsAsync(string? match, string? review)
    {
        double? m = null, r = null;
        foreach (var (text, option) in new[] { (match, "--threshold-match"), (review, "--threshold-review") })
        {
            if (text is null)
            {
                continue;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                await Console.Error.WriteLineAsync($"{option}: '{text}' is not a number (give a score between 0 and 1, e.g. 0.8)");
                return null;
            }
            if (option == "--threshold-match")
            {
                m = value;
            }
            else
            {
                r = value;
            }
        }
        try
        {
            return ScreeningService.Options(m, r);
        }
        catch (ScreeningInputException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                await Console.Error.WriteLineAsync($"{OptionName(field)}: {string.Join("; ", messages)}");
            }
            return null;
        }
    }

    /// <summary>The command-line option for a service field (thresholdMatch → --threshold-match).</summary>
    internal static string OptionName(string field) => "--" + string.Concat(field.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));

    private static async Task<IReadOnlyList<ScreeningQuery>?> ReadQueriesAsync(string file, CancellationToken ct)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(file, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"--queries: cannot read '{file}': {ex.Message}");
            return null;
        }
        var read = ScreeningQueryCsv.Read(bytes, file);
        foreach (var p in read.Problems)
        {
            await Console.Error.WriteLineAsync(p.ToString());
        }
        if (read.ProblemCount > read.Problems.Count)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{file}: {read.ProblemCount - read.Problems.Count} more problems not shown"));
        }
        return read.Ok ? read.Queries : null;
    }

    /// <summary>Every entity of every list file; null with the exit code when a file cannot be read or has problems (each on stderr as file:line:field: message).</summary>
    internal static async Task<(List<ScreeningEntity>? Entities, int Exit)> ReadListsAsync(IReadOnlyList<string> files, string? formatText, CancellationToken ct)
    {
        ListFormat? forced = null;
        if (formatText is not null)
        {
            forced = ListReaders.ParseFormat(formatText);
            if (forced is null)
            {
                await Console.Error.WriteLineAsync($"--list-format: '{formatText}' is not a list format; use ftm, csl-csv, csl-json or csv");
                return (null, ExitCodes.BadInput);
            }
        }
        var entities = new List<ScreeningEntity>();
        foreach (var file in files)
        {
            try
            {
                await using var stream = File.OpenRead(file);
                var format = forced ?? await DetectAsync(stream, file, ct);
                if (format is null)
                {
                    await Console.Error.WriteLineAsync($"{file}:1:(format): cannot tell the list's format from its name or first line; give --list-format ftm, csl-csv, csl-json or csv");
                    return (null, ExitCodes.BadInput);
                }
                var list = ListReaders.Read(stream, format.Value, Path.GetFileName(file));
                entities.AddRange(list.Entities);
            }
            catch (ListFormatException ex)
            {
                foreach (var p in ex.Problems)
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{file}:{p.Line}:{p.Field}: {p.Message}"));
                }
                return (null, ExitCodes.BadInput);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"--list: cannot read '{file}': {ex.Message}");
                return (null, ExitCodes.BadInput);
            }
        }
        return (entities, ExitCodes.Success);
    }

    private static async Task<ListFormat?> DetectAsync(Stream stream, string file, CancellationToken ct)
    {
        var head = new byte[4096];
        var read = 0;
        while (read < head.Length && await stream.ReadAsync(head.AsMemory(read), ct) is var n and > 0)
        {
            read += n;
        }
        stream.Position = 0;
        return ListReaders.Detect(Path.GetFileName(file), head.AsSpan(0, read));
    }

    private static string Score(double score) => score.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string DecisionMarkup(Decision d) => d switch
    {
        Decision.Match => "[red bold]match[/]",
        Decision.Review => "[yellow bold]review[/]",
        _ => "[green]none[/]",
    };

    private static void WriteSummary(IReadOnlyList<ScreeningResult> results, IReadOnlyList<ScreeningQuery> queries)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "id", "name", "country", "decision", "best", "score", "matched name" })
        {
            table.AddColumn(c);
        }
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            table.AddRow(Markup.Escape(r.QueryId), Markup.Escape(queries[i].Name), queries[i].Country ?? "", DecisionMarkup(r.Decision),
                Markup.Escape(r.Best?.EntityId ?? "—"), r.Best is { } b ? Score(b.Score) : "", Markup.Escape(r.Best?.MatchedName ?? ""));
        }
        AnsiConsole.Write(table);
    }

    private static void WriteDetail(ScreeningResult r, ScreeningQuery query)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(query.Name)}[/]{(query.Country is null ? "" : " (" + query.Country + ")")}: {DecisionMarkup(r.Decision)}");
        if (r.Candidates.Count == 0)
        {
            AnsiConsole.MarkupLine("no listed entity came near the name");
            return;
        }
        var candidates = new Table().Border(TableBorder.Rounded).Title("candidates");
        foreach (var c in new[] { "entity", "score", "matched name", "why" })
        {
            candidates.AddColumn(c);
        }
        foreach (var c in r.Candidates)
        {
            candidates.AddRow(Markup.Escape(c.EntityId), Score(c.Score), Markup.Escape(c.MatchedName), Markup.Escape(c.Explanation.Summary));
        }
        AnsiConsole.Write(candidates);
        if (r.Best is { } best)
        {
            WriteExplanation(best.Explanation, best.EntityId);
        }
    }

    internal static void WriteExplanation(Explanation e, string entityId)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(entityId)}[/]: {Markup.Escape(e.Summary)}" + (e.Forms.Length > 0 ? $" [grey](forms: {Markup.Escape(e.Forms)})[/]" : ""));
        var features = new Table().Border(TableBorder.Rounded).Title("score");
        foreach (var c in new[] { "feature", "contribution", "detail" })
        {
            features.AddColumn(c);
        }
        foreach (var f in e.Features)
        {
            features.AddRow(Markup.Escape(f.Name), f.Contribution.ToString("+0.0000;-0.0000;0", CultureInfo.InvariantCulture), Markup.Escape(f.Detail));
        }
        AnsiConsole.Write(features);
        var tokens = new Table().Border(TableBorder.Rounded).Title("tokens");
        foreach (var c in new[] { "query token", "entity token", "how", "similarity", "weight" })
        {
            tokens.AddColumn(c);
        }
        foreach (var t in e.Tokens)
        {
            tokens.AddRow(Markup.Escape(t.QueryToken), Markup.Escape(t.EntityToken ?? "—"), Markup.Escape(t.How), Score(t.Similarity), Score(t.Weight));
        }
        AnsiConsole.Write(tokens);
    }
}
