using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Export;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Surge;
using Musubi.Engines.Optimization.Surge;

namespace Musubi.Core.Features.PriorityRequests;

public sealed partial class PriorityRequestService
{
    /// <summary>The columns of the CSV export, in order.</summary>
    public static readonly IReadOnlyList<string> ExportColumns =
    [
        "id", "requesting_government", "receiving_government", "part_id", "quantity", "supplier_organization_id", "facility_id",
        "needed_by", "priority", "program_id", "operation", "state", "state_entered_at", "due_at", "overdue", "escalation_level",
        "promised_date", "promised_quantity", "marking", "created_at", "created_by",
    ];

    /// <summary>The age buckets of the dashboard: business days in the current state.</summary>
    public static readonly IReadOnlyList<(int From, int? To)> AgeBuckets = [(0, 5), (6, 10), (11, 20), (21, null)];

    /// <summary>
    /// The dashboard over the requests the reader may see: open requests by state and age in the state (business days of
    /// the country that must act), the median business days each state took per acting nation (from the history of
    /// every visible request: a stay counts once it has ended), the overdue count and the totals by state.
    /// </summary>
    public async Task<PriorityDashboard> DashboardAsync(CancellationToken ct = default)
    {
        var reader = await ReaderAsync(ct);
        var requests = await Visible(reader).AsNoTracking().ToListAsync(ct);
        var ids = requests.Select(r => r.Id).ToList();
        var transitions = await db.PriorityTransitions.AsNoTracking().Where(t => ids.Contains(t.RequestId)).ToListAsync(ct);
        var today = Today;

        var open = new List<PriorityAgeBuckets>();
        foreach (var state in PriorityStates.All.Where(PriorityStates.IsOpen))
        {
            var counts = new int[AgeBuckets.Count];
            foreach (var r in requests.Where(r => r.State == state))
            {
                var (_, country) = Acting(r);
                var age = BusinessDaysBetween(country!, DateOnly.FromDateTime(r.StateEnteredAt.UtcDateTime), today);
                counts[age <= 5 ? 0 : age <= 10 ? 1 : age <= 20 ? 2 : 3]++;
            }
            open.Add(new PriorityAgeBuckets(state, counts[0], counts[1], counts[2], counts[3]));
        }

        var stays = new Dictionary<(string State, string Nation), List<int>>();
        var byRequest = requests.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var history in transitions.GroupBy(t => t.RequestId, StringComparer.Ordinal))
        {
            var request = byRequest[history.Key];
            var ordered = history.OrderBy(t => t.At).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
            for (var i = 0; i + 1 < ordered.Count; i++)
            {
                var state = ordered[i].To;
                var probe = new PriorityRequest
                {
                    Id = request.Id,
                    RequestingGovernment = request.RequestingGovernment,
                    ReceivingGovernment = request.ReceivingGovernment,
                    PartId = request.PartId,
                    SupplierOrganizationId = request.SupplierOrganizationId,
                    Justification = "",
                    Priority = request.Priority,
                    State = state,
                    CreatedBy = request.CreatedBy,
                };
                if (Acting(probe) is not (_, { } nation))
                {
                    continue;
                }
                var days = BusinessDaysBetween(nation, DateOnly.FromDateTime(ordered[i].At.UtcDateTime), DateOnly.FromDateTime(ordered[i + 1].At.UtcDateTime));
                if (!stays.TryGetValue((state, nation), out var list))
                {
                    stays[(state, nation)] = list = [];
                }
                list.Add(days);
            }
        }
        var medians = stays
            .OrderBy(s => PriorityStates.All.ToList().IndexOf(s.Key.State)).ThenBy(s => s.Key.Nation, StringComparer.Ordinal)
            .Select(s => new PriorityStateMedian(s.Key.State, s.Key.Nation, Median(s.Value), s.Value.Count))
            .ToList();
        var byState = PriorityStates.All.ToDictionary(s => s, s => requests.Count(r => r.State == s), StringComparer.Ordinal);
        return new PriorityDashboard(open, medians, requests.Count(IsOverdue), requests.Count(r => PriorityStates.IsOpen(r.State)), requests.Count, byState);
    }

    private static double Median(List<int> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    /// <summary>
    /// The requests the reader may see and hold a copy of (<see cref="CopyPolicy"/>), newest first, as CSV (UTF-8, CRLF,
    /// header row; a banner line with the rolled-up marking first when any row is marked; formula-like text defused).
    /// </summary>
    public async Task<string> ExportCsvAsync(CancellationToken ct = default)
    {
        var reader = await ReaderAsync(ct);
        var rows = await Visible(reader).Copyable(db).AsNoTracking().OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).ToListAsync(ct);
        var sb = new StringBuilder();
        var banner = Marking.RollUp(rows.Select(r => r.Marking));
        if (!banner.Releasability.IsUnmarked || banner.NeedToKnow.Count > 0)
        {
            sb.Append(TableWriter.BannerLine(banner.ToString())).Append("\r\n");
        }
        await using (var writer = new StringWriter(sb, CultureInfo.InvariantCulture))
        await using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var column in ExportColumns)
            {
                csv.WriteField(column);
            }
            await csv.NextRecordAsync();
            foreach (var r in rows)
            {
                string?[] values =
                [
                    r.Id, r.RequestingGovernment, r.ReceivingGovernment, r.PartId, Int(r.Quantity), r.SupplierOrganizationId, r.FacilityId,
                    Date(r.NeededBy), r.Priority, r.ProgramId, r.Operation, r.State, Stamp(r.StateEnteredAt), r.DueAt is { } d ? Date(d) : null,
                    IsOverdue(r) ? "true" : "false", Int(r.EscalationLevel), r.PromisedDate is { } p ? Date(p) : null,
                    r.PromisedQuantity is { } q ? Int(q) : null, r.Marking.FileBanner, Stamp(r.CreatedAt), r.CreatedBy,
                ];
                foreach (var value in values)
                {
                    csv.WriteField(Values.Escape(value));
                }
                await csv.NextRecordAsync();
            }
        }
        return sb.ToString();
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Stamp(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Where the surge planner's default planning data lives: <c>data/demo/surge</c> beside the program (or under <c>MUSUBI_DATA</c>).</summary>
    public static string DefaultPlanDirectory => Path.Combine(DatabaseSetup.DataDirectory, "demo", "surge");

    /// <summary>
    /// What the request does to the surge planner's deliveries (docs/priority-requests.md, "Impact"): over the network
    /// as the reader sees it, month 1 being the current month, the baseline is the default planning data's demand and
    /// stocks (what the reader's network holds of them) planned with objective <c>shortfall</c> over a horizon that covers
    /// the needed-by month; then the same with the request added as demand for its part (its quantity in the needed-by
    /// month, priority 1). Reports whether the request is met by its month and every baseline (item, month) that
    /// delivers less with it. A part not in the reader's network, or a needed-by month already past, gives an answer
    /// that says so (<see cref="PriorityImpact.Computed"/> false), not an error.
    /// </summary>
    public async Task<PriorityImpact> ImpactAsync(string id, CancellationToken ct = default)
    {
        var reader = await ReaderAsync(ct);
        var key = id?.Trim() ?? "";
        var request = await Visible(reader).AsNoTracking().FirstOrDefaultAsync(p => p.Id == key, ct) ?? throw new PriorityNotFoundException("priority request", key);
        var notes = new List<string>();
        var today = Today;
        var first = new DateOnly(today.Year, today.Month, 1);
        var neededMonth = ((request.NeededBy.Year - first.Year) * 12) + request.NeededBy.Month - first.Month + 1;
        PriorityImpact NotComputed(bool inNetwork, bool emptyBaseline) => new(
            request.Id, request.PartId, request.Quantity, request.NeededBy, false, inNetwork, emptyBaseline, first, 0,
            MonthLabel(first, neededMonth), 0, false, [], notes);

        var surge = new SurgeService(db, clock);
        var network = await surge.NetworkAsync(ct);
        if (network.FindPart(request.PartId) is null)
        {
            notes.Add($"part '{request.PartId}' is not in the supply network as you see it (no sourcing offer makes or uses it): the surge planner cannot plan it");
            return NotComputed(false, true);
        }
        if (neededMonth < 1)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"the needed-by month {request.NeededBy:yyyy-MM} has passed: there is no month left to plan"));
            return NotComputed(true, true);
        }
        if (neededMonth > SurgeRequest.MaxMonths)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"the needed-by month is {neededMonth} months ahead, beyond the surge planner's {SurgeRequest.MaxMonths}-month horizon"));
            return NotComputed(true, true);
        }
        var months = Math.Min(SurgeRequest.MaxMonths, Math.Max(neededMonth, options.ImpactMinimumMonths));

        var data = SurgePlanData.Empty;
        if (Directory.Exists(DefaultPlanDirectory))
        {
            try
            {
                data = SurgePlanDataReader.Read(DefaultPlanDirectory);
            }
            catch (SurgePlanDataException ex)
            {
                notes.Add("the default planning data could not be read, so the baseline has no demand: " + ex.Problems.FirstOrDefault());
            }
        }
        var facilities = network.AllFacilities.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var demand = data.Demand.Where(d => network.FindPart(d.PartId) is not null && d.Month <= months).ToList();
        var stocks = data.Stocks.Where(s => network.FindPart(s.PartId) is not null && facilities.Contains(s.FacilityId)).ToList();
        var baselineItems = demand.Select(d => d.PartId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var emptyBaseline = demand.Count == 0;
        if (emptyBaseline)
        {
            notes.Add("the baseline demand is empty (no planning data for the parts in your network): only whether the request itself can be met is reported");
        }

        SurgePlan? baseline = null;
        SurgePlan withRequest;
        try
        {
            if (!emptyBaseline)
            {
                baseline = SurgeService.Plan(network, new SurgeQuestion(baselineItems, months, "shortfall", Demand: demand, Stocks: stocks)).Plans[0];
            }
            var items = baselineItems.Append(request.PartId).Distinct(StringComparer.Ordinal).ToList();
            var added = demand.Append(new SurgeDemand(request.PartId, neededMonth, request.Quantity, 1)).ToList();
            // The base keeps what it has in flight for the baseline's items: the request is extra demand on the base
            // as it runs today, not a reason to re-plan the pipeline (whose steady state, over a component as one more
            // item, would turn the lines over to it and empty the end items' months 1…L).
            var (_, prepared) = SurgeQuestions.Prepare(network, new SurgeQuestion(items, months, "shortfall", Demand: added, Stocks: stocks));
            withRequest = SurgePlanner.Plan(network, prepared[0] with { PipelineItems = baselineItems.Count > 0 ? baselineItems : null });
        }
        catch (SurgeValidationException ex)
        {
            notes.Add("the surge planner could not plan it: " + ex.Message);
            return NotComputed(true, emptyBaseline);
        }
        if (withRequest.Status != "optimal")
        {
            notes.Add($"the plan with the request is '{withRequest.Status}'" + (withRequest.Explanation is { } e ? ": " + e.Text : ""));
        }

        // Deliveries beyond an item's demand cost nothing in the shortfall objective, so how much the planner delivers
        // over demand, and in which month, is one of many equally good answers (two solves can differ there without
        // anything slipping). What the objective fixes is the backlog: so both what the request gets and what slips
        // are read as demand met — cumulative demand by the month less the backlog after it.
        static Dictionary<(string Item, int Month), double> Served(SurgePlan plan)
        {
            var served = new Dictionary<(string, int), double>();
            foreach (var group in plan.Schedule.Where(s => s.Demand is not null).GroupBy(s => s.Item, StringComparer.Ordinal))
            {
                var demanded = 0.0;
                foreach (var s in group.OrderBy(s => s.Month))
                {
                    demanded += s.Demand ?? 0;
                    served[(group.Key, s.Month)] = Math.Max(0, demanded - (s.Backlog ?? 0));
                }
            }
            return served;
        }
        var servedWith = Served(withRequest);
        var servedBase = baseline is null ? [] : Served(baseline);
        var requestKey = (request.PartId, neededMonth);
        var forRequest = Math.Max(0, servedWith.GetValueOrDefault(requestKey) - servedBase.GetValueOrDefault(requestKey));
        var canMeet = forRequest >= request.Quantity - 1e-6;
        var slips = new List<PrioritySlip>();
        foreach (var ((item, month), before) in servedBase.OrderBy(p => p.Key.Item, StringComparer.Ordinal).ThenBy(p => p.Key.Month))
        {
            var with = servedWith.GetValueOrDefault((item, month));
            if (before - with > 1e-6)
            {
                slips.Add(new PrioritySlip(item, month, MonthLabel(first, month)!, Round(before), Round(with), Round(before - with)));
            }
        }
        return new PriorityImpact(request.Id, request.PartId, request.Quantity, request.NeededBy, true, true, emptyBaseline, first, months,
            MonthLabel(first, neededMonth), Round(forRequest), canMeet, slips, notes);
    }

    private static double Round(double value) => Math.Round(value, 3);

    private static string? MonthLabel(DateOnly first, int month) =>
        month < 1 ? null : first.AddMonths(month - 1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
