using System.Globalization;
using System.Runtime.InteropServices;
using SharpFuzz;

namespace Musubi.Fuzz;

/// <summary>
/// Fuzzing harnesses for the parsers a user can feed (docs/fuzzing.md).
/// <code>
/// Musubi.Fuzz TARGET                  run under afl-fuzz: one input per execution, on standard input
/// Musubi.Fuzz TARGET FILE|FOLDER...   replay inputs without AFL; prints every finding, exits 1 when there is one
/// Musubi.Fuzz --list                  the targets
/// </code>
/// </summary>
internal static class Program
{
    /// <summary>Inputs are cut to this size: a parser's bugs show on small inputs, and AFL keeps them small anyway.</summary>
    public const int MaxInputBytes = 1 << 20;

    public static int Main(string[] args)
    {
        if (args.Length == 1 && args[0] == "--list")
        {
            foreach (var t in Targets.All)
            {
                Console.WriteLine($"{t.Name,-14} {t.Description}");
            }
            return 0;
        }
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            Console.Error.WriteLine("usage: Musubi.Fuzz TARGET [FILE|FOLDER...]   (Musubi.Fuzz --list names the targets)");
            return 2;
        }
        var target = Targets.Find(args[0]);
        if (target is null)
        {
            Console.Error.WriteLine($"unknown target '{args[0]}'; targets: {string.Join(", ", Targets.All.Select(t => t.Name))}");
            return 2;
        }
        if (args.Length > 1)
        {
            return Replay(target, args[1..]);
        }
        // Setup (a database with the demo dataset, for the import targets) runs once, before the fork server answers
        // afl-fuzz (AFL_FORKSRV_INIT_TMOUT covers it); every input then runs in this process. An exception is a crash
        // and the run goes on; a hang or a stack overflow ends the process and afl-fuzz stops with the input in
        // .cur_input, which scripts/fuzz.sh saves as a finding.
        ScratchCoverageMap();
        target.Setup();
        WarmUp(target, Environment.GetEnvironmentVariable("MUSUBI_FUZZ_WARMUP"));
        Fuzzer.Run(stream => target.Run(ReadInput(stream)));
        return 0;
    }

    /// <summary>
    /// Instrumented code counts coverage in <c>Trace.SharedMem</c>, which <see cref="Fuzzer.Run(Action{Stream})"/>
    /// points at afl-fuzz's map. Setup and warm-up run instrumented code before that, so they count into a scratch map.
    /// </summary>
    private static unsafe void ScratchCoverageMap()
    {
        if (SharpFuzz.Common.Trace.SharedMem == null)
        {
            SharpFuzz.Common.Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(1 << 16);
        }
    }

    /// <summary>
    /// Runs the seeds once before afl-fuzz starts timing: the first run of each code path pays for JIT compilation,
    /// which would otherwise count against the first inputs' timeout. Findings are left to the fuzzing run.
    /// </summary>
    private static void WarmUp(IFuzzTarget target, string? folder)
    {
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The same input fails again under afl-fuzz, where it counts.
            }
        }
    }

    private static byte[] ReadInput(Stream stream)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[1 << 16];
        int read;
        while (memory.Length < MaxInputBytes && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, MaxInputBytes - memory.Length))) > 0)
        {
            memory.Write(buffer, 0, read);
        }
        return memory.ToArray();
    }

    private static int Replay(IFuzzTarget target, string[] paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith("README.txt", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                Console.Error.WriteLine($"{path}: no such file or folder");
                return 2;
            }
        }
        // A setup failure is the harness's, not a finding: say so once and stop.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        target.Setup();
        var setup = clock.Elapsed.TotalSeconds;
        var findings = 0;
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            try
            {
                target.Run(bytes.Length > MaxInputBytes ? bytes[..MaxInputBytes] : bytes);
            }
            catch (Exception ex)
            {
                findings++;
                Console.WriteLine($"FINDING {target.Name} {file}");
                Console.WriteLine(ex.ToString());
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{target.Name}: replayed {files.Count} input(s), {findings} finding(s) (setup {setup:0.0} s, inputs {clock.Elapsed.TotalSeconds - setup:0.0} s)"));
        return findings == 0 ? 0 : 1;
    }
}
