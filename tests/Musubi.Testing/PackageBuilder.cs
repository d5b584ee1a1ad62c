using System.Globalization;
using System.Text;

namespace Musubi.Testing;

/// <summary>
/// Writes a small supply-network package (docs/formats.md §1) into a folder the test owns. Start from
/// <see cref="Minimal"/> (two organizations, an end item and a component) and change what a test is about.
/// </summary>
public sealed class PackageBuilder
{
    private readonly List<string> _organizations = ["id,name,country,kind"];
    private readonly List<string> _facilities = ["id,organization_id,name,country,region"];
    private readonly List<string> _parts = ["id,name,end_item,weapon,usml,eccn"];
    private readonly List<string> _offers = ["id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified"];
    private readonly List<string> _inputs = ["offer_id,input_part_id,quantity_per_unit"];
    private readonly List<string> _approved = ["offer_id,input_part_id,source_offer_id"];

    public static PackageBuilder Minimal() => new PackageBuilder()
        .Organization("org-us", "Example Missiles Inc", "US", "prime")
        .Organization("org-jp", "Example Seeker KK", "JP", "supplier")
        .Facility("fac-us", "org-us", "Tucson assembly", "US", "AZ")
        .Facility("fac-jp", "org-jp", "Nagoya works", "JP", "Aichi")
        .Part("p-missile", "Interceptor", endItem: true, weapon: true, usml: "IV")
        .Part("p-seeker", "IR seeker", usml: "XII")
        .Offer("o-missile", "p-missile", "fac-us", 20, 180, 9500000)
        .Offer("o-seeker", "p-seeker", "fac-jp", 30, 120, 400000)
        .Input("o-missile", "p-seeker", 1)
        .Approved("o-missile", "p-seeker", "o-seeker");

    public PackageBuilder Organization(string id, string name, string country, string kind) => Add(_organizations, id, name, country, kind);
    public PackageBuilder Facility(string id, string org, string name, string country, string region) => Add(_facilities, id, org, name, country, region);

    public PackageBuilder Part(string id, string name, bool endItem = false, bool weapon = false, string usml = "", string eccn = "") =>
        Add(_parts, id, name, B(endItem), B(weapon), usml, eccn);

    public PackageBuilder Offer(string id, string part, string facility, decimal capacity, int leadDays, decimal cost, bool qualified = true) =>
        Add(_offers, id, part, facility, N(capacity), leadDays.ToString(CultureInfo.InvariantCulture), N(cost), B(qualified));

    public PackageBuilder Input(string offer, string part, decimal quantity) => Add(_inputs, offer, part, N(quantity));
    public PackageBuilder Approved(string offer, string part, string source) => Add(_approved, offer, part, source);

    /// <summary>Appends a raw line to a file, for malformed input.</summary>
    public PackageBuilder Raw(string file, string line)
    {
        Table(file).Add(line);
        return this;
    }

    /// <summary>Writes the package's files (those with rows) into <paramref name="folder"/>, created when missing.</summary>
    /// <param name="folder">Where to write; the caller owns it and deletes it, say a <see cref="TempDirectory.NewDirectory"/>.</param>
    /// <returns><paramref name="folder"/>, to pass on to the importer.</returns>
    public string Write(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var (file, lines) in Files())
        {
            if (lines.Count > 1)
            {
                File.WriteAllText(Path.Combine(folder, file), string.Join('\n', lines) + "\n", new UTF8Encoding(false));
            }
        }
        return folder;
    }

    private IEnumerable<(string, List<string>)> Files() =>
    [
        ("organizations.csv", _organizations), ("facilities.csv", _facilities), ("parts.csv", _parts),
        ("offers.csv", _offers), ("offer_inputs.csv", _inputs), ("approved_sources.csv", _approved),
    ];

    private List<string> Table(string file) => Files().First(f => f.Item1 == file).Item2;

    private PackageBuilder Add(List<string> table, params string[] cells)
    {
        table.Add(string.Join(',', cells.Select(Quote)));
        return this;
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string B(bool value) => value ? "true" : "false";
    private static string N(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
