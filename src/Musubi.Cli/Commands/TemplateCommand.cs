using System.CommandLine;
using Musubi.Core.Features.Export;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Registry;

namespace Musubi.Cli.Commands;

internal static class TemplateCommand
{
    public static Command Build()
    {
        var kind = new Argument<string>("kind") { Description = "organizations, facilities, capabilities, requirements, agreements (programs: json only)" };
        kind.AcceptOnlyFromAmong("organizations", "facilities", "capabilities", "requirements", "agreements", "programs");
        var format = new Option<string>("--format") { Description = "csv, xlsx or json", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json", "xlsx");
        var output = new Option<string?>("--out") { Description = "file to write (default: KIND.FORMAT here)" };
        var command = new Command("template", "Write an empty import template for a kind of record.") { kind, format, output };
        command.SetAction(async (parse, ct) =>
        {
            var k = Enum.Parse<ImportKind>(parse.GetValue(kind)!, ignoreCase: true);
            EnumText.TryParse<ExportFormat>(parse.GetValue(format), out var f);
            if (k == ImportKind.Programs && f != ExportFormat.Json)
            {
                await Console.Error.WriteLineAsync("--format: programs have nested partners, phases and work packages: use --format json");
                return ExitCodes.BadInput;
            }
            var path = parse.GetValue(output) ?? $"{parse.GetValue(kind)}.{parse.GetValue(format)}";
            ExportService.WriteTemplate(k, f, path);
            await Console.Out.WriteLineAsync($"wrote {path}");
            return ExitCodes.Success;
        });
        return command;
    }
}
