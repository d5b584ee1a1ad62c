using Musubi.Core.Features.Import;
using Musubi.Engines.Network;

namespace Musubi.Core.Features.Network;

/// <summary>A supply-network package could not be read: every problem, each <c>file:line:field: message</c>.</summary>
public sealed class NetworkPackageException(IReadOnlyList<string> problems)
    : Exception(problems.Count == 0 ? "invalid network package" : string.Join(Environment.NewLine, problems.Take(20)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Reads a supply-network package (docs/formats.md §1) into a <see cref="SupplyNetwork"/> for the network analyses
/// (issue #5; docs/engines/network.md). Cells are parsed and checked by the import's own readers
/// (<see cref="RegistryRows"/>, <see cref="RegistryValidation"/>, <see cref="PackageRows"/>), so a value the import
/// refuses is refused here with the same message; then every reference is checked with its line. Unlike the import, a
/// bill-of-materials cycle is no error: the analyses report cycles. <c>offer_inputs.csv</c> and
/// <c>approved_sources.csv</c> may be left out (no inputs, no approved sources). All problems are collected and thrown
/// together as <see cref="NetworkPackageException"/>.
/// </summary>
public static class NetworkPackageReader
{
    /// <summary>Largest file read (bytes).</summary>
    public const long MaxFileBytes = 2L << 30;

    private const string OrganizationsFile = "organizations.csv";
    private const string FacilitiesFile = "facilities.csv";
    private const string PartsFile = "parts.csv";
    private const string OffersFile = "offers.csv";
    private const string InputsFile = "offer_inputs.csv";
    private const string SourcesFile = "approved_sources.csv";

    public static SupplyNetwork Read(string directory)
    {
        var errors = new ErrorSink();
        if (!Directory.Exists(directory))
        {
            errors.Add(directory, 0, "input", "no such folder (a supply-network package is a folder of CSV files, docs/formats.md §1)");
            throw new NetworkPackageException([.. errors.Lines()]);
        }
        var validation = new RegistryValidation(errors);

        var organizations = new List<(long Line, NetworkOrganization Record)>();
        ReadTable(directory, OrganizationsFile, true, RegistryRows.OrganizationRequired, RegistryRows.OrganizationOptional, errors, (f, r, s) =>
        {
            if (validation.Organization(s, RegistryRows.Organization(f, r, s, errors)) is { } o)
            {
                organizations.Add((r.Line, new NetworkOrganization(o.Id, o.Name, o.Country)));
            }
        });
        var facilities = new List<(long Line, NetworkFacility Record)>();
        ReadTable(directory, FacilitiesFile, true, RegistryRows.FacilityRequired, RegistryRows.FacilityOptional, errors, (f, r, s) =>
        {
            if (validation.Facility(s, RegistryRows.Facility(f, r, s, errors)) is { } x)
            {
                facilities.Add((r.Line, new NetworkFacility(x.Id, x.OrganizationId, x.Name, x.Country, x.Region ?? "")));
            }
        });
        var parts = new List<PartRow>();
        ReadTable(directory, PartsFile, true, PackageRows.PartRequired, PackageRows.PartOptional, errors, (f, r, _) => parts.Add(PackageRows.Part(f, r, errors)));
        var offers = new List<OfferRow>();
        ReadTable(directory, OffersFile, true, PackageRows.OfferRequired, PackageRows.OfferOptional, errors, (f, r, _) => offers.Add(PackageRows.Offer(f, r, errors)));
        var inputs = new List<OfferInputRow>();
        ReadTable(directory, InputsFile, false, PackageRows.OfferInputRequired, [], errors, (f, r, _) => inputs.Add(PackageRows.OfferInput(f, r, errors)));
        var sources = new List<ApprovedSourceRow>();
        ReadTable(directory, SourcesFile, false, PackageRows.ApprovedSourceRequired, [], errors, (f, r, _) => sources.Add(PackageRows.ApprovedSource(f, r, errors)));

        CheckReferences(organizations, facilities, parts, offers, inputs, sources, errors);
        if (errors.Any)
        {
            throw new NetworkPackageException([.. errors.Lines()]);
        }
        try
        {
            return SupplyNetwork.Build(
                organizations.Select(o => o.Record),
                facilities.Select(f => f.Record),
                parts.Select(p => new NetworkPart(p.Id, p.Name, p.EndItem)),
                offers.Select(o => new NetworkOffer(o.Id, o.PartId, o.FacilityId, (double)o.CapacityPerMonth, o.LeadTimeDays, o.Qualified, o.QualificationMonths, (double?)o.QualificationCostUsd)),
                inputs.Select(i => new NetworkInput(i.OfferId, i.InputPartId, (double)i.QuantityPerUnit)),
                sources.Select(s => new NetworkSource(s.OfferId, s.InputPartId, s.SourceOfferId)));
        }
        catch (NetworkInputException ex)
        {
            // Everything the engine checks is checked above with its line; this is the backstop.
            throw new NetworkPackageException([.. ex.Problems.Select(p => $"{p.Record}:0:{p.Field}: {p.Message}")]);
        }
    }

    private static void ReadTable(string directory, string fileName, bool required, string[] requiredColumns, string[] optionalColumns, ErrorSink errors,
        Action<TabularFile, TabularRow, RecordSite> onRow)
    {
        var path = Path.Combine(directory, fileName);
        if (!File.Exists(path))
        {
            if (required)
            {
                errors.Add(fileName, 0, "file", $"file not found in {directory} (a package needs {OrganizationsFile}, {FacilitiesFile}, {PartsFile} and {OffersFile})");
            }
            return;
        }
        if (!InputFile.Check(path, MaxFileBytes, errors))
        {
            return;
        }
        TabularFile.ReadTable(path, requiredColumns, optionalColumns, errors, onRow);
    }

    private static void CheckReferences(
        List<(long Line, NetworkOrganization Record)> organizations,
        List<(long Line, NetworkFacility Record)> facilities,
        List<PartRow> parts,
        List<OfferRow> offers,
        List<OfferInputRow> inputs,
        List<ApprovedSourceRow> sources,
        ErrorSink errors)
    {
        var organizationIds = Unique(organizations.Select(o => (o.Line, o.Record.Id)), OrganizationsFile, errors);
        var facilityIds = Unique(facilities.Select(f => (f.Line, f.Record.Id)), FacilitiesFile, errors);
        var partIds = Unique(parts.Select(p => (p.Line, p.Id)), PartsFile, errors);
        var offerPart = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in offers)
        {
            if (!offerPart.TryAdd(row.Id, row.PartId))
            {
                errors.Add(OffersFile, row.Line, "id", $"duplicate id '{row.Id}'");
            }
        }
        foreach (var (line, f) in facilities)
        {
            if (!organizationIds.Contains(f.OrganizationId))
            {
                errors.Add(FacilitiesFile, line, "organization_id", $"unknown organization '{f.OrganizationId}' (not in {OrganizationsFile})");
            }
        }
        foreach (var row in offers)
        {
            if (!partIds.Contains(row.PartId))
            {
                errors.Add(OffersFile, row.Line, "part_id", $"unknown part '{row.PartId}' (not in {PartsFile})");
            }
            if (!facilityIds.Contains(row.FacilityId))
            {
                errors.Add(OffersFile, row.Line, "facility_id", $"unknown facility '{row.FacilityId}' (not in {FacilitiesFile})");
            }
        }
        var inputPairs = new HashSet<(string Offer, string Part)>();
        foreach (var i in inputs)
        {
            if (!offerPart.ContainsKey(i.OfferId))
            {
                errors.Add(InputsFile, i.Line, "offer_id", $"unknown offer '{i.OfferId}' (not in {OffersFile})");
            }
            if (!partIds.Contains(i.InputPartId))
            {
                errors.Add(InputsFile, i.Line, "input_part_id", $"unknown part '{i.InputPartId}' (not in {PartsFile})");
            }
            if (!inputPairs.Add((i.OfferId, i.InputPartId)))
            {
                errors.Add(InputsFile, i.Line, "input_part_id", $"offer '{i.OfferId}' already lists input '{i.InputPartId}'");
            }
        }
        var sourceTriples = new HashSet<(string, string, string)>();
        foreach (var s in sources)
        {
            if (!offerPart.ContainsKey(s.OfferId))
            {
                errors.Add(SourcesFile, s.Line, "offer_id", $"unknown offer '{s.OfferId}' (not in {OffersFile})");
            }
            else if (!inputPairs.Contains((s.OfferId, s.InputPartId)))
            {
                errors.Add(SourcesFile, s.Line, "input_part_id", $"offer '{s.OfferId}' has no input '{s.InputPartId}' in {InputsFile}");
            }
            if (!offerPart.TryGetValue(s.SourceOfferId, out var made))
            {
                errors.Add(SourcesFile, s.Line, "source_offer_id", $"unknown offer '{s.SourceOfferId}' (not in {OffersFile})");
            }
            else if (!string.Equals(made, s.InputPartId, StringComparison.Ordinal))
            {
                errors.Add(SourcesFile, s.Line, "source_offer_id", $"offer '{s.SourceOfferId}' makes '{made}', not the input '{s.InputPartId}'");
            }
            if (!sourceTriples.Add((s.OfferId, s.InputPartId, s.SourceOfferId)))
            {
                errors.Add(SourcesFile, s.Line, "source_offer_id", $"'{s.SourceOfferId}' is already approved for offer '{s.OfferId}' input '{s.InputPartId}'");
            }
        }
    }

    private static HashSet<string> Unique(IEnumerable<(long Line, string Id)> rows, string file, ErrorSink errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, id) in rows)
        {
            if (!ids.Add(id))
            {
                errors.Add(file, line, "id", $"duplicate id '{id}'");
            }
        }
        return ids;
    }
}
