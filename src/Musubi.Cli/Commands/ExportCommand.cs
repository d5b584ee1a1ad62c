using System.CommandLine;
using System.Globalization;
using Musubi.Core.Features.Export;
using Musubi.Core.Features.Registry;

namespace Musubi.Cli.Commands;

internal static class ExportCommand
{
    public static Command Build()
    {
        var to = new Option<string>("--to") { Description = "folder to write", Required = true };
        var format = new Option<string>("--format") { Description = "registry files as csv, json or xlsx (the package tables are always CSV)", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json", "xlsx");
        var command = new Command("export", "Export what the reader may see as files that ./musubi import reads back.") { to, format, CommonOptions.As };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct))
            {
                return ExitCodes.BadInput;
            }
            EnumText.TryParse<ExportFormat>(parse.GetValue(format), out var f);
            var report = await new ExportService(db).ExportAsync(parse.GetValue(to)!, f, ct);
            await AuditCommand.Trail(parse)!.AppendAsync(db, Core.Features.Audit.AuditTypes.Export, Core.Features.Audit.AuditOutcomes.Success,
                "export " + Path.GetFullPath(parse.GetValue(to)!), Core.Features.Audit.ExportAudit.Detail(report, f), ct);
            foreach (var (file, count) in report.Written)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{file}: {count:N0} records, {report.Markings[file]}"));
            }
            await Console.Out.WriteLineAsync($"Marking of the whole export (also in {ExportService.MarkingFile}): {report.Marking}");
            return ExitCodes.Success;
        });
        return command;
    }
}
