using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Musubi.Core.Data;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Board;
using Musubi.Core.Features.Matching;
using Musubi.Core.Features.Transfers;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi match requirement|supplier|evaluate</c>: explained matchmaking (issue #8; docs/engines/matching.md) over the
/// registry of <c>--db</c>, read as <c>--as PRINCIPAL</c> through the access policy (default: the local operator, who
/// sees everything) and audited as <c>match.ranked</c>. JSON is the API's shape (<see cref="MatchRequirementResponse"/>,
/// <see cref="MatchSupplierResponse"/>, <see cref="MatchingEvaluationReport"/>). Bad input: exit 2 naming the option;
/// an id that is missing or hidden from the reader: exit 2 with <c>requirement: not found</c> or
/// <c>organization: not found</c>.
/// </summary>
internal static class MatchCommand
{
    public static Command Build()
    {
        var command = new Command("match", "Explained matchmaking: suppliers for a requirement, open requirements for a supplier, and the evaluation (issue #8)");
        command.Subcommands.Add(Requirement());
        command.Subcommands.Add(Supplier());
        command.Subcommands.Add(Evaluate());
        return command;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    private static Option<int?> TopOption() => new("--top")
    {
        Description = $"how many results (1–{MatchingQuestions.MaxTop}, default {MatchingQuestions.DefaultTop})",
    };

    private static Option<string?> WeightsOption() => new("--weights")
    {
        Description = "soft-score weights, e.g. text=0.4,capability=0.3 (names: " + string.Join(", ", MatchingQuestions.WeightNames) + "; unnamed ones keep their defaults)",
    };

    private static Command Requirement()
    {
        var command = new Command("requirement", "Rank the suppliers (organizations' facilities) for a requirement, each with its explanation.");
        var id = new Argument<string>("REQ_ID") { Description = "the requirement's id" };
        var top = TopOption();
        var excluded = new Option<bool>("--explain-excluded") { Description = "also list the candidates a hard filter excluded, with why" };
        var weights = WeightsOption();
        var format = FormatOption();
        command.Arguments.Add(id);
        command.Options.Add(top);
        command.Options.Add(excluded);
        command.Options.Add(weights);
        command.Options.Add(format);
        command.Options.Add(CommonOptions.As);
        command.SetAction((parse, ct) => RunAsync(parse, ct, async (service, _, trail) =>
        {
            var n = MatchingQuestions.Top(parse.GetValue(top));
            var w = MatchingQuestions.Weights(parse.GetValue(weights));
            var result = await service.MatchRequirementAsync(parse.GetValue(id)!, n, parse.GetValue(excluded), w, trail, ct);
            return await WriteAsync(result is null ? null : MatchingViews.Of(result), "requirement", parse.GetValue(format) == "json", WriteRequirement);
        }));
        return command;
    }

    private static Command Supplier()
    {
        var command = new Command("supplier", "Rank the open requirements an organization fits, each with its best facility and explanation.");
        var id = new Argument<string>("ORG_ID") { Description = "the organization's id" };
        var top = TopOption();
        var weights = WeightsOption();
        var format = FormatOption();
        command.Arguments.Add(id);
        command.Options.Add(top);
        command.Options.Add(weights);
        command.Options.Add(format);
        command.Options.Add(CommonOptions.As);
        command.SetAction((parse, ct) => RunAsync(parse, ct, async (service, _, trail) =>
        {
            var n = MatchingQuestions.Top(parse.GetValue(top));
            var w = MatchingQuestions.Weights(parse.GetValue(weights));
            var result = await service.MatchSupplierAsync(parse.GetValue(id)!, n, w, trail, ct);
            return await WriteAsync(result is null ? null : MatchingViews.Of(result), "organization", parse.GetValue(format) == "json", WriteSupplier);
        }));
        return command;
    }

    /// <summary>A ranking as JSON or a table; a missing or hidden <paramref name="what"/> exits 2 saying so.</summary>
    private static async Task<int> WriteAsync<TView>(TView? view, string what, bool json, Action<TView> table) where TView : class
    {
        if (view is null)
        {
            await Console.Error.WriteLineAsync($"{what}: not found (no such {what}, or not visible to this reader)");
            return ExitCodes.BadInput;
        }
        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(view, NetworkCommand.Indented));
        }
        else
        {
            table(view);
        }
        return ExitCodes.Success;
    }

    private static Command Evaluate()
    {
        var command = new Command("evaluate", "Recall@5 and nDCG@10 of the ranking on the rule-labelled and hand-labelled sets (docs/engines/matching.md, Evaluation).");
        var labels = new Option<string?>("--labels") { Description = "the hand labels (default: data/demo/matching/labels.json)" };
        var format = FormatOption();
        command.Options.Add(labels);
        command.Options.Add(format);
        command.Options.Add(CommonOptions.As);
        command.SetAction((parse, ct) => RunAsync(parse, ct, async (service, db, _) =>
        {
            var path = parse.GetValue(labels) is { Length: > 0 } given ? given : Path.Combine(DatabaseSetup.DataDirectory, "demo", "matching", "labels.json");
            var file = MatchingEvaluation.ReadLabels(path);
            var report = await new MatchingEvaluation(db, service).RunAsync(file, ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, NetworkCommand.Indented));
            }
            else
            {
                WriteEvaluation(report);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Opens --db, applies --as, runs; a bad option value is exit 2 naming the option.</summary>
    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct, Func<MatchingService, AppDbContext, AuditTrail, Task<int>> run)
    {
        await using var db = await CommonOptions.OpenAsync(parse, ct);
        if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct) || AuditCommand.Trail(parse) is not { } trail)
        {
            return ExitCodes.BadInput;
        }
        var clock = TimeProvider.System;
        var service = new MatchingService(db, clock, new SupplierIndexCache(clock), new BoardIndexCache(clock), new TransferService(clock));
        try
        {
            return await run(service, db, trail);
        }
        catch (MatchingQuestionException ex)
        {
            await Console.Error.WriteLineAsync($"--{ex.Field}: {ex.Message}");
            return ExitCodes.BadInput;
        }
    }

    private static string N(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Reasons(IReadOnlyList<MatchReasonView> reasons) =>
        string.Join("\n", reasons.Select(r => r.Kind == "score"
            ? string.Create(CultureInfo.InvariantCulture, $"{r.Code} {N(r.Contribution ?? 0)} — {r.Text}")
            : (r.Passed ? "✓ " : "✗ ") + r.Text));

    private static void WriteRequirement(MatchRequirementResponse view)
    {
        var r = view.Requirement;
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.Id)}[/] {Markup.Escape(r.Title)} — {Markup.Escape(string.Join(", ", r.CapabilityCodes))}"
            + (r.NeedBy is { } need ? Markup.Escape(string.Create(CultureInfo.InvariantCulture, $", need by {need:yyyy-MM-dd}")) : ""));
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{view.Candidates} candidate(s), {view.Eligible} eligible, as of {view.AsOf:yyyy-MM-dd}")));
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("#", "score", "organization", "facility", "country", "explanation");
        for (var i = 0; i < view.Results.Count; i++)
        {
            var m = view.Results[i];
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), N(m.Score), Markup.Escape($"{m.OrganizationName} ({m.OrganizationId})"),
                Markup.Escape($"{m.FacilityName} ({m.FacilityId})"), m.Country, Markup.Escape(Reasons(m.Explanation)));
        }
        AnsiConsole.Write(table);
        if (view.Excluded.Count > 0)
        {
            var excluded = new Table().Border(TableBorder.Rounded).Title("excluded");
            excluded.AddColumns("organization", "facility", "country", "why");
            foreach (var e in view.Excluded)
            {
                excluded.AddRow(Markup.Escape($"{e.OrganizationName} ({e.OrganizationId})"), Markup.Escape($"{e.FacilityName} ({e.FacilityId})"), e.Country,
                    Markup.Escape(Reasons([.. e.Reasons.Where(x => !x.Passed)])));
            }
            AnsiConsole.Write(excluded);
        }
    }

    private static void WriteSupplier(MatchSupplierResponse view)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(view.Organization.Name)}[/] ({Markup.Escape(view.Organization.Id)})");
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{view.Candidates} open requirement(s) related, {view.Eligible} eligible, as of {view.AsOf:yyyy-MM-dd}")));
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("#", "score", "requirement", "need by", "facility", "explanation");
        for (var i = 0; i < view.Results.Count; i++)
        {
            var m = view.Results[i];
            table.AddRow((i + 1).ToString(CultureInfo.InvariantCulture), N(m.Score), Markup.Escape($"{m.Title} ({m.RequirementId})"),
                m.NeedBy?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—", Markup.Escape(m.FacilityId), Markup.Escape(Reasons(m.Explanation)));
        }
        AnsiConsole.Write(table);
    }

    private static void WriteEvaluation(MatchingEvaluationReport report)
    {
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"as of {report.AsOf:yyyy-MM-dd}, default weights")));
        foreach (var set in new[] { report.RuleLabelled, report.HandLabelled })
        {
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{set.Name}: {set.Cases} case(s), recall@5 {N(set.RecallAt5)}, nDCG@10 {N(set.NdcgAt10)} — {set.Rule}")));
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("requirement", "relevant", "recall@5", "nDCG@10", "top 5", "missed (not in top 10)");
            foreach (var c in set.Items)
            {
                table.AddRow(Markup.Escape(c.RequirementId), c.Relevant.ToString(CultureInfo.InvariantCulture), N(c.RecallAt5), N(c.NdcgAt10),
                    Markup.Escape(string.Join(", ", c.Top5)), Markup.Escape(string.Join(", ", c.Missed)));
            }
            AnsiConsole.Write(table);
        }
    }
}
