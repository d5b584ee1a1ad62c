using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Musubi.Engines.Optimization.Workshare;

/// <summary>
/// The workshare allocator's cutoff proof in a process of its own (ADR 0030). A second HiGHS cannot run beside the
/// allocator's in one process (HiGHS 1.12, ERGO-Code/HiGHS#3141; <see cref="HighsMip"/>), so a host that can start
/// itself again opts in with <see cref="Enable"/> at startup and answers <see cref="Command"/> with
/// <see cref="RunChild"/>. Hosts that do not (the test runners) keep SCIP's bound beside the search (ADR 0027).
/// </summary>
public static class WorkshareProofProcess
{
    /// <summary>The argument with which the host runs as the proof's child (never typed by a user).</summary>
    public const string Command = "__workshare-cutoff-proof";

    private const int Magic = 0x4D575350; // "MWSP"

    /// <summary>The program and leading arguments that start this host as the child; null until <see cref="Enable"/>.</summary>
    internal static string[]? Launch { get; set; }

    /// <summary>
    /// Lets allocations in this process run the proof as a child: the host runs again with <see cref="Command"/> as its
    /// only argument (through <c>dotnet exec</c> when it was started by the <c>dotnet</c> host).
    /// </summary>
    public static void Enable()
    {
        var process = Environment.ProcessPath;
        var entry = Assembly.GetEntryAssembly()?.Location;
        if (string.IsNullOrEmpty(process) || string.IsNullOrEmpty(entry))
        {
            return;
        }
        Launch = string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.Ordinal)
            ? [process, "exec", entry, Command]
            : [process, Command];
    }

    /// <summary>
    /// The child's side: reads the model from <paramref name="input"/> (as <see cref="WorkshareCutoffProof"/> writes it),
    /// solves its LP relaxation, adds the row objective ≤ LP + margin × |LP| (the cutoff; with the input's fit flag, the
    /// margin is the most, and the first cutoff the one <see cref="FittedMargin"/> expects this machine to prove in the
    /// time), tells HiGHS the cutoff as its
    /// objective bound too (<see cref="ObjectiveBound"/>), and runs HiGHS on one thread for the time given. Each cutoff
    /// proven, it raises the margin by between a tenth and a quarter, as far as the time left allows
    /// (<see cref="NextMargin"/>), and runs again. It writes a line to <paramref name="output"/> for each outcome, with
    /// the LP's value: <c>trying C lp L</c> as it sets out to prove cutoff C, <c>proven C lp L</c> (no allocation costs less than C), <c>optimal V lp L</c> (HiGHS found the
    /// optimum, V, below the cutoff) or <c>bound B lp L</c> (time ran out with no allocation below B), in HiGHS' scaled
    /// units; then <c>done</c>. Exits when the parent closes its input.
    /// </summary>
    /// <param name="input">The model, then held open by the parent until it no longer needs the answer.</param>
    /// <param name="output">Where the lines go.</param>
    /// <param name="error">Where a malformed input is reported (someone typed the argument by hand).</param>
    public static int RunChild(Stream input, TextWriter output, TextWriter error) => Run(input, output, error, exitWhenInputCloses: true);

    /// <summary><see cref="RunChild"/>, and in tests without ending the process when the input closes.</summary>
    internal static int Run(Stream input, TextWriter output, TextWriter error, bool exitWhenInputCloses)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return Prove(input, output, exitWhenInputCloses);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            error.WriteLine($"{Command} is the workshare allocator's own worker, started by it with a model on standard input (ADR 0030); it is not a command: {e.Message}");
            output.WriteLine("done");
            return 2;
        }
    }

    private static int Prove(Stream input, TextWriter output, bool exitWhenInputCloses)
    {
        var clock = Stopwatch.StartNew();
        using var reader = new BinaryReader(input, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException("the input does not begin with the model's mark");
        }
        var seconds = reader.ReadDouble();
        var margin = reader.ReadDouble();
        var fit = reader.ReadBoolean();
        var absoluteGap = reader.ReadDouble();
        var cost = ReadDoubles(reader);
        var colLower = ReadDoubles(reader);
        var colUpper = ReadDoubles(reader);
        var rowLower = ReadDoubles(reader);
        var rowUpper = ReadDoubles(reader);
        var start = ReadInts(reader);
        var index = ReadInts(reader);
        var elements = ReadDoubles(reader);
        var integrality = ReadInts(reader);
        if (exitWhenInputCloses)
        {
            // The parent closes the pipe when it has its answer or has gone: then there is nothing left to prove for.
            var watch = new Thread(() =>
            {
                try
                {
                    while (input.ReadByte() != -1)
                    {
                    }
                }
                catch (IOException)
                {
                }
                Environment.Exit(0);
            })
            { IsBackground = true, Name = "workshare proof: parent watch" };
            watch.Start();
        }

        using var highs = new HighsMip();
        highs.PassMinimize(cost, colLower, colUpper, rowLower, rowUpper, start, index, elements, integrality);
        highs.Set("threads", 1);
        highs.Set("mip_rel_gap", 0.0);
        highs.Set("mip_abs_gap", absoluteGap);
        ForProof(highs);
        highs.Set("solve_relaxation", true);
        highs.Set("time_limit", Math.Max(0.1, seconds - clock.Elapsed.TotalSeconds));
        var relaxation = Stopwatch.StartNew();
        if (highs.Run() != HighsMip.StatusOptimal)
        {
            output.WriteLine("done");
            output.Flush();
            return 0;
        }
        var lp = Objective(cost, highs.Solution(cost.Length));
        // Each cutoff proven, the next is as much higher as the time left allows (NextMargin), until the time runs out or
        // the cutoff passes the optimum.
        var columns = Enumerable.Range(0, cost.Length).Where(j => cost[j] != 0).ToArray();
        var row = -1;
        highs.Set("solve_relaxation", false);
        var current = fit ? FittedMargin(margin, relaxation.Elapsed.TotalSeconds, seconds - clock.Elapsed.TotalSeconds) : margin;
        while (true)
        {
            var cutoff = lp + current * Math.Abs(lp);
            var began = clock.Elapsed.TotalSeconds;
            if (row < 0)
            {
                row = highs.AddRow(double.NegativeInfinity, cutoff, columns, [.. columns.Select(j => cost[j])]);
            }
            else
            {
                highs.ChangeRowBounds(row, double.NegativeInfinity, cutoff);
            }
            var left = seconds - clock.Elapsed.TotalSeconds;
            if (left < 0.5)
            {
                break;
            }
            highs.Set("time_limit", left);
            highs.Set("objective_bound", ObjectiveBound(cutoff, absoluteGap));
            Report(output, "trying", cutoff, lp);
            var status = highs.Run();
            if (status == HighsMip.StatusInfeasible)
            {
                Report(output, "proven", cutoff, lp);
                var now = clock.Elapsed.TotalSeconds;
                current = NextMargin(current, now - began, seconds - now);
                continue;
            }
            if (status == HighsMip.StatusOptimal && highs.HasSolution)
            {
                Report(output, "optimal", Objective(cost, highs.Solution(cost.Length)), lp);
            }
            else if (double.IsFinite(highs.DualBound))
            {
                Report(output, "bound", Math.Min(cutoff, highs.DualBound), lp);
            }
            break;
        }
        output.WriteLine("done");
        output.Flush();
        return 0;
    }

    /// <summary>
    /// The margin of the next cutoff once one at <paramref name="margin"/> was proven in <paramref name="took"/> seconds
    /// with <paramref name="left"/> seconds left (ADR 0032): between a tenth and a quarter more. A proof's time rises
    /// steeply with its cutoff — on the benchmark's program in integrated mode, alone on a core, about as the margin's
    /// 2.6th power (10.6 s at 0.50% above the LP, 17.8 s at 0.61%, 33.8 s at 0.78%; ADRs 0030 and 0031) — so within
    /// those limits the next margin is the one whose proof would take 80% of the time left by that rule. A proof that does
    /// not end in time leaves only its dual bound, often below the last cutoff, which is why a fixed quarter step failed on
    /// a slower machine. The floor is there because the rule comes from one program: in blend mode it would have stopped
    /// the child where a tenth more was proven. A step that is not proven costs nothing but the child's time.
    /// </summary>
    internal static double NextMargin(double margin, double took, double left) =>
        margin * Math.Clamp(Math.Pow(0.8 * Math.Max(left, 0) / Math.Max(took, 0.1), 1 / 2.6), 1.1, 1.25);

    /// <summary>
    /// The first cutoff's margin fitted to the machine (blend mode, ADR 0042): the margin whose proof is expected to take
    /// <see cref="FitShare"/> of the <paramref name="left"/> seconds, at most <paramref name="most"/> and at least <see cref="LeastFitted"/>.
    /// The LP relaxation's time, <paramref name="lpSeconds"/>, measured in the child as it ran beside the allocation,
    /// stands for the machine's speed: on the benchmark's program in blend mode the proof of 0.8% above the LP took
    /// <see cref="FitRatio"/> times as long as the relaxation in the same run (23 s after a 2.7-s relaxation), and a
    /// proof's time rose about as the margin's <see cref="FitExponent"/>th power (alone on a core, 0.6% in 6.4 s, 0.7% in
    /// 14.5 s, 0.8% in 22.6 s on one machine; 0.8% in 10.1 s and 0.9% in 15.0 s on a faster one). A fixed 0.9% was
    /// proven by 17.5 s on the faster machine and not in the limit on the slower, which then had only HiGHS' dual bound,
    /// 0.38% above the LP. A cutoff not proven leaves that; one set too low costs only its distance below the optimum.
    /// </summary>
    internal static double FittedMargin(double most, double lpSeconds, double left) =>
        Math.Clamp(FitMargin * Math.Pow(FitShare * Math.Max(left, 0) / (FitRatio * Math.Max(lpSeconds, 0.01)), 1 / FitExponent), Math.Min(LeastFitted, most), most);

    /// <summary>
    /// The share of the time left that the fitted proof is expected to take: 40%. Beside the search its time varied
    /// widely: with 80%, three of eight paired runs did not prove it in the limit; with a half, eight of eight did (by
    /// 15.9–19.1 s), but in the next nine runs one did not and others took up to 24.5 s of the 28 (ADR 0042).
    /// </summary>
    internal const double FitShare = 0.4;

    /// <summary>The margin whose proof time <see cref="FitRatio"/> gives in LP-relaxation times (ADR 0042).</summary>
    internal const double FitMargin = 0.008;

    /// <summary>How many of the LP relaxation's times the proof of <see cref="FitMargin"/> took (ADR 0042).</summary>
    internal const double FitRatio = 8.5;

    /// <summary>How steeply a proof's time rises with its margin: as the margin to this power (ADR 0042).</summary>
    internal const double FitExponent = 3.5;

    /// <summary>The lowest fitted margin: below it a cutoff adds little to HiGHS' own bound (ADR 0042).</summary>
    internal const double LeastFitted = 0.002;

    /// <summary>
    /// HiGHS' options for a cutoff proof. Its primal heuristics are off: they look for allocations, and below the cutoff
    /// there are none unless it has passed the optimum (which branching then finds). On the benchmark's program they took
    /// half the root's time: the proof at 0.5% above the LP went from 13.6 s to 10–12 s alone on a core, at 0.6% from
    /// 22.6 s to 17.8 s (ADR 0031). Its restarts are off: with the cutoff as its objective bound (<see
    /// cref="ObjectiveBound"/>), HiGHS restarts after the root's reduced-cost fixings, and each restart solves the root
    /// again. With the bound and without restarts the proofs took a quarter to more than half less time than with the row
    /// alone; with restarts, anywhere from half as long to longer (ADR 0039).
    /// </summary>
    internal static void ForProof(HighsMip highs)
    {
        highs.Set("mip_heuristic_effort", 0.0);
        foreach (var heuristic in (string[])["feasibility_jump", "rins", "rens", "root_reduced_cost", "zi_round", "shifting"])
        {
            highs.Set("mip_heuristic_run_" + heuristic, false);
        }
        highs.Set("mip_allow_restart", false);
    }

    /// <summary>
    /// HiGHS' <c>objective_bound</c> for the proof of <paramref name="cutoff"/> (ADR 0039). The row objective ≤ cutoff
    /// is a constraint like any other to HiGHS, so with the row alone it fixes no column by its reduced cost (the row
    /// cuts a node off only by making its LP infeasible); told the cutoff as its objective bound, it does, at the root
    /// and in strong branching. The bound is set a little above the row — by the model's gap tolerance (just under one
    /// unit) and a billionth — so that it only prunes what the row rules out: the row alone decides what is proven.
    /// </summary>
    internal static double ObjectiveBound(double cutoff, double absoluteGap) => cutoff + absoluteGap + (1e-9 * Math.Abs(cutoff));

    private static void Report(TextWriter output, string outcome, double value, double lp)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outcome} {value:R} lp {lp:R}"));
        output.Flush();
    }

    private static double Objective(double[] cost, double[] values)
    {
        var sum = 0.0;
        for (var j = 0; j < cost.Length; j++)
        {
            sum += cost[j] * values[j];
        }
        return sum;
    }

    internal static void Write(BinaryWriter writer, WorkshareHighsModel model, double seconds, double margin, bool fit = false)
    {
        writer.Write(Magic);
        writer.Write(seconds);
        writer.Write(margin);
        writer.Write(fit);
        writer.Write(model.AbsoluteGap);
        WriteDoubles(writer, model.ScaledCost);
        WriteDoubles(writer, model.ColLower);
        WriteDoubles(writer, model.ColUpper);
        WriteDoubles(writer, model.RowLower);
        WriteDoubles(writer, model.RowUpper);
        WriteInts(writer, model.Start);
        WriteInts(writer, model.Index);
        WriteDoubles(writer, model.Elements);
        WriteInts(writer, model.Integrality);
        writer.Flush();
    }

    private static void WriteDoubles(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (var v in values)
        {
            writer.Write(v);
        }
    }

    private static void WriteInts(BinaryWriter writer, int[] values)
    {
        writer.Write(values.Length);
        foreach (var v in values)
        {
            writer.Write(v);
        }
    }

    private static int Length(BinaryReader reader) =>
        reader.ReadInt32() is var length and >= 0 and <= 1 << 26 ? length : throw new InvalidDataException("an array's length is out of range");

    private static double[] ReadDoubles(BinaryReader reader)
    {
        var values = new double[Length(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadDouble();
        }
        return values;
    }

    private static int[] ReadInts(BinaryReader reader)
    {
        var values = new int[Length(reader)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadInt32();
        }
        return values;
    }
}

