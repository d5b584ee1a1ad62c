using System.Runtime.InteropServices;

namespace Musubi.Engines.Optimization;

/// <summary>
/// Keeps what native solvers print off the process's standard output. HiGHS 1.12 prints a debug line
/// (<c>HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();</c>) on some solves whatever its
/// <c>output_flag</c> says; C's stdio buffers it and writes it at exit, after the CLI's JSON answer, which then no
/// longer parses. While such a solve runs, file descriptor 1 is a copy of standard error, and C's buffers are flushed
/// before it is given back. The first of overlapping solves redirects and the last restores, so concurrent solves (the
/// web host) leave descriptor 1 as it was. Managed writes to the console in that window go to standard error too.
/// Linux only (elsewhere the solve runs as it is).
/// </summary>
internal static class NativeStandardOutput
{
    private const string LibC = "libc.so.6";
    private static readonly Lock Gate = new();
    private static int depth;
    private static int saved = -1;

    public static T ToStandardError<T>(Func<T> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Enter();
        try
        {
            return run();
        }
        finally
        {
            Leave();
        }
    }

    // Never throws, so that ToStandardError's count cannot be left raised with descriptor 1 unredirected: every solve
    // while any runs would then print to standard output. A redirect that failed (dup at the descriptor limit) is tried
    // again by the next solve to enter, not only when the count is back at zero.
    private static void Enter()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        lock (Gate)
        {
            depth++;
            if (saved >= 0)
            {
                return;
            }
            FlushManaged();
            var copy = Native.dup(1);
            if (copy < 0)
            {
                return;
            }
            if (Native.dup2(2, 1) < 0)
            {
                Native.close(copy);
                return;
            }
            saved = copy;
        }
    }

    private static void Leave()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        lock (Gate)
        {
            if (--depth > 0 || saved < 0)
            {
                return;
            }
            FlushManaged();
            Native.fflush(IntPtr.Zero);
            Native.dup2(saved, 1);
            Native.close(saved);
            saved = -1;
        }
    }

    // What managed code wrote before the switch goes where it was meant to; a console writer that cannot flush (its
    // stream closed, a pipe gone) must not stop the switch.
    private static void FlushManaged()
    {
        try
        {
            Console.Out.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    private static class Native
    {
        [DllImport(LibC, SetLastError = true)]
        public static extern int dup(int fd);

        [DllImport(LibC, SetLastError = true)]
        public static extern int dup2(int oldFd, int newFd);

        [DllImport(LibC, SetLastError = true)]
        public static extern int close(int fd);

        [DllImport(LibC)]
        public static extern int fflush(IntPtr stream);
    }
}
