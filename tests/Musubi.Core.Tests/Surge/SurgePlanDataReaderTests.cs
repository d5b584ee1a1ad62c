using System.Runtime.CompilerServices;
using System.Text;
using Musubi.Core.Features.Surge;
using Musubi.Testing;

namespace Musubi.Core.Tests.Surge;

/// <summary>Planning data (expansions.csv, stocks.csv, demand.csv): what reads, and every problem as file:line:field, all collected.</summary>
public sealed class SurgePlanDataReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new("musubi-plan-");

    public void Dispose() => _temp.Dispose();

    private string Folder(params (string File, string Text)[] files)
    {
        var dir = _temp.NewDirectory();
        foreach (var (file, text) in files)
        {
            File.WriteAllText(Path.Combine(dir, file), text, new UTF8Encoding(false));
        }
        return dir;
    }

    private static string Repository(string relative, [CallerFilePath] string source = "")
    {
        for (var dir = new FileInfo(source).Directory; dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, relative)))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }
        throw new InvalidOperationException($"no {relative} above {source}");
    }

    [Fact]
    public void Read_AllThreeFiles_ParsesRowsWithTheirLines_PriorityDefaultsToTwo()
    {
        var dir = Folder(
            ("expansions.csv", "id,offer_id,extra_per_month,cost_usd,months_until_available\nx-1,o-seeker,5,2500000,6\nx-2,o-missile,2.5,0,0\n"),
            ("stocks.csv", "part_id,facility_id,quantity\np-seeker,fac-us,40\n"),
            ("demand.csv", "part_id,month,quantity,priority\np-missile,1,10,1\n\np-missile,2,12,\n"));

        var data = SurgePlanDataReader.Read(dir);

        Assert.Equal(2, data.Expansions.Count);
        Assert.Equal(("x-1", "o-seeker", 5.0, 2500000.0, 6), (data.Expansions[0].Id, data.Expansions[0].OfferId, data.Expansions[0].ExtraPerMonth, data.Expansions[0].CostUsd, data.Expansions[0].MonthsUntilAvailable));
        Assert.Equal(2.5, data.Expansions[1].ExtraPerMonth);
        Assert.Equal(("p-seeker", "fac-us", 40.0), (data.Stocks[0].PartId, data.Stocks[0].FacilityId, data.Stocks[0].Quantity));
        Assert.Equal([1, 2], data.Demand.Select(d => d.Priority));
        Assert.Equal([2L, 4L], data.DemandLines);
    }

    [Fact]
    public void Read_AnySubset_MissingFilesAreEmpty()
    {
        var data = SurgePlanDataReader.Read(Folder(("stocks.csv", "part_id,facility_id,quantity\np-seeker,fac-us,0\n")));

        Assert.Empty(data.Expansions);
        Assert.Empty(data.Demand);
        Assert.Equal(0, Assert.Single(data.Stocks).Quantity);
    }

    [Fact]
    public void Read_TheDemoPlanningData_Reads()
    {
        var data = SurgePlanDataReader.Read(Repository(Path.Combine("data", "demo", "surge")));

        Assert.NotEmpty(data.Demand);
        Assert.All(data.Demand, d => Assert.InRange(d.Month, 1, 120));
    }

    [Fact]
    public void Read_BadCells_EveryProblemAsFileLineField()
    {
        var dir = Folder(
            ("expansions.csv", "id,offer_id,extra_per_month,cost_usd,months_until_available\nx-1,o-seeker,0,-5,2\nx-1,o-seeker,many,10,-1\n"),
            ("stocks.csv", "part_id,facility_id,quantity\np-seeker,fac-us,-3\np-seeker,fac-us,4\n"),
            ("demand.csv", "part_id,month,quantity,priority\np-missile,121,5,4\np-missile,0,5,2\n,3,1.5,\n"));

        var ex = Assert.Throws<SurgePlanDataException>(() => SurgePlanDataReader.Read(dir));

        var p = ex.Problems;
        Assert.Contains(p, x => x.StartsWith("expansions.csv:2:extra_per_month: must be > 0", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith("expansions.csv:2:cost_usd: must be ≥ 0", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith("expansions.csv:3:extra_per_month: 'many' is not a number", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith("expansions.csv:3:months_until_available: must be between 0 and 120", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith("expansions.csv:3:id: duplicate id 'x-1' (first on line 2)", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith("stocks.csv:2:quantity: must be ≥ 0, got -3", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith("stocks.csv:3:facility_id: part 'p-seeker' at facility 'fac-us' is already stocked on line 2", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith("demand.csv:2:month: must be between 1 and 120, got 121", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith("demand.csv:2:priority: must be between 1 and 3, got 4", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith("demand.csv:3:month: must be between 1 and 120, got 0", StringComparison.Ordinal));
        Assert.Contains(p, x => x.StartsWith("demand.csv:4:part_id: is required", StringComparison.Ordinal));
        Assert.Equal(11, p.Count);
    }

    [Fact]
    public void Read_ALongCellAndATinyNumber_TheReasonStaysInTheProblem()
    {
        // Seen by the surge-plan fuzz target (docs/fuzzing.md): a 500-character id was quoted whole and pushed its
        // reason out of the bounded problem line; 1e-40 reads as 0 in a decimal and was refused as "must be > 0, got 1e-40".
        var longId = new string('x', 300) + "!" + new string('y', 200);
        var dir = Folder(
            ("expansions.csv", $"id,offer_id,extra_per_month,cost_usd,months_until_available\n{longId},o-seeker,1e-40,10,2\n"));

        var p = Assert.Throws<SurgePlanDataException>(() => SurgePlanDataReader.Read(dir)).Problems;

        var id = Assert.Single(p, x => x.StartsWith("expansions.csv:2:id: ", StringComparison.Ordinal));
        Assert.EndsWith("…' must be 1-64 characters of A-Z a-z 0-9 . _ -", id, StringComparison.Ordinal);
        Assert.True(id.Length < 200, id);
        Assert.Contains(p, x => x == "expansions.csv:2:extra_per_month: must be > 0, got 1e-40, which is below the smallest value kept (1e-28) and reads as 0");
    }

    [Fact]
    public void Read_UnknownAndMissingColumns_AreErrors()
    {
        var dir = Folder(
            ("expansions.csv", "id,offer_id,extra_per_month,cost_usd,months_until_available,note\nx-1,o-seeker,1,1,1,hello\n"),
            ("demand.csv", "part_id,quantity\np-missile,5\n"));

        var ex = Assert.Throws<SurgePlanDataException>(() => SurgePlanDataReader.Read(dir));

        Assert.Contains("expansions.csv:1:note: unknown column (expected id,offer_id,extra_per_month,cost_usd,months_until_available)", ex.Problems);
        Assert.Contains("demand.csv:1:month: required column is missing", ex.Problems);
    }

    [Fact]
    public void Read_NoSuchFolder_NamesIt()
    {
        var ex = Assert.Throws<SurgePlanDataException>(() => SurgePlanDataReader.Read("/nonexistent/plan-" + Guid.NewGuid().ToString("N")));

        Assert.Contains(":0:plan: no such folder", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_AgainstANetwork_NamesUnknownOffersPartsAndFacilitiesWithTheirLines()
    {
        var network = Musubi.Core.Features.Network.NetworkPackageReader.Read(PackageBuilder.Minimal().Write(_temp.NewDirectory()));
        var data = SurgePlanDataReader.Read(Folder(
            ("expansions.csv", "id,offer_id,extra_per_month,cost_usd,months_until_available\nx-1,o-seeker,1,1,1\nx-2,o-nothing,1,1,1\n"),
            ("stocks.csv", "part_id,facility_id,quantity\np-none,fac-none,3\n"),
            ("demand.csv", "part_id,month,quantity\np-missile,1,5\np-ghost,2,5\n")));

        var problems = data.Check(network);

        Assert.Equal(
        [
            "expansions.csv:3:offer_id: unknown offer 'o-nothing' (not in the network, or not visible to you)",
            "stocks.csv:2:part_id: unknown part 'p-none' (not in the network, or not visible to you)",
            "stocks.csv:2:facility_id: unknown facility 'fac-none' (not in the network, or not visible to you)",
            "demand.csv:3:part_id: unknown part 'p-ghost' (not in the network, or not visible to you)",
        ], problems);
    }
}