/// <summary>
/// The parent's side of the cutoff proof (ADR 0030): starts the child (<see cref="WorkshareProofProcess"/>) with the
/// allocator's model as HiGHS takes it, and reads its lines as they come. The child proves, on a core of its own, that
/// no allocation costs less than its LP bound plus <see cref="Margin"/> (then higher cutoffs, as far as the time left allows);
/// the allocator's HiGHS meanwhile runs its root and the neighbourhood search as before. Anything that goes wrong (no
/// host to start, the child fails or is late) leaves no bound, and the allocator's other bounds stand.
/// </summary>
internal sealed class WorkshareCutoffProof : IDisposable
{
    /// <summary>
    /// How far above its LP bound the child sets its first cutoff, as a fraction of the LP's value: 0.6%, a little over
    /// half the 1% target, so that an allocation within about 1.5% of the LP is within 1% of the proven bound. On
    /// two cores in integrated mode that cutoff is the bound (the annealing takes the child's core once it is proven,
    /// ADR 0034), and the proof is all or nothing, its time rising steeply with the cutoff: so the margin is as high as
    /// is proven early. It was 0.5% (ADR 0030), then 0.55% (ADR 0034; 0.6% was proven later, leaving the annealing less
    /// time). With the cutoff as HiGHS' objective bound and no restarts (ADR 0039), the benchmark's program, alone on one
    /// core, proves 0.55% and 0.6% above the LP in 7.8 s (10.6 s and 18.3 s before), 0.65% in 10.9 s; beside the
    /// annealing and the search 0.6% was proven by 10.6 s.
    /// </summary>
    public static double Margin { get; set; } = 0.006;

