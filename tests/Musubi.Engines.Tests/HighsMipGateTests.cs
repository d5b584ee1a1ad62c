using Musubi.Engines.Optimization;
using Musubi.Engines.Optimization.Workshare;
using Musubi.Engines.Tests.Workshare;

namespace Musubi.Engines.Tests;

/// <summary>
/// HiGHS instances never overlap in the process (<see cref="HighsMip"/>'s gate): HiGHS 1.12's <c>Highs_destroy</c>
/// resets the process-wide task scheduler another thread's instance may be running on (ERGO-Code/HiGHS#3141). A second
/// instance waits until the first is disposed; two allocations at once both answer, within their limits' sum.
/// </summary>
[Collection(HighsCollection.Name), HighsTurn]
public sealed class HighsMipGateTests
{
    [Fact]
    public void ASecondInstance_WaitsUntilTheFirstIsDisposed_AndOneThreadMayHoldTwo()
    {
        var first = new HighsMip();
        using (new HighsMip())
        {
            // The same thread again: re-entrant, no wait.
        }
        using var created = new ManualResetEventSlim();
        // Threads, not tasks: the gate belongs to the thread that created the instance, and the test itself must not
        // leave its thread between creating and disposing the first.
        var other = new Thread(() =>
        {
            using var second = new HighsMip();
            created.Set();
        });
        other.Start();

        Assert.False(created.Wait(TimeSpan.FromMilliseconds(500)), "a second thread created an instance while the first was alive");
        first.Dispose();
        Assert.True(created.Wait(TimeSpan.FromSeconds(30)), "the second thread never got its instance");
        Assert.True(other.Join(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void TwoAllocationsAtOnce_BothAnswer()
    {
        var problem = WorkshareGenerator.Make(1, 200, 60, 4);
        var options = new WorkshareOptions(WorkshareMode.Integrated, TimeLimitSeconds: 3, Workers: 2);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var results = new WorkshareResult?[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() => results[i] = WorkshareAllocator.Allocate(problem, options))).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }
        Assert.All(threads, thread => Assert.True(thread.Join(TimeSpan.FromSeconds(60))));

        foreach (var result in results.Select(r => r!))
        {
            Assert.Contains(result.Status, new[] { "optimal", "feasible" });
            Assert.Equal(200, result.Allocation.Count);
        }
        // Each waits at most for the other's limit; the second's HiGHS gets what is left of its own.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }
}
