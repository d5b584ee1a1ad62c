using System.Globalization;
using System.Text;
using Musubi.Core.Features.Audit;
using Musubi.Engines.Network;

namespace Musubi.Core.Features.Network;

public sealed partial class NetworkService
{
    /// <summary>Pairs and parts listed in a briefing.</summary>
    public const int BriefingTop = 10;

    /// <summary>
    /// A Markdown briefing on <paramref name="item"/> for decision makers: producibility, the critical units at
    /// <paramref name="kind"/> with why, the top pairs, concentration by tier and the most concentrated parts, and —
    /// when <paramref name="remove"/> names units — the what-if of losing them. Only what the caller may see.
    /// </summary>
    public async Task<string> BriefingAsync(string? item, UnitKind kind, IReadOnlyList<string>? remove, AuditTrail audit, CancellationToken ct = default)
    {
        var data = await DataAsync(ct);
        var network = data.Network;
        var part = NetworkQuestions.Item(network, item);
        var units = NetworkQuestions.Units(network, remove);
        var critical = CriticalUnits.Find(network, part.Id, kind);
        var pairs = CriticalUnits.Pairs(network, part.Id, kind, BriefingTop);
        var flagged = await FlaggedOrganizationsAsync(ct);
        var concentration = Concentration.Analyze(network, part.Id, ConcentrationOptions.Default with { FlaggedOrganizations = flagged });
        var disruption = units.Count > 0 ? Disrupt(network, units, [part.Id]) : null;
        var markdown = Briefing(network, part, critical, pairs, concentration, disruption, data.HiddenOffers, clock.GetUtcNow());
        await AuditAsync(audit, "briefing", part.Id, new { unit = UnitRef.KindName(kind), remove = units.Select(u => u.ToString()) }, ct);
        return markdown;
    }

    internal static string Briefing(SupplyNetwork network, NetworkPart item, CriticalResult critical, CriticalPairsResult pairs,
        ConcentrationResult concentration, DisruptionResult? disruption, int hidden, DateTimeOffset now)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.Append(inv, $"# Supply-network briefing: {Cell(item.Name)} ({Cell(item.Id)})").AppendLine().AppendLine();
        md.Append(inv, $"Generated {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC from the registry as the requester may see it: {network.OfferCount} offers of {network.PartCount} parts.");
        if (hidden > 0)
        {
            md.Append(inv, $" {hidden} offer(s) the requester may see were left out because their part or facility is not visible to them; the findings cover only the rest.");
        }
        md.AppendLine().AppendLine();

        md.AppendLine("## Findings").AppendLine();
        md.Append(inv, $"- **Producible now:** {(critical.Producible ? "yes" : "no")}").AppendLine();
        md.Append(inv, $"- **Single points of failure ({critical.Unit}):** {critical.Critical.Count}").AppendLine();
        md.Append(inv, $"- **Pairs that stop it together ({pairs.Unit}, top {BriefingTop}):** {pairs.Pairs.Count}").AppendLine();
        var single = concentration.Parts.Count(p => p.SingleSource);
        var sole = concentration.Parts.Count(p => p.SoleSource);
        md.Append(inv, $"- **Parts upstream:** {concentration.Parts.Count} ({single} single-source, {sole} sole-source)").AppendLine();
        if (critical.Cycles.Count > 0)
        {
            md.Append(inv, $"- **Bill-of-materials cycles:** {critical.Cycles.Count} ({string.Join("; ", critical.Cycles.Take(3).Select(c => Cell(string.Join(" → ", c))))})").AppendLine();
        }
        md.AppendLine();

        md.Append(inv, $"## Single points of failure ({critical.Unit})").AppendLine().AppendLine();
        if (critical.Critical.Count == 0)
        {
            md.AppendLine(critical.Producible ? "None: no single unit's loss stops the item." : "The item is not producible now, so no single loss is what stops it.").AppendLine();
        }
        else
        {
            md.AppendLine("| unit | name | country | capacity/month upstream |").AppendLine("|---|---|---|---:|");
            foreach (var c in critical.Critical)
            {
                md.Append(inv, $"| `{Cell(c.Unit)}` | {Cell(c.Name)} | {Cell(c.Country)} | {c.CapacityPerMonth:0.##} |").AppendLine();
            }
            md.AppendLine();
            foreach (var c in critical.Critical)
            {
                md.Append(inv, $"**Why `{Cell(c.Unit)}`:**").AppendLine().AppendLine();
                var n = 1;
                foreach (var step in c.Why)
                {
                    md.Append(inv, $"{n++}. {Cell(step.Text)}").AppendLine();
                }
                md.AppendLine();
            }
        }

