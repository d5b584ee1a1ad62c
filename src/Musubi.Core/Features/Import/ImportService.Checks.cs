using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Features.Import;

public sealed partial class ImportService
{
    private const int Chunk = 500;

    private void Duplicates<T>(IEnumerable<T> items, Func<T, string> key, Func<T, (string File, long Line, string Field)> where, string what)
    {
        var first = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var k = key(item);
            var (file, line, field) = where(item);
            if (!first.TryAdd(k, line))
            {
                _errors.Add(file, line, field, $"duplicate {what} '{k}' (first at line {Line(first[k])})");
            }
        }
    }

    private void SitedDuplicates<T>(List<Sited<T>> items, Func<T, string> key, string what) =>
        Duplicates(items, s => key(s.Record), s => (s.Site.File, s.Site.Line, s.Site.SnakeCase ? "id" : "id"), what);

    private async Task CheckDuplicatesAndReferencesAsync(CancellationToken ct)
    {
        SitedDuplicates(_taxonomy, e => e.Id, "capability code");
        SitedDuplicates(_organizations, e => e.Id, "organization id");
        SitedDuplicates(_facilities, e => e.Id, "facility id");
        SitedDuplicates(_capabilities, e => e.Id, "capability id");
        SitedDuplicates(_programs, e => e.Id, "program id");
        SitedDuplicates(_requirements, e => e.Id, "requirement id");
        SitedDuplicates(_agreements, e => e.Id, "agreement id");
        SitedDuplicates(_principals, e => e.Id, "principal id");
        var partsFile = _fileOf.GetValueOrDefault(ImportKind.Parts, "parts.csv");
        var offersFile = _fileOf.GetValueOrDefault(ImportKind.Offers, "offers.csv");
        var inputsFile = _fileOf.GetValueOrDefault(ImportKind.OfferInputs, "offer_inputs.csv");
        var approvedFile = _fileOf.GetValueOrDefault(ImportKind.ApprovedSources, "approved_sources.csv");
        Duplicates(_parts, p => p.Id, p => (partsFile, p.Line, "id"), "part id");
        Duplicates(_offers, o => o.Id, o => (offersFile, o.Line, "id"), "offer id");
        var firstInput = _inputPairs;
        firstInput.EnsureCapacity(_offerInputs.Count);
        foreach (var i in _offerInputs)
        {
            if (!firstInput.TryAdd((i.OfferId, i.InputPartId), i.Line))
            {
                _errors.Add(inputsFile, i.Line, "input_part_id", $"duplicate offer input '{i.OfferId} → {i.InputPartId}' (first at line {Line(firstInput[(i.OfferId, i.InputPartId)])})");
            }
        }
        var firstApproved = new Dictionary<(string, string, string), long>(_approved.Count);
        foreach (var a in _approved)
        {
            if (!firstApproved.TryAdd((a.OfferId, a.InputPartId, a.SourceOfferId), a.Line))
            {
                _errors.Add(approvedFile, a.Line, "source_offer_id",
                    $"duplicate approved source '{a.OfferId} → {a.InputPartId} ← {a.SourceOfferId}' (first at line {Line(firstApproved[(a.OfferId, a.InputPartId, a.SourceOfferId)])})");
            }
        }
        var clean = !_errors.Any;

        // Every reference must resolve in this import or in the database.
        var defined = new Dictionary<RefKind, HashSet<string>>
        {
            [RefKind.Organization] = [.. _organizations.Select(e => e.Record.Id)],
            [RefKind.Facility] = [.. _facilities.Select(e => e.Record.Id)],
            [RefKind.Capability] = [.. _taxonomy.Select(e => e.Record.Id)],
            [RefKind.Program] = [.. _programs.Select(e => e.Record.Id)],
            [RefKind.Part] = new HashSet<string>(_parts.Select(p => p.Id), StringComparer.Ordinal),
            [RefKind.Offer] = new HashSet<string>(_offers.Select(o => o.Id), StringComparer.Ordinal),
        };
        var references = new List<Reference>(Validation.References);
        // Package rows number in the millions: allocate a reference only for what the import itself does not define.
        void Need(string file, long line, string field, RefKind kind, string id)
        {
            if (!defined[kind].Contains(id))
            {
                references.Add(new Reference(new RecordSite(file, line, true), field, kind, id));
            }
        }
        foreach (var o in _offers)
        {
            Need(offersFile, o.Line, "part_id", RefKind.Part, o.PartId);
            Need(offersFile, o.Line, "facility_id", RefKind.Facility, o.FacilityId);
        }
        foreach (var i in _offerInputs)
        {
            Need(inputsFile, i.Line, "offer_id", RefKind.Offer, i.OfferId);
            Need(inputsFile, i.Line, "input_part_id", RefKind.Part, i.InputPartId);
        }
        foreach (var a in _approved)
        {
            Need(approvedFile, a.Line, "input_part_id", RefKind.Part, a.InputPartId);
            Need(approvedFile, a.Line, "source_offer_id", RefKind.Offer, a.SourceOfferId);
        }
        await ReferenceLookup.CheckAsync(db, references, _errors, ct, r => defined[r.Kind].Contains(r.Id));
        if (!clean)
        {
            return;
        }
        ParentsFirst(_organizations, o => o.ParentId, "parentId");
        ParentsFirst(_taxonomy, n => n.ParentId, "parent");
        if (_errors.Any || _approved.Count == 0)
        {
            return;
        }
        await CheckApprovedSourcesAsync(approvedFile, ct);
    }

    /// <summary>Orders a self-referencing list so that every parent in the import is written before its children.</summary>
    private void ParentsFirst<T>(List<Sited<T>> items, Func<T, string?> parentOf, string field) where T : TrackedEntity
    {
        var byId = items.ToDictionary(s => s.Record.Id, StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<Sited<T>>(items.Count);
        foreach (var item in items)
        {
            var chain = new List<Sited<T>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var at = item; at is not null && !placed.Contains(at.Record.Id);)
            {
                if (!seen.Add(at.Record.Id))
                {
                    at.Site.Error(_errors, field, "parent chain loops back to '" + at.Record.Id + "'");
                    return;
                }
                chain.Add(at);
                at = parentOf(at.Record) is { } parent && byId.TryGetValue(parent, out var p) ? p : null;
            }
            for (var k = chain.Count - 1; k >= 0; k--)
            {
                placed.Add(chain[k].Record.Id);
                ordered.Add(chain[k]);
            }
        }
        items.Clear();
        items.AddRange(ordered);
    }

    /// <summary>The (offer, input part) pairs of this import, with the line of each; filled by the duplicate check.</summary>
    private readonly Dictionary<(string Offer, string Input), long> _inputPairs = [];

    /// <summary>Offer → the part it makes: this import's offers, plus stored ones as they are asked for.</summary>
    private Dictionary<string, string>? _partOfOffer;

    private async Task<Dictionary<string, string>> PartOfOfferAsync(IEnumerable<string> needed, CancellationToken ct)
    {
        if (_partOfOffer is null)
        {
            _partOfOffer = new Dictionary<string, string>(_offers.Count, StringComparer.Ordinal);
            foreach (var o in _offers)
            {
                _partOfOffer[o.Id] = o.PartId;
            }
        }
        var missing = needed.Where(id => !_partOfOffer.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in missing.Chunk(Chunk))
        {
            var list = chunk.ToList();
            foreach (var row in await db.Offers.IgnoreQueryFilters().AsNoTracking().Where(o => list.Contains(o.Id)).Select(o => new { o.Id, o.PartId }).ToListAsync(ct))
            {
                _partOfOffer[row.Id] = row.PartId;
            }
        }
        return _partOfOffer;
    }

    /// <summary>
    /// An approved source names an (offer, input) pair that exists, and an offer that makes that input part.
    /// </summary>
    private async Task CheckApprovedSourcesAsync(string approvedFile, CancellationToken ct)
    {
        var partOfOffer = await PartOfOfferAsync(_approved.Select(a => a.SourceOfferId).Concat(_approved.Select(a => a.OfferId)), ct);
        var storedPairs = new HashSet<(string, string)>();
        var offersWithoutPairs = _approved.Where(a => !_inputPairs.ContainsKey((a.OfferId, a.InputPartId))).Select(a => a.OfferId).Distinct(StringComparer.Ordinal).ToList();
        foreach (var chunk in offersWithoutPairs.Chunk(Chunk))
        {
            var list = chunk.ToList();
            foreach (var row in await db.OfferInputs.AsNoTracking().Where(i => list.Contains(i.OfferId)).Select(i => new { i.OfferId, i.InputPartId }).ToListAsync(ct))
            {
                storedPairs.Add((row.OfferId, row.InputPartId));
            }
        }
        foreach (var a in _approved)
        {
            if (!_inputPairs.ContainsKey((a.OfferId, a.InputPartId)) && !storedPairs.Contains((a.OfferId, a.InputPartId)))
            {
                _errors.Add(approvedFile, a.Line, "input_part_id", $"offer '{a.OfferId}' has no input '{a.InputPartId}' in offer_inputs");
            }
            if (!partOfOffer.TryGetValue(a.OfferId, out _))
            {
                _errors.Add(approvedFile, a.Line, "offer_id", $"offer '{a.OfferId}' does not exist in this import or in the database");
            }
            if (partOfOffer.TryGetValue(a.SourceOfferId, out var made) && !string.Equals(made, a.InputPartId, StringComparison.Ordinal))
            {
                _errors.Add(approvedFile, a.Line, "source_offer_id", $"offer '{a.SourceOfferId}' makes '{made}', not the input '{a.InputPartId}'");
            }
        }
    }

    /// <summary>The bill of materials (part → parts its offers consume), this import's edges plus the database's, must be acyclic.</summary>
    private async Task CheckCyclesAsync(CancellationToken ct)
    {
        var partOfOffer = await PartOfOfferAsync(_offerInputs.Select(i => i.OfferId), ct);
        var consumes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var edgeLine = new Dictionary<(string, string), long>();
        void Edge(string from, string to)
        {
            if (!consumes.TryGetValue(from, out var list))
            {
                consumes[from] = list = [];
            }
            list.Add(to);
        }
        foreach (var i in _offerInputs)
        {
            var part = partOfOffer[i.OfferId];
            Edge(part, i.InputPartId);
            edgeLine.TryAdd((part, i.InputPartId), i.Line);
        }
        var stored = await (from i in db.OfferInputs.AsNoTracking()
                            join o in db.Offers.IgnoreQueryFilters().AsNoTracking() on i.OfferId equals o.Id
                            select new { o.PartId, i.InputPartId }).Distinct().ToListAsync(ct);
        foreach (var e in stored)
        {
            Edge(e.PartId, e.InputPartId);
        }
        if (BomCycles.FindCycle(consumes) is { } cycle)
        {
            var line = 0L;
            for (var k = 0; k + 1 < cycle.Count && line == 0; k++)
            {
                edgeLine.TryGetValue((cycle[k], cycle[k + 1]), out line);
            }
            _errors.Add(_fileOf.GetValueOrDefault(ImportKind.OfferInputs, "offer_inputs.csv"), line, "input_part_id",
                "BOM cycle: " + string.Join(" -> ", cycle));
        }
    }
}
