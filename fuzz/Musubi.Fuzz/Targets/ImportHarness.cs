using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Demo;
using Musubi.Core.Features.Import;

namespace Musubi.Fuzz;

/// <summary>
/// Runs one file through the real importer (<see cref="ImportService"/>, dry run) against a SQLite database that holds
/// the demo dataset, so that references, stored markings and the bill-of-materials checks are reached as in a real
/// import. Then checks what every import promises, whatever the file holds:
/// <list type="bullet">
/// <item>it answers with a report, never an exception;</item>
/// <item>a dry run stays a dry run; success means no errors, failure means at least one listed error;</item>
/// <item>every error is one line <c>file:line:field: message</c> of bounded length, naming this file, a line inside it and a field;</item>
/// <item>no message leaks .NET type names (System.…, Nullable`1): users are told what was expected in the file's terms.</item>
/// </list>
/// </summary>
internal sealed partial class ImportHarness
{
    private readonly string _root;
    private readonly DbContextOptions<AppDbContext> _options;

    public ImportHarness()
    {
        // afl-fuzz ends the harness with SIGKILL, so ProcessExit never runs under it: scripts/fuzz.sh names a folder
        // (MUSUBI_FUZZ_WORK) inside the one it removes when done.
        var parent = Environment.GetEnvironmentVariable("MUSUBI_FUZZ_WORK");
        _root = parent is { Length: > 0 }
            ? Directory.CreateDirectory(Path.Combine(parent, "harness-" + Environment.ProcessId)).FullName
            : Directory.CreateTempSubdirectory("musubi-fuzz-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(_root);
        var file = Path.Combine(_root, "fuzz.db");
        _options = DatabaseTarget.Sqlite(file).Options();
        // MUSUBI_FUZZ_DB names a prepared copy, so that scripts/fuzz.sh loads the demo once for all targets.
        var template = Environment.GetEnvironmentVariable("MUSUBI_FUZZ_DB");
        if (template is { Length: > 0 } && File.Exists(template))
        {
            File.Copy(template, file);
            return;
        }
        using (var db = NewContext())
        {
            // The schema the product runs on: the same migrations, not a schema made from the model.
            DatabaseSetup.MigrateAsync(db).GetAwaiter().GetResult();
            var demo = DemoData.LoadAsync(db, TimeProvider.System, DatabaseSetup.DataDirectory).GetAwaiter().GetResult();
            if (!demo.Succeeded)
            {
                throw new InvalidOperationException("the demo dataset did not load: " + string.Join("; ", demo.Errors.Take(5)));
            }
        }
        if (template is { Length: > 0 })
        {
            // Copied whole, then renamed: scripts/fuzz.sh runs targets side by side, and another import target may look
            // for the template while this one writes it.
            SqliteConnection.ClearAllPools();
            var partial = template + "." + Environment.ProcessId + ".partial";
            File.Copy(file, partial, overwrite: true);
            File.Move(partial, template, overwrite: true);
        }
    }

    private AppDbContext NewContext() => new(_options, TimeProvider.System) { Scope = AccessScope.System };

    /// <summary>Imports <paramref name="input"/> saved as <paramref name="relativePath"/> (its name tells the importer the kind).</summary>
    public ImportReport Import(byte[] input, string relativePath)
    {
        var path = Path.Combine(_root, "in", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, input);
        ImportReport report;
        using (var db = NewContext())
        {
            var service = new ImportService(db, TimeProvider.System);
            report = service.ImportAsync([path], new ImportOptions { DryRun = true, MaxFileBytes = Program.MaxInputBytes })
                .GetAwaiter().GetResult();
        }
        Check(report, input, Path.GetFileName(path));
        return report;
    }

    [GeneratedRegex(@"^(?<file>[^:]+):(?<line>[0-9]+):(?<field>[^\r\n]+?): (?<message>[^\r\n]+)$")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"^\.\.\. and [0-9]+ more errors$")]
    private static partial Regex MoreLine();

    // The file's own values are quoted ('…') in messages and may contain anything, "`1" and quotes included (a value
    // with a quote in it defeated '[^']*'): from the first quote to the last is the user's text; only the rest counts.
    // A message cut at its length limit (ending in '…') may have lost the value's closing quote: the user's text then
    // runs to the end (surge-plan: a quoted cell of 350 lines holding ' and `2 was cut after "'1' stock`26,…").
    [GeneratedRegex("'.*(?:'|…$)", RegexOptions.Singleline)]
    private static partial Regex QuotedValue();

    [GeneratedRegex(@"System\.[A-Z]|`[0-9]|Nullable")]
    private static partial Regex DotNetTypeName();

    /// <summary>File, line, field and message at their longest (<see cref="ErrorSink.OneLine"/>).</summary>
    internal const int MaxErrorLength = ErrorSink.MaxFileLength + 20 + ErrorSink.MaxFieldLength + ErrorSink.MaxMessageLength + 4;

    private static void Check(ImportReport report, byte[] input, string fileName)
    {
        if (!report.DryRun)
        {
            throw new InvariantViolation("a dry run came back as a real import");
        }
        if (report.Succeeded != (report.ErrorCount == 0) || report.Errors.Count > report.ErrorCount + 1
            || (report.ErrorCount > 0 && report.Errors.Count == 0) || (report.ErrorCount == 0 && report.Errors.Count > 0))
        {
            throw new InvariantViolation($"error count {report.ErrorCount} disagrees with the {report.Errors.Count} listed errors");
        }
        var lastLine = PhysicalLines(input) + 1;
        foreach (var error in report.Errors)
        {
            if (MoreLine().IsMatch(error))
            {
                continue;
            }
            if (error.Length > MaxErrorLength)
            {
                throw new InvariantViolation($"error is {error.Length} characters long, over {MaxErrorLength}: {Show(error)}");
            }
            var m = ErrorLine().Match(error);
            if (!m.Success)
            {
                throw new InvariantViolation($"error is not one 'file:line:field: message' line: {Show(error)}");
            }
            if (m.Groups["file"].Value != fileName)
            {
                throw new InvariantViolation($"error names another file than {fileName}: {Show(error)}");
            }
            if (!long.TryParse(m.Groups["line"].Value, out var line) || line > lastLine)
            {
                throw new InvariantViolation($"error points past the end of the file ({lastLine} lines): {Show(error)}");
            }
            if (NamesDotNetTypes(m.Groups["message"].Value))
            {
                throw new InvariantViolation($"error message names .NET types: {Show(error)}");
            }
        }
    }

    /// <summary>A message without the file's own values, which it quotes ('…'): what is left is the program's text.</summary>
    internal static string WithoutQuotedValues(string message) => QuotedValue().Replace(message, "''");

    /// <summary>Whether a message names .NET types outside the file's own values.</summary>
    internal static bool NamesDotNetTypes(string message) => DotNetTypeName().IsMatch(WithoutQuotedValues(message));

    /// <summary>Lines as a user's editor counts them: LF, CRLF and a lone CR each end one.</summary>
    internal static long PhysicalLines(byte[] input)
    {
        long lines = 0;
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] == '\n' || (input[i] == '\r' && (i + 1 == input.Length || input[i + 1] != '\n')))
            {
                lines++;
            }
        }
        return lines;
    }

    /// <summary>The first 300 characters of a text for a finding's message.</summary>
    internal static string Show(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>Deletes a scratch folder, ignoring what cannot be deleted.</summary>
    internal static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
