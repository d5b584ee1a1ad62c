using Xunit;
using Xunit.Abstractions;

namespace Musubi.Testing;

/// <summary>
/// Marks a test class (or a collection's definition) whose tests take long: about <see cref="Seconds"/> seconds alone
/// on 2 cores, a figure used only to order the collections (<see cref="LongRunningFirst"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RunsLongAttribute(int seconds) : Attribute
{
    public int Seconds { get; } = seconds;
}

/// <summary>
/// Starts the longest test collections first. xUnit runs as many collections at once as it has threads (2 on CI's 2
/// cores) and starts the next when one ends, in this order; the default order is arbitrary, and a long collection
/// started near the end ran alone on one core for a minute (ADR 0047). Longest first leaves the short ones to fill in.
/// Collections without <see cref="RunsLongAttribute"/> follow in the order xUnit gave.
/// </summary>
public sealed class LongRunningFirst : ITestCollectionOrderer
{
    public const string TypeName = "Musubi.Testing.LongRunningFirst";
    public const string AssemblyName = "Musubi.Testing";

    private const string PerClassPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderByDescending(Seconds);

    private static int Seconds(ITestCollection collection)
    {
        var type = collection.CollectionDefinition;
        if (type is null && collection.DisplayName.StartsWith(PerClassPrefix, StringComparison.Ordinal))
        {
            var name = collection.DisplayName[PerClassPrefix.Length..];
            // The display name may carry an id after the class name.
            var end = name.IndexOf(' ', StringComparison.Ordinal);
            type = collection.TestAssembly.Assembly.GetType(end < 0 ? name : name[..end]);
        }
        var attribute = type?.GetCustomAttributes(typeof(RunsLongAttribute).AssemblyQualifiedName).FirstOrDefault();
        return attribute?.GetConstructorArguments().FirstOrDefault() is int seconds ? seconds : 0;
    }
}
