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

    private static void Enter()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        lock (Gate)
        {
            if (depth++ > 0)
            {
                return;
            }
            Console.Out.Flush();
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
            Console.Out.Flush();
            Native.fflush(IntPtr.Zero);
            Native.dup2(saved, 1);
            Native.close(saved);
            saved = -1;
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
