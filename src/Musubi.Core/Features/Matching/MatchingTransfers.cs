using System.Globalization;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Matching;
using Musubi.Engines.Transfers;

namespace Musubi.Core.Features.Matching;

/// <summary>
/// The matcher's transfer filter answered by issue #3's engine (<see cref="TransferService"/>): for one requirement, a
/// <see cref="TransferLookup"/> that evaluates a transfer case from the supplier's country to a program nation on the
/// date, memoized per (from, to, date). The case is built from the requirement: the item kind from the root of its
/// first capability code (<c>SVC.*</c> and <c>MRO.*</c> → service, <c>SW.*</c> → technology, else component), the
/// channel from the contracting path (fms → fms, dcs → dcs, national → government, ota → commercial), the program's
/// name, and for co-development programs the purpose <c>joint_development</c> with the partners as co-developers.
/// The registry records no weapon flag on requirements, and the rules need one (Japan's principles turn on it): a
/// requirement with a code under <c>MSL</c> (missiles and munitions) or <c>MAT.ENERGETIC</c> is read as a weapon, any
/// other as not, and the explanation says it was assumed. A transfer no modelled jurisdiction reaches (no gate) is
/// <see cref="TransferFactVerdict.Unknown"/>: it passes the filter and says Musubi has no rules for it. Before the
/// exporter's rules, the importer's side is read: a delivery into the United States from a §126.1 country is prohibited
/// (<see cref="ImportDenied"/>).
/// </summary>
public static class MatchingTransfers
{
    /// <summary>The transfer item kind for a requirement's capability codes.</summary>
    public static string ItemKind(IReadOnlyList<string> capabilityCodes)
    {
        var root = capabilityCodes.Count == 0 ? "" : capabilityCodes[0].Split('.')[0];
        return root switch
        {
            "SVC" or "MRO" => "service",
            "SW" => "technology",
            _ => "component",
        };
    }

    /// <summary>Whether the requirement is read as a weapon (lethal or destructive capability) for the transfer rules.</summary>
    public static bool Weapon(IReadOnlyList<string> capabilityCodes) =>
        capabilityCodes.Any(c => c is "MSL" or "MAT.ENERGETIC" || c.StartsWith("MSL.", StringComparison.Ordinal) || c.StartsWith("MAT.ENERGETIC.", StringComparison.Ordinal));

    /// <summary>The transfer channel of a contracting path.</summary>
    public static string Channel(ContractingPath path) => path switch
    {
        ContractingPath.Fms => "fms",
        ContractingPath.Dcs => "dcs",
        ContractingPath.National => "government",
        _ => "commercial",
    };

    /// <summary>The lookup for one requirement (<paramref name="program"/> may be null).</summary>
    public static TransferLookup For(TransferService transfers, Requirement requirement, DefenseProgram? program)
    {
        var coDevelopment = program?.Kind == ProgramKind.CoDevelopment;
        IReadOnlyList<string> partners = program is null ? [] : [.. program.Partners.Select(p => p.Country).Distinct(StringComparer.Ordinal)];
        return Build(transfers, requirement.Id, requirement.TitleEn, ItemKind(requirement.CapabilityCodes), Weapon(requirement.CapabilityCodes),
            Channel(requirement.ContractingPath), program?.Name, coDevelopment, partners);
    }

    /// <summary>
    /// A lookup for rankings over many requirements (reverse matching), where the engine asks per (from, to, date)
    /// only: the transfer is checked as a component that is not a weapon, through no particular channel and for no program.
    /// </summary>
    public static TransferLookup Generic(TransferService transfers) => Build(transfers, null, null, "component", false, null, null, false, []);

    private static TransferLookup Build(TransferService transfers, string? id, string? name, string kind, bool weapon, string? channel, string? programName,
        bool coDevelopment, IReadOnlyList<string> partners)
    {
        var known = transfers.Rules.Countries.ToHashSet(StringComparer.Ordinal);
        var memo = new Dictionary<(string, string, DateOnly), TransferFact>();
        var gate = new Lock();
        return (from, to, date) =>
        {
            lock (gate)
            {
                if (memo.TryGetValue((from, to, date), out var had))
                {
                    return had;
                }
                var transfer = new TransferCase
                {
                    Id = id,
                    Date = date,
                    From = from,
                    To = to,
                    Channel = channel,
                    Purpose = coDevelopment ? "joint_development" : null,
                    Item = new TransferItem
                    {
                        Name = name,
                        Kind = kind,
                        Weapon = weapon,
                        Program = programName,
                        CoDevelopers = coDevelopment ? partners : [],
                    },
                };
                var fact = Evaluate(transfers, known, transfer);
                memo[(from, to, date)] = fact;
                return fact;
            }
        };
    }

