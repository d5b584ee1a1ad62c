using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Musubi.Engines.Transfers;

/// <summary>Compiles a YAML condition into a <see cref="Cond"/> tree, reporting every problem with its line.</summary>
internal sealed class ConditionCompiler(RuleSetLoader loader, string file, string label)
{
    private static readonly string[] Combinators = ["all", "any", "not", "fact"];

    public Cond Compile(YamlNode node)
    {
        switch (node)
        {
            case YamlSequenceNode seq:
                if (seq.Children.Count == 0)
                {
                    Fail(node, label, "an empty list of conditions");
                    return TrueCond.Instance;
                }
                return Simplify(seq.Children.Select(Compile).ToArray(), all: true);
            case YamlMappingNode map:
                if (map.Children.Count == 0)
                {
                    Fail(node, label, "an empty condition");
                    return TrueCond.Instance;
                }
                return Simplify(map.Children.Select(kv => Entry(kv.Key, kv.Value)).ToArray(), all: true);
            default:
                Fail(node, label, $"a condition is a mapping (one of: {string.Join(", ", Combinators)}, or a case field) or a list of them");
                return TrueCond.Instance;
        }
    }

    private static Cond Simplify(Cond[] parts, bool all) => parts.Length == 1 ? parts[0] : all ? new AllCond(parts) : new AnyCond(parts);

    private void Fail(YamlNode at, string field, string message) => loader.Add(file, RuleSetLoader.Line(at), field, message);

    private Cond Entry(YamlNode keyNode, YamlNode value)
    {
        var key = RuleSetLoader.Str(keyNode) ?? "";
        var field = $"{label}.{RuleSetLoader.KeyName(key)}";
        switch (key)
        {
            case "all":
            case "any":
                if (value is not YamlSequenceNode seq || seq.Children.Count == 0)
                {
                    Fail(value, field, "expected a non-empty list of conditions");
                    return TrueCond.Instance;
                }
                return Simplify(seq.Children.Select(Compile).ToArray(), all: key == "all");
            case "not":
                return new NotCond(Compile(value));
            case "fact":
                var id = RuleSetLoader.Str(value);
                if (id is null || !loader.TryFact(id, out var fi))
                {
                    Fail(value, field, $"unknown fact '{id}' (valid: {string.Join(", ", loader.FactIds)})");
                    return TrueCond.Instance;
                }
                return new FactCond(fi);
        }
        if (!TransferVocabulary.ByPath.TryGetValue(key, out var spec))
        {
            Fail(keyNode, field, $"unknown field or combinator (valid: {string.Join(", ", Combinators.Concat(TransferVocabulary.FieldPaths))})");
            return TrueCond.Instance;
        }
        if (value is YamlMappingNode ops)
        {
            var parts = ops.Children.Select(kv => Operator(spec, field, RuleSetLoader.Str(kv.Key) ?? "", kv.Key, kv.Value)).ToArray();
            if (parts.Length == 0)
            {
                Fail(value, field, "no operator given");
                return TrueCond.Instance;
            }
            return Simplify(parts, all: true);
        }
        var values = value is YamlSequenceNode list ? list.Children.ToList() : [value];
        if (values.Count == 0)
        {
            Fail(value, field, "an empty list of values");
            return TrueCond.Instance;
        }
        return Values(spec, field, values);
    }

    private Cond Values(FieldSpec spec, string field, List<YamlNode> values)
    {
        var orNull = values.Any(RuleSetLoader.IsNull);
        var given = values.Where(v => !RuleSetLoader.IsNull(v)).ToList();
        switch (spec.Type)
        {
            case FieldType.Country:
                return new CountryInSet(spec.Slot, spec.Path, Countries(field, given), orNull);
            case FieldType.CountryList:
                if (orNull)
                {
                    Fail(values[0], field, "a list field is tested with `present: false`, not null");
                }
                return new ListContains(Countries(field, given));
            case FieldType.Enum:
                uint mask = orNull ? 1u << 31 : 0;
                foreach (var v in given)
                {
                    var s = RuleSetLoader.Str(v);
                    var i = s is null ? -1 : Array.IndexOf(spec.Values!, s);
                    if (i < 0)
                    {
                        Fail(v, field, $"'{s}' is not valid (valid: {string.Join(", ", spec.Values!)})");
                        continue;
                    }
                    mask |= 1u << i;
                }
                return new EnumInSet(spec.Slot, spec.Path, mask, spec.Values!);
            case FieldType.Bool:
                var conds = new List<Cond>();
                if (orNull)
                {
                    conds.Add(new BoolIs(spec.Slot, spec.Path, -1));
                }
                foreach (var v in given)
                {
                    switch (RuleSetLoader.Str(v))
                    {
                        case "true": conds.Add(new BoolIs(spec.Slot, spec.Path, 1)); break;
                        case "false": conds.Add(new BoolIs(spec.Slot, spec.Path, 0)); break;
                        default: Fail(v, field, "expected true, false or null"); break;
                    }
                }
                return conds.Count == 0 ? TrueCond.Instance : Simplify([.. conds], all: false);
            case FieldType.Text:
                return new TextInSet(spec.Slot, spec.Path, given.Select(v => RuleSetLoader.Str(v) ?? "").ToArray(), orNull);
            default:
                var nums = new List<Cond>();
                if (orNull)
                {
                    nums.Add(new NumberPresent(spec.Slot, spec.Path, present: false));
                }
                foreach (var v in given)
                {
                    if (Number(v, field) is { } d)
                    {
                        nums.Add(new NumberCompare(spec.Slot, spec.Path, CompareOp.Eq, d));
                    }
                }
                return nums.Count == 0 ? TrueCond.Instance : Simplify([.. nums], all: false);
        }
    }

