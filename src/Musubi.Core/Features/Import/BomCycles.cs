namespace Musubi.Core.Features.Import;

/// <summary>Finds a cycle in a bill of materials: part → the parts its offers consume.</summary>
internal static class BomCycles
{
    /// <summary>
    /// Returns one cycle as a list of part ids (first = last), or null when the graph is acyclic.
    /// Iterative depth-first search, so a BOM millions of edges deep cannot overflow the stack.
    /// </summary>
    public static List<string>? FindCycle(IReadOnlyDictionary<string, List<string>> consumes)
    {
        var state = new Dictionary<string, byte>(consumes.Count, StringComparer.Ordinal); // 1 = on stack, 2 = done
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var stack = new Stack<(string Node, int Next)>();
        foreach (var root in consumes.Keys)
        {
            if (state.ContainsKey(root))
            {
                continue;
            }
            stack.Push((root, 0));
            state[root] = 1;
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                var children = consumes.TryGetValue(node, out var c) ? c : null;
                if (children is null || next >= children.Count)
                {
                    state[node] = 2;
                    continue;
                }
                stack.Push((node, next + 1));
                var child = children[next];
                if (!state.TryGetValue(child, out var s))
                {
                    state[child] = 1;
                    parent[child] = node;
                    stack.Push((child, 0));
                }
                else if (s == 1)
                {
                    var cycle = new List<string> { child };
                    for (var at = node; at != child; at = parent[at])
                    {
                        cycle.Add(at);
                    }
                    cycle.Add(child);
                    cycle.Reverse();
                    return cycle;
                }
            }
        }
        return null;
    }
}
