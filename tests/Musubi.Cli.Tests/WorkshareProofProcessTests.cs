using System.Diagnostics;
using System.Globalization;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Cli.Tests;

/// <summary>
/// The built <c>musubi</c> as the workshare allocator's cutoff-proof child (ADR 0030), started the way the allocator
/// starts it: the model on its standard input, its lines on standard output. And the internal argument typed by hand.
/// </summary>
public sealed class WorkshareProofProcessTests
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "musubi.dll");

    private static Process Start()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        start.ArgumentList.Add(WorkshareProofProcess.Command);
        start.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(start)!;
    }

    [Fact]
    public async Task Child_ProvesTheOptimumOfASmallProgram()
    {
        // Two packages of $100: "a" only to us1 (U.S., factor 1.1), the U.S. capped at $120, so "b" goes to jp1 and
        // the a–b interface (weight 2, λ = 5) crosses the border: optimum $210 + $10 = $220.
        var problem = new WorkshareProblem("demo", [new("US", 0.5), new("JP", 0.5)], 0.1,
            [new("a", "Seeker", 100, [], "kv", ["US"]), new("b", "b", 100, [])],
            [new("us1", "US One", "US", [], 500, 1.1), new("jp1", "jp1", "JP", [])],
            [new("a", "b", 2)]);
        var options = new WorkshareOptions(WorkshareMode.Integrated, Lambda: 5, Mu: 0, TimeLimitSeconds: 30, Workers: 2);
        var setup = new WorkshareSetup(problem, options);
        var model = new WorkshareModel(setup, WorkshareMode.Integrated, explain: false, leafBorders: true);
        var highs = new WorkshareHighsModel(model);

        using var process = Start();
        var stderr = process.StandardError.ReadToEndAsync();
        using (var writer = new BinaryWriter(process.StandardInput.BaseStream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            // A first cutoff 50% above the LP, not fitted (ADR 0042), past the optimum: the child finds the optimum and proves it.
            WorkshareProofProcess.Write(writer, highs, 20, 0.5, fit: false);
        }
        // The child answers, then waits for its input to close.
        var lines = new List<string>();
        while (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) is { } line && line != "done")
        {
            lines.Add(line);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        _ = await stderr;

        // The cutoff announced, then the outcome.
        Assert.Equal(2, lines.Count);
        var trying = lines[0].Split(' ');
        Assert.Equal("trying", trying[0]);
        var (cutoff, lp) = (double.Parse(trying[1], CultureInfo.InvariantCulture), double.Parse(trying[3], CultureInfo.InvariantCulture));
        Assert.Equal(0.5, (cutoff - lp) / Math.Abs(lp), 9);
        var words = lines[1].Split(' ');
        Assert.Equal("optimal", words[0]);
        var usd = highs.Unscale(double.Parse(words[1], CultureInfo.InvariantCulture)) * (double)model.ObjectiveUnitUsd;
        Assert.Equal(220, usd, 6);
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public async Task TypedByHand_ExitsTwoAndSaysWhatItIs()
    {
        using var process = Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync("hello");
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("done", (await stdout).Trim());
        var error = await stderr;
        Assert.Contains("not a command", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
