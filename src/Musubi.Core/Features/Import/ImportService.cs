using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Features.Import;

public sealed record ImportOptions
{
    /// <summary>Files larger than this are rejected before they are read.</summary>
    public long MaxFileBytes { get; init; } = 2L << 30;
    /// <summary>Check everything, write nothing.</summary>
    public bool DryRun { get; init; }
}

/// <summary>Progress of an import: the stage and, for writing, rows done of rows in all.</summary>
public sealed record ImportProgress(string Stage, long Done, long Total);

public sealed record ImportReport(IReadOnlyList<string> Errors, int ErrorCount, IReadOnlyDictionary<string, long> Upserted, bool DryRun)
{
    /// <summary>Seconds spent in each stage (read, check, write per table), for benchmarks and slow-import diagnosis.</summary>
    public IReadOnlyDictionary<string, double> Timings { get; init; } = new Dictionary<string, double>();

    public bool Succeeded => ErrorCount == 0;
}

/// <summary>
/// Imports files of docs/formats.md all-or-nothing: every file is read and every record checked (cells,
/// references against the import and the database, BOM cycles) before anything is written; then one
/// transaction upserts by id. Any error means nothing is written, and every error is reported. With an
/// <see cref="AuditTrail"/>, a written import appends one <c>data.import</c> event with its counts inside that same
/// transaction, and a rejected one a failure event.
/// </summary>
public sealed partial class ImportService(AppDbContext db, TimeProvider clock, AuditTrail? audit = null)
{
    private readonly ErrorSink _errors = new();
    private readonly Dictionary<ImportKind, string> _fileOf = [];
    private readonly Dictionary<string, double> _timings = new(StringComparer.Ordinal);
    private readonly System.Diagnostics.Stopwatch _stage = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>Records the seconds since the last lap under <paramref name="stage"/>.</summary>
    private void Lap(string stage)
    {
        _timings[stage] = _timings.GetValueOrDefault(stage) + _stage.Elapsed.TotalSeconds;
        _stage.Restart();
    }

    // What the files hold, once read.
    private readonly List<Sited<CapabilityNode>> _taxonomy = [];
    private readonly List<Sited<Organization>> _organizations = [];
    private readonly List<Sited<Facility>> _facilities = [];
    private readonly List<Sited<FacilityCapability>> _capabilities = [];
    private readonly List<Sited<DefenseProgram>> _programs = [];
    private readonly List<Sited<Requirement>> _requirements = [];
    private readonly List<Sited<Agreement>> _agreements = [];
    private readonly List<Sited<Principal>> _principals = [];
    private readonly List<PartRow> _parts = [];
    private bool _partsMarked;
    private bool _offersMarked;
    private OfferQualificationGiven _offersQualification = OfferQualificationGiven.Both;
    private readonly List<OfferRow> _offers = [];
    private readonly List<OfferInputRow> _offerInputs = [];
    private readonly List<ApprovedSourceRow> _approved = [];

