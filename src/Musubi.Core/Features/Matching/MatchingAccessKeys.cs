using Musubi.Core.Features.Access;

namespace Musubi.Core.Features.Matching;

/// <summary>
/// The matcher's access keys for supplier records: each key stands for a set of markings (an organization's and its
/// facility's together, a capability's, the records a past engagement comes from), and a reader may see a keyed record
/// when the access policy lets them read every marking of the set. Keys start at <see cref="Base"/> so that they never
/// collide with the board's keys for requirements (<c>BoardIndexCache</c>, which starts at 0): one
/// <c>Func&lt;int, bool&gt;</c> can then answer for both indexes in reverse matching.
/// </summary>
public sealed class MatchingAccessKeys
{
    /// <summary>The first supplier key; the board's requirement keys are below it.</summary>
    public const int Base = 1 << 24;

    private readonly Dictionary<string, int> _bySignature = new(StringComparer.Ordinal);
    private readonly List<Marking[]> _sets = [];

    /// <summary>How many distinct marking sets have keys.</summary>
    public int Count => _sets.Count;

    /// <summary>The key of the set of <paramref name="markings"/> (unmarked ones are left out; none → the "unmarked" key).</summary>
    public int KeyOf(params Marking?[] markings)
    {
        var marked = markings.Where(m => m is { IsUnmarked: false }).Select(m => m!).ToList();
        var signature = string.Join("\n", marked.Select(Signature).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        if (!_bySignature.TryGetValue(signature, out var index))
        {
            index = _sets.Count;
            _sets.Add([.. marked]);
            _bySignature[signature] = index;
        }
        return Base + index;
    }

    /// <summary>Whether <paramref name="key"/> is one of these keys.</summary>
    public bool Owns(int key) => key >= Base && key - Base < _sets.Count;

    /// <summary>
    /// Which keys a reader with <paramref name="scope"/> may see, decided once per key set with
    /// <see cref="AccessPolicy.CanRead"/>; a key that is not one of these is not visible.
    /// </summary>
    public Func<int, bool> CanSeeFor(AccessScope scope)
    {
        if (scope.Unrestricted)
        {
            return Owns;
        }
        var visible = new bool[_sets.Count];
        for (var i = 0; i < visible.Length; i++)
        {
            visible[i] = _sets[i].All(m => AccessPolicy.CanRead(scope, m));
        }
        return key => key >= Base && key - Base < visible.Length && visible[key - Base];
    }

    private static string Signature(Marking m) =>
        string.Join('\u001f', m.Cui ? "1" : "0", m.Categories, m.NoForn ? "1" : "0", m.RelTo, m.FedOnly ? "1" : "0", m.DisplayOnly, m.NeedToKnow ?? "");
}
