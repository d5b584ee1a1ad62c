using System.Globalization;

namespace Musubi.Engines.Transfers;

/// <summary>
/// Evaluates transfer cases against a <see cref="RuleSet"/>: each jurisdiction whose rules reach the case gives a
/// gate verdict; the overall verdict is the most restrictive gate. Thread-safe; create once per rule set.
/// </summary>
public sealed class TransferEngine(RuleSet rules)
{
    /// <summary>The rule set this engine evaluates against.</summary>
    public RuleSet RuleSet { get; } = rules;

    /// <summary>Evaluates <paramref name="transfer"/> on its own date, or on <paramref name="asOf"/> when given.</summary>
    /// <exception cref="ArgumentException">A country code, enumeration value or fact the rule set does not know
    /// (read cases with <see cref="TransferCaseReader"/> to get these as field errors instead).</exception>
    public TransferResult Evaluate(TransferCase transfer, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var day = asOf ?? transfer.Date;
        var c = Prepare(transfer, day);
        return Evaluate(transfer.Id, c, day, null);
    }

    /// <summary>
    /// Every date in (<paramref name="from"/>, <paramref name="to"/>] on which the answer for <paramref name="transfer"/>
    /// changes (verdict, approvals or notifications), with the rules and facts that changed it.
    /// </summary>
    public TransferTimeline Timeline(TransferCase transfer, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (to < from)
        {
            throw new ArgumentException($"the range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})", nameof(to));
        }
        var c = Prepare(transfer, from);
        var previousFired = new List<Rule>();
        var initial = Evaluate(transfer.Id, c, from, previousFired);
        var changes = new List<TimelineChange>();
        var previous = initial;
        var days = RuleSet.ChangeDays;
        var start = Array.BinarySearch(days, from.DayNumber + 1);
        start = start >= 0 ? start : ~start;
        for (var i = start; i < days.Length && days[i] <= to.DayNumber; i++)
        {
            var date = DateOnly.FromDayNumber(days[i]);
            c.Day = days[i];
            c.NoteCount = 0;
            var fired = new List<Rule>();
            var result = Evaluate(transfer.Id, c, date, fired);
            if (!SameAnswer(previous, result))
            {
                var started = fired.Except(previousFired).Select(r => r.Id).Distinct().ToList();
                var ended = previousFired.Except(fired).Select(r => r.Id).Distinct().ToList();
                changes.Add(new TimelineChange
                {
                    Date = date,
                    PreviousVerdict = previous.Verdict,
                    Verdict = result.Verdict,
                    Rules = started.Concat(ended).Distinct().ToList(),
                    RulesStarted = started,
                    RulesEnded = ended,
                    Facts = MembershipChanges(c, days[i]),
                    Result = result,
                });
            }
            previous = result;
            previousFired = fired;
        }
        return new TransferTimeline
        {
            Id = transfer.Id,
            From = from,
            To = to,
            Initial = initial,
            Changes = changes,
        };
    }

    private static bool SameAnswer(TransferResult a, TransferResult b) =>
        a.Verdict == b.Verdict
        && a.Approvals.SequenceEqual(b.Approvals, StringComparer.Ordinal)
        && a.Notifications.Select(n => (n.Body, n.Section, n.ReviewDays)).SequenceEqual(b.Notifications.Select(n => (n.Body, n.Section, n.ReviewDays)));

    private List<string> MembershipChanges(EvalContext c, int day)
    {
        var result = new List<string>();
        var seen = new HashSet<int>();
        foreach (var country in c.Countries)
        {
            if (country < 0 || !seen.Add(country))
            {
                continue;
            }
            foreach (var g in RuleSet.GroupDefs)
            {
                foreach (var iv in g.IntervalsOf(country))
                {
                    if (iv.From == day)
                    {
                        result.Add($"{RuleSet.CountryCode(country)} joins {g.Id}");
                    }
                    else if (iv.To == day)
                    {
                        result.Add($"{RuleSet.CountryCode(country)} leaves {g.Id}");
                    }
                }
            }
        }
        return result;
    }

