using System.Text;
using System.Text.RegularExpressions;

namespace Musubi.Engines.Transfers;

/// <summary>A case prepared for evaluation: every field as an index or number, so conditions compare integers.</summary>
internal sealed class EvalContext
{
    public RuleSet? Set;
    public int Day;
    public readonly int[] Countries = new int[5];
    public int[] CoDevelopers = [];
    public readonly int[] Enums = new int[5];
    public readonly sbyte[] Bools = new sbyte[4];
    public readonly string?[] Texts = new string?[3];
    public readonly double[] Numbers = new double[3];
    public sbyte[] Facts = [];

    // The notes (uncertain facts and rules) this evaluation consulted: a 256-bit set, then a list for any beyond.
    public ulong N0;
    public ulong N1;
    public ulong N2;
    public ulong N3;
    public List<int>? Overflow;

    public void Note(int id)
    {
        switch (id >> 6)
        {
            case 0: N0 |= 1UL << id; break;
            case 1: N1 |= 1UL << (id & 63); break;
            case 2: N2 |= 1UL << (id & 63); break;
            case 3: N3 |= 1UL << (id & 63); break;
            default:
                Overflow ??= [];
                if (!Overflow.Contains(id))
                {
                    Overflow.Add(id);
                }
                break;
        }
    }

    public void ClearNotes()
    {
        N0 = N1 = N2 = N3 = 0;
        Overflow?.Clear();
    }

    /// <summary>The consulted notes in ascending order.</summary>
    public List<int> NoteIds()
    {
        var result = new List<int>();
        ReadOnlySpan<ulong> words = [N0, N1, N2, N3];
        for (var w = 0; w < 4; w++)
        {
            var bits = words[w];
            while (bits != 0)
            {
                var b = System.Numerics.BitOperations.TrailingZeroCount(bits);
                result.Add((w << 6) + b);
                bits &= bits - 1;
            }
        }
        if (Overflow is { Count: > 0 })
        {
            result.AddRange(Overflow.Order());
        }
        return result;
    }
}

/// <summary>A compiled rule condition.</summary>
internal abstract class Cond
{
    public abstract bool Eval(EvalContext c);

    public abstract void Describe(StringBuilder sb, RuleSet set);

    /// <summary>Calls <paramref name="visit"/> for every fact the condition reads, with its polarity (true: the fact being true helps the condition hold).</summary>
    public virtual void VisitFacts(bool positive, Action<int, bool> visit)
    {
    }

    public override string ToString() => GetType().Name;
}

internal sealed class TrueCond : Cond
{
    public static readonly TrueCond Instance = new();

    public override bool Eval(EvalContext c) => true;

    public override void Describe(StringBuilder sb, RuleSet set) => sb.Append("always");
}

internal sealed class AllCond(Cond[] parts) : Cond
{
    public override bool Eval(EvalContext c)
    {
        foreach (var p in parts)
        {
            if (!p.Eval(c))
            {
                return false;
            }
        }
        return true;
    }

    public override void Describe(StringBuilder sb, RuleSet set) => Join(sb, set, parts, " and ");

    public override void VisitFacts(bool positive, Action<int, bool> visit)
    {
        foreach (var p in parts)
        {
            p.VisitFacts(positive, visit);
        }
    }

    internal static void Join(StringBuilder sb, RuleSet set, Cond[] parts, string op)
    {
        if (parts.Length == 1)
        {
            parts[0].Describe(sb, set);
            return;
        }
        sb.Append('(');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(op);
            }
            parts[i].Describe(sb, set);
        }
        sb.Append(')');
    }
}

internal sealed class AnyCond(Cond[] parts) : Cond
{
    public override bool Eval(EvalContext c)
    {
        foreach (var p in parts)
        {
            if (p.Eval(c))
            {
                return true;
            }
        }
        return false;
    }

    public override void Describe(StringBuilder sb, RuleSet set) => AllCond.Join(sb, set, parts, " or ");

    public override void VisitFacts(bool positive, Action<int, bool> visit)
    {
        foreach (var p in parts)
        {
            p.VisitFacts(positive, visit);
        }
    }
}

internal sealed class NotCond(Cond inner) : Cond
{
    public override bool Eval(EvalContext c) => !inner.Eval(c);

