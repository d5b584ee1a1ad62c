using System.Runtime.InteropServices;

namespace Musubi.Engines.Screening;

/// <summary>Builds the arrays of a <see cref="ScreeningIndex"/>: analysis in parallel, then interning and CSR tables.</summary>
internal static class IndexBuilder
{
    public static ScreeningIndex.Built Build(ScreeningEntity[] entities, NameAnalyzer analyzer, int degreeOfParallelism)
    {
        var entityIndex = new Dictionary<string, int>(entities.Length, StringComparer.Ordinal);
        for (var i = 0; i < entities.Length; i++)
        {
            if (!entityIndex.TryAdd(entities[i].Id, i))
            {
                throw new ArgumentException($"entity id '{entities[i].Id}' appears twice", nameof(entities));
            }
        }

        var analyzed = new AnalyzedName[entities.Length][];
        Parallel.For(
            0,
            entities.Length,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, degreeOfParallelism) },
            i =>
            {
                var e = entities[i];
                var names = new AnalyzedName[e.Names.Count];
                for (var n = 0; n < names.Length; n++)
                {
                    names[n] = analyzer.Analyze(e.Names[n].Value, e.Names[n].Kind, e.Countries);
                }
                analyzed[i] = names;
            });

        // Sizes, then one pass that interns keys and fills the form arrays.
        long formCount = 0;
        long tokenCount = 0;
        var nameCount = 0;
        foreach (var names in analyzed)
        {
            nameCount += names.Length;
            foreach (var a in names)
            {
                formCount += a.Forms.Length;
                foreach (var f in a.Forms)
                {
                    tokenCount += f.Keys.Length;
                }
            }
        }
        var formStart = new int[entities.Length + 1];
        var tokenStart = new int[formCount + 1];
        var formKind = new FormKind[formCount];
        var formName = new short[formCount];
        var tokens = new int[tokenCount];
        var keyIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var keyList = new List<string>();
        var df = new List<int>();
        var lastEntity = new List<int>();
        var weak = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var ids = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var form = 0;
        var token = 0;
        for (var e = 0; e < entities.Length; e++)
        {
            formStart[e] = form;
            var names = analyzed[e];
            for (var n = 0; n < names.Length; n++)
            {
                var a = names[n];
                if (a.Kind == NameKind.WeakAlias && a.Compact.Length > 0)
                {
                    Add(weak, a.Compact, e);
                }
                foreach (var f in a.Forms)
                {
                    tokenStart[form] = token;
                    formKind[form] = f.Kind;
                    formName[form] = (short)Math.Min(n, short.MaxValue);
                    foreach (var k in f.Keys)
                    {
                        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(keyIds, k, out var exists);
                        if (!exists)
                        {
                            id = keyList.Count;
                            keyList.Add(k);
                            df.Add(0);
                            lastEntity.Add(-1);
                        }
                        if (lastEntity[id] != e)
                        {
                            lastEntity[id] = e;
                            df[id]++;
                        }
                        tokens[token++] = id;
                    }
                    form++;
                }
            }
            foreach (var identifier in entities[e].Identifiers)
            {
                Add(ids, ScreeningIndex.IdentifierKey(identifier), e);
            }
            analyzed[e] = null!; // let the analysis go as soon as it is interned
        }
        formStart[entities.Length] = form;
        tokenStart[formCount] = token;

        // Postings: key → entities, each entity once per key.
        var keyCount = keyList.Count;
        var postingStart = new int[keyCount + 1];
        for (var k = 0; k < keyCount; k++)
        {
            postingStart[k + 1] = postingStart[k] + df[k];
        }
        var postings = new int[postingStart[keyCount]];
        var fill = new int[keyCount];
        lastEntity.Clear();
        var seen = new int[keyCount];
        Array.Fill(seen, -1);
        for (var e = 0; e < entities.Length; e++)
        {
            for (var t = tokenStart[formStart[e]]; t < tokenStart[formStart[e + 1]]; t++)
            {
                var k = tokens[t];
                if (seen[k] != e)
                {
                    seen[k] = e;
                    postings[postingStart[k] + fill[k]++] = e;
                }
            }
        }

        // Adjacent key pairs of every form: selective where single keys are common ("china aerospace", 航天 天科).
        var pairIds = new Dictionary<long, int>();
        var pairDf = new List<int>();
        var pairLast = new List<int>();
        var entityPairs = new List<int>[entities.Length];
        for (var e = 0; e < entities.Length; e++)
        {
            List<int>? mine = null;
            for (var f = formStart[e]; f < formStart[e + 1]; f++)
            {
                for (var t = tokenStart[f]; t + 1 < tokenStart[f + 1]; t++)
                {
                    ref var pid = ref CollectionsMarshal.GetValueRefOrAddDefault(pairIds, ScreeningIndex.PairKey(tokens[t], tokens[t + 1]), out var exists);
                    if (!exists)
                    {
                        pid = pairDf.Count;
                        pairDf.Add(0);
                        pairLast.Add(-1);
                    }
                    if (pairLast[pid] != e)
                    {
                        pairLast[pid] = e;
                        pairDf[pid]++;
                        (mine ??= []).Add(pid);
                    }
                }
            }
            entityPairs[e] = mine!;
        }
        var pairStart = new int[pairDf.Count + 1];
        for (var k = 0; k < pairDf.Count; k++)
        {
            pairStart[k + 1] = pairStart[k] + pairDf[k];
        }
        var pairPostings = new int[pairStart[^1]];
        var pairFill = new int[pairDf.Count];
        for (var e = 0; e < entities.Length; e++)
        {
            if (entityPairs[e] is { } mine)
            {
                foreach (var pid in mine)
                {
                    pairPostings[pairStart[pid] + pairFill[pid]++] = e;
                }
            }
        }

        // Trigrams of the Latin vocabulary, for typo-tolerant lookups.
        var trigramIds = new Dictionary<long, int>();
        var trigramCounts = new List<int>();
        var keyTrigrams = new List<(int Trigram, int Key)>();
        for (var k = 0; k < keyCount; k++)
        {
            var key = keyList[k];
            if (key.Length < 4 || NameAnalyzer.IsCjkKey(key))
            {
                continue;
            }
            foreach (var g in ScreeningIndex.Trigrams(key).Distinct())
            {
                ref var tid = ref CollectionsMarshal.GetValueRefOrAddDefault(trigramIds, g, out var exists);
                if (!exists)
                {
                    tid = trigramCounts.Count;
                    trigramCounts.Add(0);
                }
                trigramCounts[tid]++;
                keyTrigrams.Add((tid, k));
            }
        }
        var trigramStart = new int[trigramCounts.Count + 1];
        for (var t = 0; t < trigramCounts.Count; t++)
        {
            trigramStart[t + 1] = trigramStart[t] + trigramCounts[t];
        }
        var trigramKeys = new int[trigramStart[^1]];
        var trigramFill = new int[trigramCounts.Count];
        foreach (var (t, k) in keyTrigrams)
        {
            trigramKeys[trigramStart[t] + trigramFill[t]++] = k;
        }

        var weights = new float[keyCount];
        for (var k = 0; k < keyCount; k++)
        {
            weights[k] = (float)NameScorer.WeightOf(keyList[k]);
        }

        return new ScreeningIndex.Built
        {
            KeyIds = keyIds,
            Keys = [.. keyList],
            KeyWeights = weights,
            KeyDf = [.. df],
            FormStart = formStart,
            TokenStart = tokenStart,
            FormKind = formKind,
            FormName = formName,
            Tokens = tokens,
            PostingStart = postingStart,
            Postings = postings,
            TrigramIds = trigramIds,
            TrigramStart = trigramStart,
            TrigramKeys = trigramKeys,
            WeakAliases = weak.ToDictionary(kv => kv.Key, kv => kv.Value.Distinct().ToArray(), StringComparer.Ordinal),
            Identifiers = ids.ToDictionary(kv => kv.Key, kv => kv.Value.Distinct().ToArray(), StringComparer.Ordinal),
            EntityIndex = entityIndex,
            PairIds = pairIds,
            PairStart = pairStart,
            PairPostings = pairPostings,
            NameCount = nameCount,
        };

        static void Add(Dictionary<string, List<int>> map, string key, int e)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }
            list.Add(e);
        }
    }
}