    private TransferResult Evaluate(string? id, EvalContext c, DateOnly date, List<Rule>? allFired)
    {
        var set = RuleSet;
        var day = c.Day;
        var gates = new List<GateResult>(set.Jurisdictions.Count);
        var overall = TransferVerdict.Permitted;
        List<string>? approvals = null;
        List<TransferNotification>? notifications = null;
        foreach (var j in set.Jurisdictions)
        {
            if (!j.Reach.Eval(c))
            {
                continue;
            }
            var inForce = j.RulesOn(day);
            var fired = new List<Rule>(8);
            Rule? firstDeny = null;
            var anyAllow = false;
            var baseDeny = false;
            var baseAllow = false;
            foreach (var r in inForce)
            {
                if (!r.When.Eval(c))
                {
                    continue;
                }
                fired.Add(r);
                switch (r.Effect)
                {
                    case RuleEffect.Deny when r.Baseline: baseDeny = true; break;
                    case RuleEffect.Deny: firstDeny ??= r; break;
                    case RuleEffect.Require: break;
                    default:
                        if (r.Baseline)
                        {
                            baseAllow = true;
                        }
                        else
                        {
                            anyAllow = true;
                        }
                        break;
                }
            }
            allFired?.AddRange(fired);

            bool allowed;
            var trace = new List<RuleRef>(fired.Count);
            if (firstDeny is not null)
            {
                allowed = false;
                foreach (var r in fired)
                {
                    if (r.Effect == RuleEffect.Deny && !r.Baseline)
                    {
                        Add(trace, r, c);
                    }
                }
            }
            else if (anyAllow || (!baseDeny && baseAllow))
            {
                allowed = true;
                foreach (var r in fired)
                {
                    if (r.Effect is RuleEffect.Allow or RuleEffect.AllowWithApprovals && r.Baseline != anyAllow)
                    {
                        Add(trace, r, c);
                    }
                }
            }
            else
            {
                allowed = false;
                foreach (var r in fired)
                {
                    if (r.Effect == RuleEffect.Deny && r.Baseline)
                    {
                        Add(trace, r, c);
                    }
                }
                if (trace.Count == 0)
                {
                    c.Note(NoRuleNote(j, date));
                }
            }

            var gateApprovals = new List<string>(4);
            var verdict = TransferVerdict.Prohibited;
            if (allowed)
            {
                foreach (var r in fired)
                {
                    if (r.Effect == RuleEffect.Require)
                    {
                        Add(trace, r, c);
                    }
                }
                verdict = TransferVerdict.Permitted;
                foreach (var rr in trace)
                {
                    var r = ById(fired, rr);
                    foreach (var a in r.Approvals)
                    {
                        if (!gateApprovals.Contains(a))
                        {
                            gateApprovals.Add(a);
                            if (!set.ApprovalByCode[a].Routine)
                            {
                                verdict = TransferVerdict.PermittedWithApproval;
                            }
                        }
                    }
                    foreach (var n in r.Notifications)
                    {
                        notifications ??= [];
                        notifications.Add(new TransferNotification(n.Body, n.Section, n.ReviewDays, n.Timing, r.Id));
                        verdict = TransferVerdict.PermittedWithApproval;
                    }
                }
            }
            gates.Add(new GateResult
            {
                Jurisdiction = j.Id,
                Verdict = verdict,
                Rules = trace,
                Approvals = gateApprovals,
                Fired = fired.Select(r => r.Id).ToArray(),
            });
            if (verdict > overall)
            {
                overall = verdict;
            }
            foreach (var a in gateApprovals)
            {
                approvals ??= [];
                if (!approvals.Contains(a))
                {
                    approvals.Add(a);
                }
            }
        }
        if (gates.Count == 0)
        {
            overall = TransferVerdict.Prohibited;
            c.Note(NoJurisdictionNote());
        }
        var notes = c.Notes;
        var uncertain = new string[notes.Length];
        for (var i = 0; i < notes.Length; i++)
        {
            uncertain[i] = NoteText(notes[i]);
        }
        return new TransferResult
        {
            Id = id,
            AsOf = date,
            Verdict = overall,
            Gates = gates,
            Approvals = (IReadOnlyList<string>?)approvals ?? [],
            Notifications = (IReadOnlyList<TransferNotification>?)notifications ?? [],
            Uncertain = uncertain,
        };
    }

    private static Rule ById(List<Rule> fired, RuleRef rr)
    {
        foreach (var r in fired)
        {
            if (ReferenceEquals(r.Ref, rr))
            {
                return r;
            }
        }
        throw new InvalidOperationException("trace rule not among fired rules");
    }

    private static void Add(List<RuleRef> trace, Rule r, EvalContext c)
    {
        trace.Add(r.Ref);
        if (r.UncertainNote >= 0)
        {
            c.Note(r.UncertainNote);
        }
    }

