using System.Reflection;
using Xunit.Sdk;

namespace Musubi.Engines.Tests;

/// <summary>
/// The process' turn at HiGHS, for tests. The classes of <see cref="HighsCollection"/> take it for each test
/// (<see cref="HighsTurnAttribute"/>); the cbc cross-check, which runs beside them in a collection of its own, takes it
/// only around its allocations (<see cref="Run{T}"/>), so that cbc's solves of the exported models — most of that
/// check's time, on one core — overlap the other HiGHS tests instead of holding them up. An allocation's time limit
/// counts its wait for HiGHS (<c>HighsMip</c>'s gate), so no two allocations of different tests may overlap.
/// </summary>
public static class HighsTurn
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Runs <paramref name="solve"/>, which must not wait on anything but HiGHS, in the process' turn.</summary>
    public static T Run<T>(Func<T> solve)
    {
        Gate.Wait();
        try
        {
            return solve();
        }
        finally
        {
            Gate.Release();
        }
    }

    internal static void Take() => Gate.Wait();

    internal static void Give() => Gate.Release();
}

/// <summary>Each test of the class holds <see cref="HighsTurn"/> from before it starts until after it ends.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class HighsTurnAttribute : BeforeAfterTestAttribute
{
    public override void Before(MethodInfo methodUnderTest) => HighsTurn.Take();

    public override void After(MethodInfo methodUnderTest) => HighsTurn.Give();
}
