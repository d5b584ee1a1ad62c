using Musubi.Engines.Optimization;

namespace Musubi.Engines.Tests;

/// <summary>
/// While a native solve runs, descriptor 1 is standard error (HiGHS 1.12 prints a debug line to standard output with its
/// output off, which broke the CLI's JSON); afterwards, and after nested solves, it is what it was.
/// </summary>
/// <remarks>
/// In the HiGHS collection, holding the process' turn: a HiGHS test beside it would redirect descriptor 1 for its own
/// solves, and "afterwards as before" would then depend on their timing.
/// </remarks>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class NativeStandardOutputTests
{
    private static string Target(int fd) => new FileInfo($"/proc/self/fd/{fd}").LinkTarget ?? "";

    [Fact]
    public void DuringASolve_DescriptorOneIsStandardError_AfterwardsAsBefore()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var before = Target(1);
        var errors = Target(2);

        var during = NativeStandardOutput.ToStandardError(() => Target(1));
        var nested = NativeStandardOutput.ToStandardError(() => (NativeStandardOutput.ToStandardError(() => Target(1)), Target(1)));

        Assert.Equal(errors, during);
        Assert.Equal((errors, errors), nested);
        Assert.Equal(before, Target(1));
        Assert.Throws<InvalidOperationException>(() => NativeStandardOutput.ToStandardError<int>(() => throw new InvalidOperationException("solver failed")));
        Assert.Equal(before, Target(1));
    }

    [Fact]
    public void AConsoleThatCannotFlush_StillRedirects_AndLeavesNothingRaised()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var before = Target(1);
        var errors = Target(2);
        var console = Console.Out;
        string during;
        try
        {
            Console.SetOut(new UnflushableWriter());
            during = NativeStandardOutput.ToStandardError(() => Target(1));
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.Equal(errors, during);
        Assert.Equal(before, Target(1));
        // Nothing was left counted: the next solve redirects and restores as usual.
        Assert.Equal(errors, NativeStandardOutput.ToStandardError(() => Target(1)));
        Assert.Equal(before, Target(1));
    }

    private sealed class UnflushableWriter : StringWriter
    {
        public override void Flush() => throw new IOException("the console's pipe is gone");
    }
}
