using Musubi.Testing;

namespace Musubi.Cli.Tests;

/// <summary>
/// The demo, loaded once per test run by <c>musubi demo load</c> into a template SQLite database, and handed to each
/// test that works over it as a copy of its own. A load is about 15 s of one core (the migrations of a new database,
/// the importer, the demo's priority requests and board subscriptions), and fifteen of them were a quarter or more of
/// this suite's processor time (ADR 0043); a copy takes milliseconds and holds exactly what the load wrote. The tests of
/// <c>demo load</c> itself (<see cref="CliTests"/>) still run the command on a database of their own.
/// </summary>
internal static class DemoDatabase
{
    private static readonly TempDirectory Folder = new("musubi-cli-demo-");
    private static readonly Lazy<Task<string>> Template = new(LoadAsync);

    static DemoDatabase() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Folder.Dispose();

    /// <summary>A new SQLite database in <paramref name="temp"/> holding the demo, as a <c>--db</c> value.</summary>
    public static async Task<string> NewAsync(TempDirectory temp)
    {
        var template = await Template.Value;
        var path = temp.NewPath(".db");
        var name = Path.GetFileName(template);
        // The file and what a load leaves beside it: a write-ahead log not yet checkpointed, an audit signing key. Not
        // the -shm index, which SQLite rebuilds from the log when the copy is first opened.
        foreach (var file in Directory.GetFiles(Folder.Path, name + "*"))
        {
            var suffix = Path.GetFileName(file)[name.Length..];
            if (suffix != "-shm")
            {
                File.Copy(file, path + suffix);
            }
        }
        return "sqlite:" + path;
    }

    private static async Task<string> LoadAsync()
    {
        var path = Folder.NewPath(".db");
        var load = await CliRunner.RunAsync("demo", "load", "--db", "sqlite:" + path);
        Assert.True(load.ExitCode == 0, $"demo load exited {load.ExitCode}: {load.Err}");
        return path;
    }
}