    public override void VisitFacts(bool positive, Action<int, bool> visit) => inner.VisitFacts(!positive, visit);

    public override void Describe(StringBuilder sb, RuleSet set)
    {
        sb.Append("not ");
        inner.Describe(sb, set);
    }
}

internal sealed class FactCond(int fact) : Cond
{
    public override bool Eval(EvalContext c) => FactValue(c, fact);

    public override void VisitFacts(bool positive, Action<int, bool> visit) => visit(fact, positive);

    internal static bool FactValue(EvalContext c, int fact)
    {
        var given = c.Facts[fact];
        if (given >= 0)
        {
            return given == 1;
        }
        var f = c.Set!.FactDefs[fact];
        if (f.DefaultedNote >= 0)
        {
            c.Note(f.DefaultedNote);
        }
        var country = c.Countries[f.SubjectSlot];
        return country >= 0 && c.Set.GroupDefs[f.Group].Contains(country, c.Day, c);
    }

    public override void Describe(StringBuilder sb, RuleSet set) => sb.Append(set.FactDefs[fact].Id);
}

/// <summary>A country field equals one of a set of countries (or is absent, when <c>null</c> is in the set).</summary>
internal sealed class CountryInSet(int slot, string path, int[] codes, bool orNull) : Cond
{
    public override bool Eval(EvalContext c)
    {
        var v = c.Countries[slot];
        if (v < 0)
        {
            return orNull;
        }
        foreach (var code in codes)
        {
            if (code == v)
            {
                return true;
            }
        }
        return false;
    }

    public override void Describe(StringBuilder sb, RuleSet set)
    {
        sb.Append(path);
        var names = codes.Select(set.CountryCode).ToList();
        if (orNull)
        {
            names.Add("none");
        }
        sb.Append(names.Count == 1 ? " = " : " in [").Append(string.Join(", ", names)).Append(names.Count == 1 ? "" : "]");
    }
}

internal sealed class CountryInGroup(int slot, string path, int group, bool negate) : Cond
{
    public override bool Eval(EvalContext c)
    {
        var v = c.Countries[slot];
        var member = v >= 0 && c.Set!.GroupDefs[group].Contains(v, c.Day, c);
        return member != negate;
    }

    public override void Describe(StringBuilder sb, RuleSet set) =>
        sb.Append(path).Append(negate ? " not in group " : " in group ").Append(set.GroupDefs[group].Id);
}

internal sealed class CountryEqualsField(int slot, string path, int other, string otherPath, bool negate) : Cond
{
    public override bool Eval(EvalContext c)
    {
        var a = c.Countries[slot];
        var b = c.Countries[other];
        var equal = a >= 0 && a == b;
        return equal != negate;
    }

    public override void Describe(StringBuilder sb, RuleSet set) =>
        sb.Append(path).Append(negate ? " ≠ " : " = ").Append(otherPath);
}

internal sealed class CountryInList(int slot, string path, bool negate) : Cond
{
    public override bool Eval(EvalContext c)
    {
        var v = c.Countries[slot];
        var found = false;
        if (v >= 0)
        {
            foreach (var d in c.CoDevelopers)
            {
                if (d == v)
                {
                    found = true;
                    break;
                }
            }
        }
        return found != negate;
    }

    public override void Describe(StringBuilder sb, RuleSet set) =>
        sb.Append(path).Append(negate ? " not in " : " in ").Append("item.coDevelopers");
}

internal sealed class CountryPresent(int slot, string path, bool present) : Cond
{
    public override bool Eval(EvalContext c) => (c.Countries[slot] >= 0) == present;

    public override void Describe(StringBuilder sb, RuleSet set) => sb.Append(path).Append(present ? " given" : " not given");
}

internal sealed class ListContains(int[] codes) : Cond
{
    public override bool Eval(EvalContext c)
    {
        foreach (var code in codes)
        {
            if (Array.IndexOf(c.CoDevelopers, code) < 0)
            {
                return false;
            }
        }
        return true;
    }

    public override void Describe(StringBuilder sb, RuleSet set) =>
        sb.Append("item.coDevelopers include ").Append(string.Join(", ", codes.Select(set.CountryCode)));
}

internal sealed class ListContainsField(int slot, string path) : Cond
{
    public override bool Eval(EvalContext c) => c.Countries[slot] >= 0 && Array.IndexOf(c.CoDevelopers, c.Countries[slot]) >= 0;

