using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Registry;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary><c>musubi registry list|show KIND</c>: the registry as tables, JSON or CSV, read through the access policy.</summary>
internal static class RegistryCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonRecords.Options) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>How one kind lists and shows: columns for the table view, and JSON for everything else.</summary>
    private sealed record View(
        Func<AppDbContext, ListQuery, CancellationToken, Task<(IReadOnlyList<object> Items, int Total, Dictionary<string, string[]> Errors)>> List,
        Func<AppDbContext, string, CancellationToken, Task<object?>> Show,
        string[] Columns,
        Func<object, string[]> Row);

    private static View Of<TEntity, TRecord>(RegistryResource<TEntity, TRecord> resource, string[] columns, Func<TRecord, string[]> row)
        where TEntity : MarkedEntity where TRecord : MarkedRecord => new(
        async (db, q, ct) =>
        {
            var errors = resource.Check(q);
            if (errors.Count > 0)
            {
                return ([], 0, errors);
            }
            var page = await resource.ListAsync(db, q, ct);
            return ([.. page.Items.Cast<object>()], page.Total, errors);
        },
        async (db, id, ct) => await resource.FindAsync(db, id, ct) is { } e ? resource.ToRecord(e) : null,
        columns,
        o => row((TRecord)o));

    private static string Name(List<NameRecord>? names) => names?.FirstOrDefault(n => n.Primary)?.Value ?? names?.FirstOrDefault()?.Value ?? "";
    private static string Ja(List<NameRecord>? names) => names?.FirstOrDefault(n => n.Lang == "ja")?.Value ?? "";
    private static string Banner(MarkedRecord r) => string.IsNullOrEmpty(r.Marking) ? "" : r.Marking + (r.NeedToKnow is null ? "" : " [" + r.NeedToKnow + "]");
    private static string F(decimal? d) => d?.ToString(CultureInfo.InvariantCulture) ?? "";
    private static string F(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static readonly Dictionary<string, View> Views = new(StringComparer.Ordinal)
    {
        ["organizations"] = Of(RegistryCatalog.Organizations, ["id", "name", "name_ja", "country", "kind", "marking"],
            r => [r.Id!, Name(r.Names), Ja(r.Names), r.Country!, r.Kind!, Banner(r)]),
        ["facilities"] = Of(RegistryCatalog.Facilities, ["id", "organization", "name", "country", "region", "marking"],
            r => [r.Id!, r.OrganizationId!, r.Name!, r.Country!, r.Region ?? "", Banner(r)]),
        ["capabilities"] = Of(RegistryCatalog.Capabilities, ["id", "facility", "capability", "actual/mo", "max/mo", "illustrative", "marking"],
            r => [r.Id!, r.FacilityId!, r.CapabilityCode!, F(r.ActualPerMonth), F(r.MaxPerMonth), r.Illustrative ? "yes" : "", Banner(r)]),
        ["parts"] = Of(RegistryCatalog.Parts, ["id", "name", "end item", "weapon", "usml", "eccn", "marking"],
            r => [r.Id!, r.Name!, r.EndItem ? "yes" : "", r.Weapon ? "yes" : "", r.Usml ?? "", r.Eccn ?? "", Banner(r)]),
        ["programs"] = Of(RegistryCatalog.Programs, ["id", "name", "kind", "partners", "marking"],
            r => [r.Id!, Name(r.Names), r.Kind!, string.Join(" ", (r.Partners ?? []).Select(p => p.Country + (p.CostShare is { } s ? " " + s.ToString("P0", CultureInfo.InvariantCulture) : ""))), Banner(r)]),
        ["requirements"] = Of(RegistryCatalog.Requirements, ["id", "program", "title", "need by", "funding", "path", "marking"],
            r => [r.Id!, r.ProgramId ?? "", r.Title?.En ?? "", F(r.NeedBy), r.FundingStatus!, r.ContractingPath!, Banner(r)]),
        ["agreements"] = Of(RegistryCatalog.Agreements, ["id", "kind", "title", "parties", "signed", "marking"],
            r => [r.Id!, r.Kind!, r.Title?.En ?? "", string.Join(" ", r.Parties ?? []), F(r.SignedOn), Banner(r)]),
    };

    public static Command Build()
    {
        var kind = new Argument<string>("kind") { Description = string.Join(", ", Views.Keys) };
        kind.AcceptOnlyFromAmong([.. Views.Keys]);
        var search = new Option<string?>("--search", "-q") { Description = "search names and ids" };
        var country = new Option<string?>("--country") { Description = "ISO 3166-1 alpha-2" };
        var kindFilter = new Option<string?>("--kind") { Description = "organization kind, program kind, funding status, agreement kind…" };
        var program = new Option<string?>("--program") { Description = "program id (requirements, agreements)" };
        var sort = new Option<string?>("--sort") { Description = "field to sort by; '-field' for descending" };
        var page = new Option<int>("--page") { DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List records the reader may see.")
        {
            kind, search, country, kindFilter, program, sort, page, pageSize, CommonOptions.As, CommonOptions.Format,
        };
        list.SetAction(async (parse, ct) =>
        {
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct))
            {
                return ExitCodes.BadInput;
            }
            var view = Views[parse.GetValue(kind)!];
            var query = new ListQuery
            {
                Search = parse.GetValue(search),
                Country = parse.GetValue(country),
                Kind = parse.GetValue(kindFilter),
                Program = parse.GetValue(program),
                Sort = parse.GetValue(sort),
                Page = parse.GetValue(page),
                PageSize = parse.GetValue(pageSize),
            };
            var (items, total, errors) = await view.List(db, query, ct);
            if (errors.Count > 0)
            {
                foreach (var (field, messages) in errors)
                {
                    await Console.Error.WriteLineAsync($"--{Values.Snake(field).Replace('_', '-')}: {string.Join("; ", messages)}");
                }
                return ExitCodes.BadInput;
            }
            await WriteAsync(parse.GetValue(CommonOptions.Format)!, view.Columns, view.Row, items);
            if (parse.GetValue(CommonOptions.Format) == "table")
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{items.Count} of {total} (page {query.Page})"));
            }
            return ExitCodes.Success;
        });

        var showKind = new Argument<string>("kind") { Description = string.Join(", ", Views.Keys) };
        showKind.AcceptOnlyFromAmong([.. Views.Keys]);
        var id = new Argument<string>("id");
        var show = new Command("show", "Show one record as JSON.") { showKind, id, CommonOptions.As };
        show.SetAction(async (parse, ct) =>
        {
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct))
            {
                return ExitCodes.BadInput;
            }
            var record = await Views[parse.GetValue(showKind)!].Show(db, parse.GetValue(id)!, ct);
            if (record is null)
            {
                await Console.Error.WriteLineAsync($"{parse.GetValue(showKind)} '{parse.GetValue(id)}' does not exist or you may not read it");
                return ExitCodes.Failure;
            }
            if (record is MarkedRecord { Marking: { Length: > 0 } banner } && AuditCommand.Trail(parse) is { } trail && trail.Log.Options.AuditMarkedReads)
            {
                // As on the API and the pages: reading a marked record is recorded (who ran it, and as whom).
                await trail.AppendAsync(db, Core.Features.Audit.AuditTypes.RecordRead, Core.Features.Audit.AuditOutcomes.Success,
                    $"{parse.GetValue(showKind)}/{parse.GetValue(id)}",
                    JsonSerializer.Serialize(new { marking = banner, @as = parse.GetValue(CommonOptions.As) }), ct);
            }
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(record, record.GetType(), Json));
            return ExitCodes.Success;
        });

        var principals = new Command("principals", "List the accounts (demo mode: the seeded demo accounts).") { CommonOptions.Format };
        principals.SetAction(async (parse, ct) =>
        {
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            if (db is null)
            {
                return ExitCodes.BadInput;
            }
            var rows = await db.Principals.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
            string[] columns = ["id", "name", "nationality", "roles", "programs (active today)", "cui", "federal", "disabled"];
            await WriteAsync(parse.GetValue(CommonOptions.Format)!, columns,
                o => o is Core.Features.Access.Principal p
                    ? [p.Id, p.Name, p.Nationality ?? "", string.Join(" ", p.Roles), string.Join(" ", p.ProgramsOn(DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime))),
                        p.CuiAccess ? "yes" : "", p.Federal ? "yes" : "", p.Disabled ? "yes" : ""]
                    : [],
                [.. rows.Select(p => (object)p)], rows.Select(p => (object)p.ToRecord()).ToList());
            return ExitCodes.Success;
        });

        return new Command("registry", "Read the registry: organizations, facilities, capabilities, parts, programs, requirements, agreements.")
        {
            list, show, principals,
        };
    }

    private static async Task WriteAsync(string format, string[] columns, Func<object, string[]> row, IReadOnlyList<object> items, IReadOnlyList<object>? jsonItems = null)
    {
        switch (format)
        {
            case "json":
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(jsonItems ?? items, Json));
                break;
            case "csv":
                await using (var csv = new CsvWriter(Console.Out, CultureInfo.InvariantCulture, leaveOpen: true))
                {
                    foreach (var c in columns)
                    {
                        csv.WriteField(c);
                    }
                    await csv.NextRecordAsync();
                    foreach (var item in items)
                    {
                        foreach (var cell in row(item))
                        {
                            csv.WriteField(Values.Escape(cell));
                        }
                        await csv.NextRecordAsync();
                    }
                }
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var c in columns)
                {
                    table.AddColumn(Markup.Escape(c));
                }
                foreach (var item in items)
                {
                    table.AddRow([.. row(item).Select(Markup.Escape)]);
                }
                AnsiConsole.Write(table);
                break;
        }
    }
}
