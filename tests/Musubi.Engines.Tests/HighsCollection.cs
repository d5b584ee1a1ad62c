namespace Musubi.Engines.Tests;

/// <summary>
/// The test classes that solve with HiGHS. They run one after another, not side by side: the process has one HiGHS
/// instance at a time (<c>HighsMip</c>'s gate, ADR 0025), and an allocation's time limit counts the wait for it, so a
/// class that holds the instance for seconds would leave another's allocation too little time to prove its optimum
/// (the cbc cross-check once stopped a 27-package program at its limit that way). Each test also takes
/// <see cref="HighsTurn"/>, which the cbc cross-check, outside the collection, takes around its own allocations.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HighsCollection
{
    public const string Name = "HiGHS";
}