    private readonly Dictionary<string, int> extraNotes = new(StringComparer.Ordinal);
    private readonly List<string> extraNoteText = [];
    private readonly Lock noteLock = new();

    private int NoRuleNote(JurisdictionInfo j, DateOnly date) =>
        ExtraNote($"No rule of {j.Id} covers this transfer on {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; Musubi does not call it permitted without a rule that permits it.");

    private int NoJurisdictionNote() =>
        ExtraNote($"No modelled jurisdiction ({string.Join(", ", RuleSet.Jurisdictions.Select(j => j.Id))}) reaches this transfer: Musubi has no rules to answer it.");

    /// <summary>Notes made up by the engine live after the rule set's own notes; indexes are stable for the engine's life.</summary>
    private int ExtraNote(string text)
    {
        lock (noteLock)
        {
            if (!extraNotes.TryGetValue(text, out var i))
            {
                i = RuleSet.Notes.Length + extraNoteText.Count;
                extraNoteText.Add(text);
                extraNotes[text] = i;
            }
            return i;
        }
    }

    private string NoteText(int i)
    {
        if (i < RuleSet.Notes.Length)
        {
            return RuleSet.Notes[i];
        }
        lock (noteLock)
        {
            return extraNoteText[i - RuleSet.Notes.Length];
        }
    }

    internal EvalContext Prepare(TransferCase t, DateOnly day)
    {
        var set = RuleSet;
        var c = new EvalContext
        {
            Set = set,
            Day = day.DayNumber,
        };
        c.Countries[0] = Country(t.From, "from");
        c.Countries[1] = Country(t.To, "to");
        c.Countries[2] = Country(t.Item.Origin, "item.origin");
        c.Countries[3] = Country(t.Item.Licensor, "item.licensor");
        c.Countries[4] = Country(t.Item.MadeIn, "item.madeIn");
        if (t.Item.CoDevelopers.Count > 0)
        {
            var co = new int[t.Item.CoDevelopers.Count];
            for (var i = 0; i < co.Length; i++)
            {
                co[i] = Country(t.Item.CoDevelopers[i], "item.coDevelopers");
            }
            c.CoDevelopers = co;
        }
        c.Enums[0] = Enum(t.Channel, TransferVocabulary.Channels, "channel");
        c.Enums[1] = Enum(t.Recipient, TransferVocabulary.Recipients, "recipient");
        c.Enums[2] = Enum(t.Purpose, TransferVocabulary.Purposes, "purpose");
        c.Enums[3] = Enum(t.Item.Kind, TransferVocabulary.Kinds, "item.kind");
        c.Enums[4] = Enum(t.Item.Category, TransferVocabulary.Categories, "item.category");
        c.Bools[0] = Bool(t.Item.Weapon);
        c.Bools[1] = Bool(t.Item.Mde);
        c.Bools[2] = Bool(t.Item.Sme);
        c.Bools[3] = Bool(t.Item.Uas);
        c.Texts[0] = t.Item.Program;
        c.Texts[1] = t.Item.Usml;
        c.Texts[2] = t.Item.Eccn;
        c.Numbers[0] = t.ValueUsd is { } v ? (double)v : double.NaN;
        c.Numbers[1] = t.Item.MaxSpeedKmh is { } s ? (double)s : double.NaN;
        c.Numbers[2] = t.Item.MtcrCategory is { } m ? m : double.NaN;
        var factValues = new sbyte[set.FactDefs.Length];
        Array.Fill(factValues, (sbyte)-1);
        foreach (var (name, value) in t.Facts)
        {
            if (!set.FactIndex.TryGetValue(name, out var fi))
            {
                throw new ArgumentException($"facts.{name}: unknown fact (valid: {string.Join(", ", set.FactIndex.Keys)})");
            }
            factValues[fi] = value ? (sbyte)1 : (sbyte)0;
        }
        c.Facts = factValues;
        return c;
    }

    private int Country(string? code, string field)
    {
        if (code is null)
        {
            return -1;
        }
        return RuleSet.CountryIndex.TryGetValue(code, out var i) ? i : throw new ArgumentException($"{field}: unknown country code '{code}'");
    }

    private static int Enum(string? value, string[] values, string field)
    {
        if (value is null)
        {
            return -1;
        }
        var i = Array.IndexOf(values, value);
        return i >= 0 ? i : throw new ArgumentException($"{field}: '{value}' is not valid (valid: {string.Join(", ", values)})");
    }

    private static sbyte Bool(bool? b) => b switch { null => -1, true => 1, false => 0 };
}
