using Musubi.Engines.Optimization;

namespace Musubi.Engines.Tests;

/// <summary>
/// While a native solve runs, descriptor 1 is standard error (HiGHS 1.12 prints a debug line to standard output with its
/// output off, which broke the CLI's JSON); afterwards, and after nested solves, it is what it was.
/// </summary>
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
}