    /// <summary>
    /// The most the first cutoff's margin may be in blend mode, where it is fitted to the machine
    /// (<see cref="WorkshareProofProcess.FittedMargin"/>, ADR 0042): 0.9%. There the optimum lies further above the LP bound — on the
    /// benchmark's program at least 1.2% above it, proven in a 41-s run alone on a core (ADR 0039) — and each later
    /// cutoff is a new proof from the root, so the first cutoff is the bound: from 0.8% (ADR 0038) the next, 0.88%, was
    /// not proven by the limit. With the cutoff as HiGHS' objective bound (ADR 0039), alone on a core: 0.8% in 10.1 s,
    /// 0.9% in 15.0 s, 1.0% in 27.9 s; beside the search 0.9% was proven by 17.4–17.7 s in traced runs, and in every
    /// paired run, while 0.95% and 1.0% were not proven by the limit. On a machine about half as fast, 0.9% was not
    /// proven in the limit, which is why it is now the most (ADR 0042).
    /// </summary>
    public static double BlendMargin { get; set; } = 0.009;

    /// <summary>The first cutoff's margin for <paramref name="mode"/>: <see cref="BlendMargin"/> in blend mode, <see cref="Margin"/> otherwise.</summary>
    public static double MarginFor(WorkshareMode mode) => mode == WorkshareMode.Blend ? BlendMargin : Margin;

