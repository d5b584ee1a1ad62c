using System.Collections.Frozen;
using System.Reflection;

namespace Musubi.Core;

/// <summary>ISO 3166-1 country codes, loaded from <c>data/world/countries.csv</c> (embedded).</summary>
public static class Countries
{
    private static readonly FrozenDictionary<string, (string Alpha3, string Name)> ByAlpha2;
    private static readonly FrozenDictionary<string, string> ByAlpha3;

    static Countries()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Musubi.Core.countries.csv")
            ?? throw new InvalidOperationException("countries.csv is not embedded");
        using var reader = new StreamReader(stream);
        var alpha2 = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.StartsWith("alpha2", StringComparison.Ordinal) || line.Length == 0)
            {
                continue;
            }
            var parts = line.Split(',', 3);
            alpha2[parts[0]] = (parts[1], parts[2].Trim('"'));
        }
        ByAlpha2 = alpha2.ToFrozenDictionary(StringComparer.Ordinal);
        ByAlpha3 = alpha2.ToFrozenDictionary(kv => kv.Value.Item1, kv => kv.Key, StringComparer.Ordinal);
    }

    public static bool IsAlpha2(string? code) => code is not null && ByAlpha2.ContainsKey(code);
    public static bool IsAlpha3(string? code) => code is not null && ByAlpha3.ContainsKey(code);

    /// <summary>The alpha-3 code for an alpha-2 code, or <c>null</c> when the code is unknown.</summary>
    public static string? ToAlpha3(string? alpha2) => alpha2 is not null && ByAlpha2.TryGetValue(alpha2, out var c) ? c.Alpha3 : null;

    public static string? ToAlpha2(string? alpha3) => alpha3 is not null && ByAlpha3.TryGetValue(alpha3, out var c) ? c : null;

    public static string NameOf(string alpha2) => ByAlpha2.TryGetValue(alpha2, out var c) ? c.Name : alpha2;

    public static IEnumerable<string> AllAlpha2 => ByAlpha2.Keys;
}