    /// <summary>
    /// The group of countries under the U.S. policy of denial (world data, <c>data/world/groups/sanctions.yaml</c>).
    /// </summary>
    public const string PolicyOfDenialGroup = "ITAR_126_1";

    /// <summary>
    /// A supplier delivering to the United States from a country on the §126.1 list on the date: 22 CFR 126.1(a) makes
    /// it U.S. policy to deny licences and other approvals for exports and imports of defense articles and services
    /// "destined for or originating in" those countries. The export rules the transfer engine holds are the exporter's;
    /// this is the importer's side, read from the same dated world data (the list is marked UNCONFIRMED there, and the
    /// explanation carries that). Null when the rule does not apply.
    /// </summary>
    public static TransferFact? ImportDenied(RuleSet rules, string from, string to, DateOnly date)
    {
        if (to != "US" || from == "US")
        {
            return null;
        }
        var group = rules.Groups.FirstOrDefault(g => g.Id == PolicyOfDenialGroup);
        var member = group?.Members.FirstOrDefault(m => m.Country == from && m.From <= date && (m.To is null || date < m.To));
        if (group is null || member is null)
        {
            return null;
        }
        var uncertain = member.Uncertain is null ? "" : " (" + member.Uncertain + ")";
        return new TransferFact(TransferFactVerdict.Prohibited,
            string.Create(CultureInfo.InvariantCulture,
                $"Prohibited from {from} to US on {date:yyyy-MM-dd}: defense articles originating in {from} fall under the U.S. policy of denial for imports in 22 CFR 126.1(a){uncertain}"),
            member.Citation ?? group.Citation, []);
    }

    private static TransferFact Evaluate(TransferService transfers, HashSet<string> known, TransferCase transfer)
    {
        var (from, to, date) = (transfer.From, transfer.To, transfer.Date);
        var kind = transfer.Item.Kind;
        var channel = transfer.Channel ?? "any channel";
        if (ImportDenied(transfers.Rules, from, to, date) is { } denial)
        {
            return denial;
        }
        if (!known.Contains(from) || !known.Contains(to))
        {
            var missing = known.Contains(from) ? to : from;
            return new TransferFact(TransferFactVerdict.Unknown,
                $"the transfer rules cover no country '{missing}', so {from} → {to} could not be checked", null, []);
        }
        if (transfers.CheckDate(date) is { } outside)
        {
            return new TransferFact(TransferFactVerdict.Unknown,
                string.Create(CultureInfo.InvariantCulture, $"{from} → {to} on {date:yyyy-MM-dd} could not be checked: {outside}"), null, []);
        }
        TransferResult result;
        try
        {
            result = transfers.Engine.Evaluate(transfer);
        }
        catch (ArgumentException ex)
        {
            return new TransferFact(TransferFactVerdict.Unknown, $"{from} → {to} could not be checked: {ex.Message}", null, []);
        }
        var assumed = transfer.Item.Weapon == true ? "read as a weapon from its capability codes" : "read as no weapon from its capability codes";
        if (result.Gates.Count == 0)
        {
            return new TransferFact(TransferFactVerdict.Unknown,
                $"no modelled jurisdiction reaches {from} → {to}: Musubi has no transfer rules to answer it", null, []);
        }
        var verdict = result.Verdict switch
        {
            TransferVerdict.Permitted => TransferFactVerdict.Permitted,
            TransferVerdict.PermittedWithApproval => TransferFactVerdict.PermittedWithApproval,
            _ => TransferFactVerdict.Prohibited,
        };
        var deciding = result.Gates.Where(g => g.Verdict == result.Verdict).SelectMany(g => g.Rules).FirstOrDefault();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{TransferService.VerdictText(result.Verdict).Replace('_', ' ')} from {from} to {to} on {date:yyyy-MM-dd} ({kind}, {assumed}, {channel})")
            + (deciding is null ? "" : ": " + deciding.Title);
        return new TransferFact(verdict, summary, deciding?.Citation, result.Approvals);
    }
}