    private Cond Operator(FieldSpec spec, string field, string op, YamlNode opNode, YamlNode arg)
    {
        var f = $"{field}.{op}";
        switch (op)
        {
            case "present":
                var present = RuleSetLoader.Str(arg) switch { "true" => true, "false" => false, _ => (bool?)null };
                if (present is null)
                {
                    Fail(arg, f, "expected true or false");
                    return TrueCond.Instance;
                }
                return spec.Type switch
                {
                    FieldType.Country => new CountryPresent(spec.Slot, spec.Path, present.Value),
                    FieldType.CountryList => new ListPresent(present.Value),
                    FieldType.Enum => new EnumInSet(spec.Slot, spec.Path, present.Value ? ~(1u << 31) : 1u << 31, spec.Values!),
                    FieldType.Bool => present.Value ? new NotCond(new BoolIs(spec.Slot, spec.Path, -1)) : new BoolIs(spec.Slot, spec.Path, -1),
                    FieldType.Text => new TextPresent(spec.Slot, spec.Path, present.Value),
                    _ => new NumberPresent(spec.Slot, spec.Path, present.Value),
                };
            case "in_group" or "not_in_group" when spec.Type == FieldType.Country:
                var g = RuleSetLoader.Str(arg);
                if (g is null || !loader.TryGroup(g, out var gi))
                {
                    Fail(arg, f, $"unknown group '{g}' (valid: {string.Join(", ", loader.GroupIds)})");
                    return TrueCond.Instance;
                }
                return new CountryInGroup(spec.Slot, spec.Path, gi, negate: op == "not_in_group");
            case "equals" or "not_equals" when spec.Type == FieldType.Country:
                var other = RuleSetLoader.Str(arg);
                if (other is null || !TransferVocabulary.ByPath.TryGetValue(other, out var os) || os.Type != FieldType.Country)
                {
                    Fail(arg, f, $"'{other}' is not a country field (valid: {string.Join(", ", TransferVocabulary.Fields.Where(x => x.Type == FieldType.Country).Select(x => x.Path))})");
                    return TrueCond.Instance;
                }
                return new CountryEqualsField(spec.Slot, spec.Path, os.Slot, os.Path, negate: op == "not_equals");
            case "in" or "not_in" when spec.Type == FieldType.Country:
                if (RuleSetLoader.Str(arg) != "item.coDevelopers")
                {
                    Fail(arg, f, "the list field to look in (valid: item.coDevelopers)");
                    return TrueCond.Instance;
                }
                return new CountryInList(spec.Slot, spec.Path, negate: op == "not_in");
            case "contains" when spec.Type == FieldType.CountryList:
                var codes = arg is YamlSequenceNode cs ? cs.Children.ToList() : [arg];
                return new ListContains(Countries(f, codes));
            case "contains_field" when spec.Type == FieldType.CountryList:
                var cf = RuleSetLoader.Str(arg);
                if (cf is null || !TransferVocabulary.ByPath.TryGetValue(cf, out var cfs) || cfs.Type != FieldType.Country)
                {
                    Fail(arg, f, $"'{cf}' is not a country field");
                    return TrueCond.Instance;
                }
                return new ListContainsField(cfs.Slot, cfs.Path);
            case "pattern" when spec.Type == FieldType.Text:
                var pattern = RuleSetLoader.Str(arg);
                try
                {
                    return new TextPattern(spec.Slot, spec.Path, new Regex(pattern ?? "", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(50)));
                }
                catch (ArgumentException e)
                {
                    Fail(arg, f, $"not a valid regular expression: {e.Message}");
                    return TrueCond.Instance;
                }
            case "gte" or "gt" or "lt" or "lte" when spec.Type is FieldType.Number or FieldType.Integer:
                if (Number(arg, f) is not { } d)
                {
                    return TrueCond.Instance;
                }
                return new NumberCompare(spec.Slot, spec.Path, op switch { "gte" => CompareOp.Gte, "gt" => CompareOp.Gt, "lt" => CompareOp.Lt, _ => CompareOp.Lte }, d);
            default:
                var valid = spec.Type switch
                {
                    FieldType.Country => "in_group, not_in_group, equals, not_equals, in, not_in, present",
                    FieldType.CountryList => "contains, contains_field, present",
                    FieldType.Text => "pattern, present",
                    FieldType.Number or FieldType.Integer => "gte, gt, lt, lte, present",
                    _ => "present",
                };
                Fail(opNode, f, $"unknown operator for {spec.Path} (valid: {valid})");
                return TrueCond.Instance;
        }
    }

    private int[] Countries(string field, List<YamlNode> nodes)
    {
        var result = new List<int>();
        foreach (var n in nodes)
        {
            var code = RuleSetLoader.Str(n);
            if (code is null || !loader.TryCountry(code, out var ci))
            {
                Fail(n, field, loader.UnknownCountry(code ?? ""));
                continue;
            }
            result.Add(ci);
        }
        return [.. result];
    }

    private double? Number(YamlNode n, string field)
    {
        if (RuleSetLoader.Str(n) is { } s && double.TryParse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }
        Fail(n, field, "expected a number");
        return null;
    }
}