    /// <summary>Expands folders into the files they hold (recursively), in a stable order.</summary>
    public static List<string> Expand(IEnumerable<string> paths, ErrorSink errors)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var ext = Path.GetExtension(file);
                    if (ImportKinds.Extensions.Contains(ext, StringComparer.OrdinalIgnoreCase))
                    {
                        files.Add(file);
                    }
                }
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                errors.Add(path, 0, "path", "no such file or folder");
            }
        }
        return files;
    }

    public async Task<ImportReport> ImportAsync(IEnumerable<string> paths, ImportOptions options, IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var files = Expand(paths, _errors);
        if (files.Count == 0 && !_errors.Any)
        {
            _errors.Add(string.Join(" ", paths), 0, "path", "no importable files (.csv, .json, .xlsx) found");
        }
        // The package tables (millions of rows, each into its own list) parse in parallel; registry files, which
        // share the validation's reference list, one after another.
        static bool IsPackageTable(string f) => ImportKinds.Of(f) is { } k && ImportKinds.PackageKinds.Contains(k);
        var package = files.Where(IsPackageTable).Where(Claim).ToList();
        // Claimed above, on this thread: the parallel readers must not touch the claim sets while the registry files below
        // add to them (a HashSet read during another thread's write can miss, and a package table then read as claimed twice).
        var parallel = Task.WhenAll(package.Select(f => Task.Run(() => ReadClaimedFile(f, options), ct)));
        foreach (var file in files.Where(f => !IsPackageTable(f)))
        {
            progress?.Report(new ImportProgress("read " + Path.GetFileName(file), 0, 0));
            ReadFile(file, options);
        }
        progress?.Report(new ImportProgress("read package tables", 0, 0));
        await parallel;
        Lap("read files");
        if (files.Count > 0)
        {
            // Run even after cell errors, so that one pass lists duplicates and dangling references too.
            progress?.Report(new ImportProgress("check references", 0, 0));
            await CheckDuplicatesAndReferencesAsync(ct);
            Lap("check references");
        }
        if (!_errors.Any && (_offerInputs.Count > 0))
        {
            progress?.Report(new ImportProgress("check bill of materials", 0, 0));
            await CheckCyclesAsync(ct);
            Lap("check BOM cycles");
        }
        var counts = Counts();
        if (_errors.Any && !options.DryRun && audit is not null)
        {
            await audit.AppendAsync(db, AuditTypes.Import, AuditOutcomes.Failure, "import",
                System.Text.Json.JsonSerializer.Serialize(new { files = _fileOf.Values.Order(StringComparer.Ordinal), errors = _errors.Count }), ct);
        }
        if (_errors.Any || options.DryRun)
        {
            return new ImportReport([.. _errors.Lines()], _errors.Count, counts, options.DryRun) { Timings = _timings };
        }
        await WriteAsync(progress, ct);
        return new ImportReport([], 0, counts, false) { Timings = _timings };
    }

    private Dictionary<string, long> Counts()
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["taxonomy"] = _taxonomy.Count,
            ["organizations"] = _organizations.Count,
            ["facilities"] = _facilities.Count,
            ["capabilities"] = _capabilities.Count,
            ["programs"] = _programs.Count,
            ["requirements"] = _requirements.Count,
            ["agreements"] = _agreements.Count,
            ["principals"] = _principals.Count,
            ["parts"] = _parts.Count,
            ["offers"] = _offers.Count,
            ["offer_inputs"] = _offerInputs.Count,
            ["approved_sources"] = _approved.Count,
        };
        return counts.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);

    /// <summary>Records which file supplies a kind; false (with an error) when another file already does.</summary>
    private bool Claim(string path)
    {
        if (_claimed.Contains(path))
        {
            return true;
        }
        var name = Path.GetFileName(path);
        if (ImportKinds.Of(path) is not { } kind)
        {
            _errors.Add(name, 0, "file", "unknown file: name it after what it holds (" +
                string.Join(", ", Enum.GetValues<ImportKind>().Select(ImportKinds.FileStem)) + ") with .csv, .json or .xlsx");
            return false;
        }
        if (_fileOf.TryGetValue(kind, out var other))
        {
            _errors.Add(name, 0, "file", $"{ImportKinds.FileStem(kind)} already come from {other}: one file per kind in an import");
            return false;
        }
        _fileOf[kind] = name;
        _claimed.Add(path);
        return true;
    }

    private void ReadFile(string path, ImportOptions options)
    {
        if (Claim(path))
        {
            ReadClaimedFile(path, options);
        }
    }

    private void ReadClaimedFile(string path, ImportOptions options)
    {
        var name = Path.GetFileName(path);
        var kind = ImportKinds.Of(path)!.Value;
        if (!InputFile.Check(path, options.MaxFileBytes, _errors))
        {
            return;
        }
        var json = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var validation = Validation;
        switch (kind)
        {
            case ImportKind.Taxonomy when json:
                Add(_taxonomy, JsonRecords.Read<TaxonomyRecord>(path, _errors), validation.Taxonomy);
                break;
            case ImportKind.Organizations when json:
                Add(_organizations, JsonRecords.Read<OrganizationRecord>(path, _errors), validation.Organization);
                break;
            case ImportKind.Facilities when json:
                Add(_facilities, JsonRecords.Read<FacilityRecord>(path, _errors), validation.Facility);
                break;
            case ImportKind.Capabilities when json:
                Add(_capabilities, JsonRecords.Read<CapabilityRecord>(path, _errors), validation.Capability);
                break;
            case ImportKind.Programs when json:
                Add(_programs, JsonRecords.Read<ProgramRecord>(path, _errors), validation.Program);
                break;
            case ImportKind.Requirements when json:
                Add(_requirements, JsonRecords.Read<RequirementRecord>(path, _errors), validation.Requirement);
                break;
            case ImportKind.Agreements when json:
                Add(_agreements, JsonRecords.Read<AgreementRecord>(path, _errors), validation.Agreement);
                break;
            case ImportKind.Principals when json:
                Add(_principals, JsonRecords.Read<PrincipalRecord>(path, _errors), validation.Principal);
                break;
            case ImportKind.Organizations:
                ReadTable(path, RegistryRows.OrganizationRequired, RegistryRows.OrganizationOptional, (f, r, s) =>
                    Keep(_organizations, s, validation.Organization(s, RegistryRows.Organization(f, r, s, _errors))));
                break;
            case ImportKind.Facilities:
                ReadTable(path, RegistryRows.FacilityRequired, RegistryRows.FacilityOptional, (f, r, s) =>
                    Keep(_facilities, s, validation.Facility(s, RegistryRows.Facility(f, r, s, _errors))));
                break;
            case ImportKind.Capabilities:
                ReadTable(path, RegistryRows.CapabilityRequired, RegistryRows.CapabilityOptional, (f, r, s) =>
                    Keep(_capabilities, s, validation.Capability(s, RegistryRows.Capability(f, r, s, _errors))));
                break;
            case ImportKind.Requirements:
                ReadTable(path, RegistryRows.RequirementRequired, RegistryRows.RequirementOptional, (f, r, s) =>
                    Keep(_requirements, s, validation.Requirement(s, RegistryRows.Requirement(f, r, s, _errors))));
                break;
            case ImportKind.Agreements:
                ReadTable(path, RegistryRows.AgreementRequired, RegistryRows.AgreementOptional, (f, r, s) =>
                    Keep(_agreements, s, validation.Agreement(s, RegistryRows.Agreement(f, r, s, _errors))));
                break;
            case ImportKind.Parts when !json:
                ReadTable(path, PackageRows.PartRequired, PackageRows.PartOptional, (f, r, _) =>
                {
                    _partsMarked = f.Has("marking") || f.Has("need_to_know");
                    _parts.Add(PackageRows.Part(f, r, _errors));
                });
                break;
            case ImportKind.Offers when !json:
                ReadTable(path, PackageRows.OfferRequired, PackageRows.OfferOptional, (f, r, _) =>
                {
                    _offersMarked = f.Has("marking") || f.Has("need_to_know");
                    _offersQualification = new OfferQualificationGiven(f.Has("qualification_months"), f.Has("qualification_cost_usd"));
                    _offers.Add(PackageRows.Offer(f, r, _errors));
                });
                break;
            case ImportKind.OfferInputs when !json:
                ReadTable(path, PackageRows.OfferInputRequired, [], (f, r, _) => _offerInputs.Add(PackageRows.OfferInput(f, r, _errors)));
                break;
            case ImportKind.ApprovedSources when !json:
                ReadTable(path, PackageRows.ApprovedSourceRequired, [], (f, r, _) => _approved.Add(PackageRows.ApprovedSource(f, r, _errors)));
                break;
            default:
                _errors.Add(name, 0, "file", $"{ImportKinds.FileStem(kind)} cannot be read from {Path.GetExtension(path)} (see docs/formats.md)");
                break;
        }
    }

    private RegistryValidation Validation => _validationInstance ??= new RegistryValidation(_errors);
    private RegistryValidation? _validationInstance;

    private void Add<TRecord, TEntity>(List<Sited<TEntity>> into, IEnumerable<Sited<TRecord>> records, Func<RecordSite, TRecord, TEntity?> map)
        where TEntity : class
    {
        foreach (var sited in records)
        {
            Keep(into, sited.Site, map(sited.Site, sited.Record));
        }
    }

    private void Keep<TEntity>(List<Sited<TEntity>> into, RecordSite site, TEntity? entity) where TEntity : class
    {
        if (entity is null)
        {
            return;
        }
        foreach (var (field, limit) in LengthLimits.Violations(db.Model, entity))
        {
            site.Error(_errors, field, $"is longer than {limit} characters");
        }
        into.Add(new Sited<TEntity>(site, entity));
    }

    private void ReadTable(string path, string[] required, string[] optional, Action<TabularFile, TabularRow, RecordSite> onRow) =>
        TabularFile.ReadTable(path, required, optional, _errors, onRow);

    private static string Line(long line) => line.ToString(CultureInfo.InvariantCulture);
}
