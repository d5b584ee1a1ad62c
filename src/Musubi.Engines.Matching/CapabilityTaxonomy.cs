namespace Musubi.Engines.Matching;

/// <summary>
/// The capability taxonomy as a forest: each term has at most one broader term. Answers how two codes relate
/// (exact, broader, narrower) and which codes sit under or above a code.
/// </summary>
public sealed class CapabilityTaxonomy
{
    private readonly Dictionary<string, CapabilityTerm> terms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> ancestors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> children = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<string>> narrowerCache = new(StringComparer.Ordinal);

    /// <summary>Builds the taxonomy.</summary>
    /// <param name="terms">Every term, in any order.</param>
    /// <exception cref="MatchingInputException">A blank or duplicate code, an unknown parent, or a cycle (field <c>terms[i]</c>).</exception>
    public CapabilityTaxonomy(IEnumerable<CapabilityTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var i = 0;
        foreach (var term in terms)
        {
            if (term is null || string.IsNullOrWhiteSpace(term.Code))
            {
                throw new MatchingInputException($"terms[{i}].code", "A capability term needs a code.");
            }

            if (!this.terms.TryAdd(term.Code, term))
            {
                throw new MatchingInputException($"terms[{i}].code", $"Capability code '{term.Code}' appears twice.");
            }

            i++;
        }

        i = 0;
        foreach (var term in this.terms.Values)
        {
            if (term.ParentCode is not null)
            {
                if (!this.terms.ContainsKey(term.ParentCode))
                {
                    throw new MatchingInputException($"terms[{i}].parentCode", $"Capability '{term.Code}' names an unknown parent '{term.ParentCode}'.");
                }

                if (!children.TryGetValue(term.ParentCode, out var list))
                {
                    children[term.ParentCode] = list = [];
                }

                list.Add(term.Code);
            }

            i++;
        }

        foreach (var list in children.Values)
        {
            list.Sort(StringComparer.Ordinal);
        }

        foreach (var term in this.terms.Values)
        {
            var chain = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal) { term.Code };
            var parent = term.ParentCode;
            while (parent is not null)
            {
                if (!seen.Add(parent))
                {
                    throw new MatchingInputException("terms", $"Capability '{term.Code}' is its own ancestor (a cycle through '{parent}').");
                }

                chain.Add(parent);
                parent = this.terms[parent].ParentCode;
            }

            ancestors[term.Code] = [.. chain];
        }
    }

    /// <summary>Number of terms.</summary>
    public int Count => terms.Count;

    /// <summary>Every term, ordered by code (ordinal).</summary>
    public IReadOnlyList<CapabilityTerm> Terms => [.. terms.Values.OrderBy(t => t.Code, StringComparer.Ordinal)];

    /// <summary>Whether the code is in the taxonomy.</summary>
    public bool Contains(string code) => code is not null && terms.ContainsKey(code);

    /// <summary>The term with this code, or null.</summary>
    public CapabilityTerm? Find(string code) => code is not null && terms.TryGetValue(code, out var term) ? term : null;

    /// <summary>How a supplier's code stands to a requirement's code.</summary>
    /// <returns><see cref="CapabilityRelation.Exact"/> for the same code; <see cref="CapabilityRelation.Broader"/> when the
    /// supplier's code is an ancestor of the requirement's; <see cref="CapabilityRelation.Narrower"/> when it is a
    /// descendant; otherwise <see cref="CapabilityRelation.None"/> (also for codes outside the taxonomy).</returns>
    public CapabilityRelation Relate(string supplierCode, string requirementCode)
    {
        if (supplierCode is null || requirementCode is null)
        {
            return CapabilityRelation.None;
        }

        if (string.Equals(supplierCode, requirementCode, StringComparison.Ordinal))
        {
            return CapabilityRelation.Exact;
        }

        if (ancestors.TryGetValue(requirementCode, out var up) && Array.IndexOf(up, supplierCode) >= 0)
        {
            return CapabilityRelation.Broader;
        }

        if (ancestors.TryGetValue(supplierCode, out var supplierUp) && Array.IndexOf(supplierUp, requirementCode) >= 0)
        {
            return CapabilityRelation.Narrower;
        }

        return CapabilityRelation.None;
    }

    /// <summary>The code and every descendant, the code first, then depth-first in code order. A code outside the taxonomy yields just itself.</summary>
    public IReadOnlyList<string> SelfAndNarrower(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        lock (narrowerCache)
        {
            if (narrowerCache.TryGetValue(code, out var cached))
            {
                return cached;
            }
        }

        var result = new List<string>();
        var stack = new Stack<string>();
        stack.Push(code);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            result.Add(current);
            if (children.TryGetValue(current, out var kids))
            {
                for (var k = kids.Count - 1; k >= 0; k--)
                {
                    stack.Push(kids[k]);
                }
            }
        }

        IReadOnlyList<string> answer = result;
        lock (narrowerCache)
        {
            narrowerCache[code] = answer;
        }

        return answer;
    }

    /// <summary>The code and every ancestor, nearest first. A code outside the taxonomy yields just itself.</summary>
    public IReadOnlyList<string> SelfAndBroader(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (!ancestors.TryGetValue(code, out var up))
        {
            return [code];
        }

        var result = new string[up.Length + 1];
        result[0] = code;
        Array.Copy(up, 0, result, 1, up.Length);
        return result;
    }
}