    /// <summary>
    /// Whether the first cutoff is fitted to the machine (<see cref="WorkshareProofProcess.FittedMargin"/>): in blend mode,
    /// where the first cutoff is the bound and its proof takes most of the limit (ADR 0042). In integrated mode the
    /// first cutoff is proven in about a third of the limit and then gives its core back to the annealing (ADR 0034).
    /// </summary>
    public static bool FitsFor(WorkshareMode mode) => FitBlend && mode == WorkshareMode.Blend;

    /// <summary>Whether blend mode's first cutoff is fitted (on by default; the benchmark can switch it off to try a fixed margin).</summary>
    public static bool FitBlend { get; set; } = true;

    private readonly Process process;
    private readonly WorkshareHighsModel model;
    private readonly Task reading;
    private readonly Task<string> errors;
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource firstProven = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private readonly Stopwatch since = Stopwatch.StartNew();
    private readonly Lock closing = new();
    private (string Outcome, double Units, double LpUnits)? best;
    private bool closed;

    private WorkshareCutoffProof(Process process, WorkshareHighsModel model)
    {
        this.process = process;
        this.model = model;
        reading = Task.Run(ReadAsync);
        // Drained so that the child never blocks on a full pipe; not shown.
        errors = process.StandardError.ReadToEndAsync();
    }