    public override void Describe(StringBuilder sb, RuleSet set) => sb.Append("item.coDevelopers include ").Append(path);
}

internal sealed class ListPresent(bool present) : Cond
{
    public override bool Eval(EvalContext c) => (c.CoDevelopers.Length > 0) == present;

    public override void Describe(StringBuilder sb, RuleSet set) => sb.Append(present ? "item.coDevelopers given" : "no item.coDevelopers");
}

/// <summary>An enumerated field is one of a set of values; bit <c>n</c> of the mask is value <c>n</c>, bit 31 is "absent".</summary>
internal sealed class EnumInSet(int slot, string path, uint mask, string[] values) : Cond
{
    public override bool Eval(EvalContext c)
    {
        var v = c.Enums[slot];
        return (mask & (v < 0 ? 1u << 31 : 1u << v)) != 0;
    }

    public override void Describe(StringBuilder sb, RuleSet set)
    {
        var names = new List<string>();
        for (var i = 0; i < values.Length; i++)
        {
            if ((mask & (1u << i)) != 0)
            {
                names.Add(values[i]);
            }
        }
        if ((mask & (1u << 31)) != 0)
        {
            names.Add("none");
        }
        sb.Append(path).Append(names.Count == 1 ? " = " : " in [").Append(string.Join(", ", names)).Append(names.Count == 1 ? "" : "]");
    }
}

internal sealed class BoolIs(int slot, string path, sbyte value) : Cond
{
    public override bool Eval(EvalContext c) => c.Bools[slot] == value;

    public override void Describe(StringBuilder sb, RuleSet set) =>
        sb.Append(path).Append(" = ").Append(value switch { 1 => "true", 0 => "false", _ => "not given" });
}

internal sealed class TextInSet(int slot, string path, string[] values, bool orNull) : Cond
{
    public override bool Eval(EvalContext c)
    {
        var v = c.Texts[slot];
        if (v is null)
        {
            return orNull;
        }
        foreach (var s in values)
        {
            if (string.Equals(s, v, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    public override void Describe(StringBuilder sb, RuleSet set)
    {
        var names = values.ToList();
        if (orNull)
        {
            names.Add("none");
        }
        sb.Append(path).Append(names.Count == 1 ? " = " : " in [").Append(string.Join(", ", names)).Append(names.Count == 1 ? "" : "]");
    }
}

internal sealed class TextPattern(int slot, string path, Regex regex) : Cond
{
    public override bool Eval(EvalContext c) => c.Texts[slot] is { } v && regex.IsMatch(v);

    public override void Describe(StringBuilder sb, RuleSet set) => sb.Append(path).Append(" matches /").Append(regex).Append('/');
}

internal sealed class TextPresent(int slot, string path, bool present) : Cond
{
    public override bool Eval(EvalContext c) => (c.Texts[slot] is not null) == present;

    public override void Describe(StringBuilder sb, RuleSet set) => sb.Append(path).Append(present ? " given" : " not given");
}

internal enum CompareOp
{
    Eq,
    Gte,
    Gt,
    Lt,
    Lte,
}

internal sealed class NumberCompare(int slot, string path, CompareOp op, double value) : Cond
{
    public override bool Eval(EvalContext c)
    {
        var v = c.Numbers[slot];
        if (double.IsNaN(v))
        {
            return false;
        }
        return op switch
        {
            CompareOp.Eq => v == value,
            CompareOp.Gte => v >= value,
            CompareOp.Gt => v > value,
            CompareOp.Lt => v < value,
            _ => v <= value,
        };
    }

    public override void Describe(StringBuilder sb, RuleSet set) =>
        sb.Append(path).Append(op switch { CompareOp.Eq => " = ", CompareOp.Gte => " ≥ ", CompareOp.Gt => " > ", CompareOp.Lt => " < ", _ => " ≤ " })
          .Append(value.ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture));
}

internal sealed class NumberPresent(int slot, string path, bool present) : Cond
{
    public override bool Eval(EvalContext c) => !double.IsNaN(c.Numbers[slot]) == present;

    public override void Describe(StringBuilder sb, RuleSet set) => sb.Append(path).Append(present ? " given" : " not given");
}
