using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Musubi.Engines.Transfers;

/// <summary>
/// Reads one case from UTF-8 contract JSON in a single forward pass (<see cref="Utf8JsonReader"/>, no document), for
/// bulk work such as re-evaluating saved checks after a rule change. It accepts exactly the cases
/// <see cref="TransferCaseReader"/> accepts and returns the same case: it handles a well-formed, valid case itself and
/// hands anything else — a problem, a duplicate key, an escaped property name, malformed JSON — to
/// <see cref="TransferCaseReader.Read"/>, so problems are reported by that one reader, word for word.
/// </summary>
public static class TransferCaseFastReader
{
    /// <summary>
    /// The case in <paramref name="utf8Json"/> (one JSON object), or null with the problems added to
    /// <paramref name="problems"/>; dates must fall between 1967-01-01 and <paramref name="latest"/> (if given).
    /// </summary>
    public static TransferCase? ReadCase(ReadOnlySpan<byte> utf8Json, RuleSet rules, DateOnly? latest, List<CaseProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(problems);
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 16 });
            if (TryCase(ref reader, rules, latest) is { } c && !reader.Read())
            {
                return c;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            // Malformed JSON or invalid UTF-8: the full reader says where.
        }
        return Slow(utf8Json, rules, latest, problems);
    }

    private static TransferCase? Slow(ReadOnlySpan<byte> utf8Json, RuleSet rules, DateOnly? latest, List<CaseProblem> problems)
    {
        var read = TransferCaseReader.Read(Encoding.UTF8.GetString(utf8Json), rules, latest);
        if (read.Problems.Count > 0)
        {
            problems.AddRange(read.Problems);
            return null;
        }
        if (read.WasArray)
        {
            problems.Add(new CaseProblem("case", "expected one JSON object (a case), not an array"));
            return null;
        }
        return read.Cases[0];
    }

    // Keys of a case and of its item, as bits, to refuse duplicates (TransferCaseReader decides what those mean).
    private const int KId = 1, KDate = 2, KFrom = 4, KTo = 8, KItem = 16, KChannel = 32, KRecipient = 64, KValue = 128, KPurpose = 256, KFacts = 512;

    /// <summary>The case when the input is a valid one this reader handles; null to defer to the full reader.</summary>
    private static TransferCase? TryCase(ref Utf8JsonReader r, RuleSet rules, DateOnly? latest)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        var seen = 0;
        string? id = null, from = null, to = null, channel = null, recipient = null, purpose = null;
        DateOnly? date = null;
        decimal? value = null;
        TransferItem? item = null;
        IReadOnlyDictionary<string, bool> facts = TransferCase.EmptyFacts;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueIsEscaped)
            {
                return null;
            }
            var key = Key(r.ValueSpan);
            if (key == 0 || (seen & key) != 0)
            {
                return null;
            }
            seen |= key;
            r.Read();
            if (r.TokenType == JsonTokenType.Null)
            {
                if (key is KDate or KFrom or KTo or KItem)
                {
                    return null;
                }
                continue;
            }
            var ok = key switch
            {
                KId => Text(ref r, 200, out id),
                KDate => Date(ref r, latest, out date),
                KFrom => Country(ref r, rules, out from),
                KTo => Country(ref r, rules, out to),
                KItem => Item(ref r, rules, out item),
                KChannel => Enum(ref r, TransferVocabulary.Channels, out channel),
                KRecipient => Enum(ref r, TransferVocabulary.Recipients, out recipient),
                KValue => Number(ref r, 0, 1e13m, out value),
                KPurpose => Enum(ref r, TransferVocabulary.Purposes, out purpose),
                _ => Facts(ref r, rules, out facts),
            };
            if (!ok)
            {
                return null;
            }
        }
        if (r.TokenType != JsonTokenType.EndObject || date is null || from is null || to is null || item is null)
        {
            return null;
        }
        // The consistency checks of TransferCaseReader.ReadCase: any that fails is reported by it.
        if (TransferCaseReader.Contradictions(from, to, purpose, item).Any())
        {
            return null;
        }
        return new TransferCase
        {
            Id = id,
            Date = date.Value,
            From = from,
            To = to,
            Item = item,
            Channel = channel,
            Recipient = recipient,
            ValueUsd = value,
            Purpose = purpose,
            Facts = facts,
        };
    }

    private static int Key(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("id"u8) => KId,
        _ when name.SequenceEqual("date"u8) => KDate,
        _ when name.SequenceEqual("from"u8) => KFrom,
        _ when name.SequenceEqual("to"u8) => KTo,
        _ when name.SequenceEqual("item"u8) => KItem,
        _ when name.SequenceEqual("channel"u8) => KChannel,
        _ when name.SequenceEqual("recipient"u8) => KRecipient,
        _ when name.SequenceEqual("valueUsd"u8) => KValue,
        _ when name.SequenceEqual("purpose"u8) => KPurpose,
        _ when name.SequenceEqual("facts"u8) => KFacts,
        _ => 0,
    };

    private static readonly byte[][] ItemKeys =
    [
        "name"u8.ToArray(), "kind"u8.ToArray(), "weapon"u8.ToArray(), "category"u8.ToArray(), "origin"u8.ToArray(),
        "licensor"u8.ToArray(), "madeIn"u8.ToArray(), "coDevelopers"u8.ToArray(), "program"u8.ToArray(), "mde"u8.ToArray(),
        "sme"u8.ToArray(), "usml"u8.ToArray(), "eccn"u8.ToArray(), "mtcrCategory"u8.ToArray(), "uas"u8.ToArray(),
        "maxSpeedKmh"u8.ToArray(),
    ];

    private static bool Item(ref Utf8JsonReader r, RuleSet rules, out TransferItem? item)
    {
        item = null;
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        var seen = 0;
        string? name = null, kind = null, category = null, origin = null, licensor = null, madeIn = null, program = null, usml = null, eccn = null;
        bool? weapon = null, mde = null, sme = null, uas = null;
        decimal? mtcr = null, speed = null;
        List<string>? co = null;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueIsEscaped)
            {
                return false;
            }
            var k = -1;
            for (var i = 0; i < ItemKeys.Length; i++)
            {
                if (r.ValueSpan.SequenceEqual(ItemKeys[i]))
                {
                    k = i;
                    break;
                }
            }
            if (k < 0 || (seen & (1 << k)) != 0)
            {
                return false;
            }
            seen |= 1 << k;
            r.Read();
            if (r.TokenType == JsonTokenType.Null)
            {
                continue;
            }
            var ok = k switch
            {
                0 => Text(ref r, 500, out name),
                1 => Enum(ref r, TransferVocabulary.Kinds, out kind),
                2 => Bool(ref r, out weapon),
                3 => Enum(ref r, TransferVocabulary.Categories, out category),
                4 => Country(ref r, rules, out origin),
                5 => Country(ref r, rules, out licensor),
                6 => Country(ref r, rules, out madeIn),
                7 => Countries(ref r, rules, out co),
                8 => Text(ref r, 100, out program),
                9 => Bool(ref r, out mde),
                10 => Bool(ref r, out sme),
                11 => Text(ref r, 10, out usml) && (usml is null || TransferVocabulary.UsmlCategories.Contains(usml)),
                12 => Text(ref r, 20, out eccn),
                13 => Number(ref r, 1, 2, out mtcr) && mtcr == decimal.Truncate(mtcr!.Value),
                14 => Bool(ref r, out uas),
                _ => Number(ref r, 0, 100_000m, out speed),
            };
            if (!ok)
            {
                return false;
            }
        }
        if (r.TokenType != JsonTokenType.EndObject || kind is null)
        {
            return false;
        }
        item = new TransferItem
        {
            Name = name,
            Kind = kind,
            Weapon = weapon,
            Category = category,
            Origin = origin,
            Licensor = licensor,
            MadeIn = madeIn,
            CoDevelopers = co ?? [],
            Program = program,
            Mde = mde,
            Sme = sme,
            Usml = usml,
            Eccn = eccn,
            MtcrCategory = mtcr is { } m ? (int)m : null,
            Uas = uas,
            MaxSpeedKmh = speed,
        };
        return true;
    }

    private static bool Text(ref Utf8JsonReader r, int max, out string? value)
    {
        value = null;
        if (r.TokenType != JsonTokenType.String)
        {
            return false;
        }
        var s = r.GetString()!;
        // char.IsControl: U+0000–U+001F and U+007F–U+009F.
        if (s.Length > max || s.AsSpan().ContainsAnyInRange('\0', '\x1f') || s.AsSpan().ContainsAnyInRange('\x7f', '\x9f'))
        {
            return false;
        }
        value = s.Length == 0 ? null : s;
        return true;
    }

    private static bool Date(ref Utf8JsonReader r, DateOnly? latest, out DateOnly? value)
    {
        value = null;
        if (r.TokenType != JsonTokenType.String
            || !DateOnly.TryParseExact(r.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            || d < TransferCaseReader.EarliestDate
            || (latest is { } l && d > l))
        {
            return false;
        }
        value = d;
        return true;
    }

    private static bool Country(ref Utf8JsonReader r, RuleSet rules, out string? value)
    {
        value = null;
        if (r.TokenType != JsonTokenType.String)
        {
            return false;
        }
        var s = r.GetString()!;
        if (!rules.CountryIndex.ContainsKey(s))
        {
            return false;
        }
        value = s;
        return true;
    }

    private static bool Countries(ref Utf8JsonReader r, RuleSet rules, out List<string>? value)
    {
        value = null;
        if (r.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }
        var list = new List<string>();
        while (r.Read() && r.TokenType != JsonTokenType.EndArray)
        {
            if (!Country(ref r, rules, out var code))
            {
                return false;
            }
            if (!list.Contains(code!))
            {
                list.Add(code!);
            }
        }
        value = list;
        return true;
    }

    private static bool Enum(ref Utf8JsonReader r, string[] values, out string? value)
    {
        value = null;
        if (r.TokenType != JsonTokenType.String)
        {
            return false;
        }
        foreach (var v in values)
        {
            if (r.ValueTextEquals(v))
            {
                value = v;
                return true;
            }
        }
        return false;
    }

    private static bool Bool(ref Utf8JsonReader r, out bool? value)
    {
        value = r.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => null,
        };
        return value is not null;
    }

    private static bool Number(ref Utf8JsonReader r, decimal min, decimal max, out decimal? value)
    {
        value = null;
        if (r.TokenType != JsonTokenType.Number || !r.TryGetDecimal(out var d) || d < min || d > max)
        {
            return false;
        }
        value = d;
        return true;
    }

    private static bool Facts(ref Utf8JsonReader r, RuleSet rules, out IReadOnlyDictionary<string, bool> value)
    {
        value = TransferCase.EmptyFacts;
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            var name = r.GetString()!;
            r.Read();
            if (!rules.FactIndex.ContainsKey(name) || r.TokenType is not (JsonTokenType.True or JsonTokenType.False))
            {
                return false;
            }
            result[name] = r.TokenType == JsonTokenType.True;
        }
        value = result;
        return r.TokenType == JsonTokenType.EndObject;
    }
}