    /// <summary>The child's best outcome in the model's units, once <see cref="Finish"/> has run (for the answer's solver note).</summary>
    public (string Outcome, double Units, double LpUnits)? Result { get; private set; }

    /// <summary>Completes when the child reports its first proven cutoff, or has gone without one.</summary>
    public Task FirstProven => firstProven.Task;

    /// <summary>Seconds from the child's start to its first proven cutoff, as the parent read it (null until then).</summary>
    public double? FirstProvenSeconds { get; private set; }

    /// <summary>The first cutoff's margin above the child's LP bound, once the child has set out to prove it (null until then).</summary>
    public double? FirstMargin { get; private set; }

    private async Task ReadAsync()
    {
        try
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words is ["done"])
                {
                    break;
                }
                if (words is [var outcome and ("trying" or "proven" or "optimal" or "bound"), var value, "lp", var lp]
                    && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var scaled)
                    && double.TryParse(lp, NumberStyles.Float, CultureInfo.InvariantCulture, out var lpScaled))
                {
                    var units = model.Unscale(scaled);
                    if (outcome == "trying")
                    {
                        // Not a bound: the first cutoff's margin, for the answer's note.
                        FirstMargin ??= (units - model.Unscale(lpScaled)) / Math.Max(1, Math.Abs(model.Unscale(lpScaled)));
                        continue;
                    }
                    lock (gate)
                    {
                        if (best is null || units > best.Value.Units)
                        {
                            best = (outcome, units, model.Unscale(lpScaled));
                        }
                    }
                    if (outcome == "proven")
                    {
                        FirstProvenSeconds ??= since.Elapsed.TotalSeconds;
                        firstProven.TrySetResult();
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The child went away: what it reported stands.
        }
        finally
        {
            done.TrySetResult();
            firstProven.TrySetResult();
        }
    }

    /// <summary>
    /// Starts the child for <paramref name="seconds"/>, its first cutoff <paramref name="margin"/> above the LP bound
    /// (<see cref="Margin"/> when not given); null when this host cannot, or the time is too short to be worth it.
    /// </summary>
    public static WorkshareCutoffProof? Start(WorkshareHighsModel model, double seconds, double? margin = null, bool fit = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (WorkshareProofProcess.Launch is not { } launch || seconds < 3)
        {
            return null;
        }
        var info = new ProcessStartInfo(launch[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in launch.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }
        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
        if (process is null)
        {
            return null;
        }
        var proof = new WorkshareCutoffProof(process, model);
        try
        {
            using var writer = new BinaryWriter(process.StandardInput.BaseStream, System.Text.Encoding.UTF8, leaveOpen: true);
            WorkshareProofProcess.Write(writer, model, seconds, margin ?? Margin, fit);
            return proof;
        }
        catch (IOException)
        {
            // The child went before it had the model: stop it and its readers.
            proof.Dispose();
            return null;
        }
    }

    /// <summary>
    /// <see cref="Start"/> after <paramref name="delay"/>, for the time <paramref name="seconds"/> gives then, from
    /// <paramref name="margin"/>; nothing when
    /// <paramref name="cancel"/> comes first. <see cref="Started"/> takes the outcome.
    /// </summary>
    public static Task<WorkshareCutoffProof?> StartAfter(WorkshareHighsModel model, TimeSpan delay, Func<double> seconds, double margin, bool fit, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(seconds);
        if (WorkshareProofProcess.Launch is null)
        {
            return Task.FromResult<WorkshareCutoffProof?>(null);
        }
        return Task.Run(async () =>
        {
            await Task.Delay(delay, cancel).ConfigureAwait(false);
            return Start(model, seconds(), margin, fit);
        }, cancel);
    }

    /// <summary>The proof <paramref name="start"/> started (waiting for it), or null when it was cancelled first or started none.</summary>
    public static WorkshareCutoffProof? Started(Task<WorkshareCutoffProof?>? start)
    {
        if (start is null)
        {
            return null;
        }
        try
        {
            return start.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Waits up to <paramref name="grace"/> for the child's last line, then stops it; returns its highest bound in the
    /// model's units (−∞ when it has none).
    /// </summary>
    public double Finish(TimeSpan grace)
    {
        lock (closing)
        {
            if (!closed)
            {
                done.Task.Wait(grace);
                Close();
                lock (gate)
                {
                    Result = best;
                }
            }
            return Result?.Units ?? double.NegativeInfinity;
        }
    }

    /// <summary>Stops the child now, keeping what it has reported (<see cref="Finish"/> then returns it).</summary>
    public void Stop() => Finish(TimeSpan.Zero);

    private void Close()
    {
        closed = true;
        try
        {
            // The child exits when its input closes.
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        if (!process.WaitForExit(500))
        {
            Kill(process);
        }
    }

    private static void Kill(Process? process)
    {
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    public void Dispose()
    {
        if (!closed)
        {
            Close();
        }
        try
        {
            Task.WaitAll([reading, errors], TimeSpan.FromSeconds(1));
        }
        catch (AggregateException)
        {
            // The child's standard error could not be read to its end: nothing was to be shown from it.
        }
        process.Dispose();
    }
}