        md.Append(inv, $"## Pairs ({pairs.Unit})").AppendLine().AppendLine();
        if (pairs.Pairs.Count == 0)
        {
            md.AppendLine("None found: no two units, neither critical alone, stop the item together.").AppendLine();
        }
        else
        {
            md.AppendLine("| first | second | capacity/month upstream |").AppendLine("|---|---|---:|");
            foreach (var p in pairs.Pairs)
            {
                md.Append(inv, $"| `{Cell(p.First)}` {Cell(p.FirstName)} | `{Cell(p.Second)}` {Cell(p.SecondName)} | {p.CapacityPerMonth:0.##} |").AppendLine();
            }
            md.AppendLine();
        }

        md.AppendLine("## Concentration by tier").AppendLine();
        md.Append(inv, $"Shares of qualified capacity; HHI 0–10,000; adversary countries: {string.Join(", ", concentration.AdversaryCountries)}; flagged: organizations with open or confirmed screening hits.").AppendLine().AppendLine();
        md.AppendLine("| tier | parts | HHI (organizations) | HHI (countries) | single-source | sole-source | adversary share | flagged share | largest country |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var t in concentration.Tiers)
        {
            var top = t.ByCountry.OrderByDescending(s => s.Share).FirstOrDefault();
            md.Append(inv, $"| {t.Tier} | {t.Parts} | {t.HhiByOrganization:0} | {t.HhiByCountry:0} | {t.SingleSourceParts} | {t.SoleSourceParts} | {t.AdversaryShare:P0} | {t.FlaggedShare:P0} | {(top is null ? "" : $"{Cell(top.Key)} {top.Share:P0}")} |").AppendLine();
        }
        md.AppendLine();
        var concentrated = concentration.Parts.Where(p => p.Tier > 0).OrderByDescending(p => p.HhiByOrganization).ThenBy(p => p.PartId, StringComparer.Ordinal).Take(BriefingTop).ToList();
        if (concentrated.Count > 0)
        {
            md.AppendLine("### Most concentrated parts").AppendLine();
            md.AppendLine("| part | tier | HHI (organizations) | organizations | single-source | sole-source | adversary share |").AppendLine("|---|---:|---:|---:|---|---|---:|");
            foreach (var p in concentrated)
            {
                md.Append(inv, $"| {Cell(p.Name)} (`{Cell(p.PartId)}`) | {p.Tier} | {p.HhiByOrganization:0} | {p.Organizations} | {(p.SingleSource ? "yes" : "")} | {(p.SoleSource ? "yes" : "")} | {p.AdversaryShare:P0} |").AppendLine();
            }
            md.AppendLine();
        }

        if (disruption is not null)
        {
            md.Append(inv, $"## What if {string.Join(", ", disruption.Removed.Select(r => $"`{Cell(r)}`"))} is lost").AppendLine().AppendLine();
            md.Append(inv, $"{disruption.OffersRemoved} offer(s) removed directly.").AppendLine().AppendLine();
            md.AppendLine("| item | producible before | after | max monthly before | after | recovery | qualify |").AppendLine("|---|---|---|---:|---:|---|---|");
            foreach (var i in disruption.Items)
            {
                var recovery = i.ProducibleAfter ? "—" : i.RecoveryMonths is { } m ? $"{m} months" : "not by qualification";
                md.Append(inv, $"| {Cell(i.Name)} (`{Cell(i.PartId)}`) | {(i.ProducibleBefore ? "yes" : "no")} | {(i.ProducibleAfter ? "yes" : "no")} | {Number(i.MaxMonthlyBefore)} | {Number(i.MaxMonthlyAfter)} | {recovery} | {string.Join(", ", i.Qualify.Select(q => $"`{Cell(q)}`"))} |").AppendLine();
            }
            md.AppendLine();
            var lost = disruption.Parts.Where(p => p.CapacityAfter < p.CapacityBefore).OrderByDescending(p => p.LostShare).ThenBy(p => p.PartId, StringComparer.Ordinal).Take(BriefingTop * 2).ToList();
            if (lost.Count > 0)
            {
                md.AppendLine("| part losing capacity | before/month | after/month | lost |").AppendLine("|---|---:|---:|---:|");
                foreach (var p in lost)
                {
                    md.Append(inv, $"| {Cell(p.Name)} (`{Cell(p.PartId)}`) | {p.CapacityBefore:0.##} | {p.CapacityAfter:0.##} | {p.LostShare:P0} |").AppendLine();
                }
                md.AppendLine();
            }
        }
        md.AppendLine("---").AppendLine();
        md.AppendLine("Computed exactly from qualification data (approved sources per input) by Musubi's network engine; see docs/engines/network.md for the method.");
        return md.ToString();
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "—";

    /// <summary>Registry text as one Markdown table cell: no line breaks, pipes and backticks escaped.</summary>
    private static string Cell(string text) =>
        text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);
}
