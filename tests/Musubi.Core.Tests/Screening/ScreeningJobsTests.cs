using Microsoft.Extensions.DependencyInjection;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Screening;
using Musubi.Engines.Screening;
using Musubi.Testing;

namespace Musubi.Core.Tests.Screening;

/// <summary>Batch jobs in the background: progress, results in order, only the starter sees them.</summary>
public sealed class ScreeningJobsTests
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ABatchJob_RunsInTheBackground_ReportsProgress_AndGivesTheRecordsInQueryOrder(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        await f.ImportAsync(ScreeningFixture.ExampleList);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(f.Database.Clock);
        services.AddScoped(_ => f.Database.NewContext(AccessScope.Anonymous));
        services.AddSingleton(f.Cache);
        services.AddMusubiScreening();
        await using var provider2 = services.BuildServiceProvider();
        var jobs = provider2.GetRequiredService<ScreeningJobs>();

        var queries = Enumerable.Range(0, 300)
            .Select(i => new ScreeningQuery($"q{i:000}", i % 3 == 0 ? "Tactical Missiles Corp" : $"Harbor Supply {i}", null))
            .ToList();
        var started = jobs.StartBatch(queries, ScreeningOptions.Default, ScreeningFixture.American, f.Trail("us-officer"));
        Assert.Equal(300, started.Total);
        Assert.Null(jobs.Get(started.Id, "someone-else"));
        var done = await jobs.WaitAsync(started.Id, "us-officer");
        Assert.NotNull(done);
        Assert.True(done.State == ScreeningJobStatus.Succeeded, done.Error);
        Assert.Equal(300, done.Done);
        Assert.Equal(100, done.Percent);
        Assert.Equal(300, done.RecordIds.Count);

        await using var db = f.Context(ScreeningFixture.American);
        var records = await f.Service(db).GetRecordsAsync(done.RecordIds);
        Assert.Equal(queries.Select(q => q.Id), records.Select(r => r.QueryId));
        Assert.Equal("x-ktrv", records[0].BestEntityId);
        Assert.Equal("none", records[1].Decision);
        // The decisions alone (the bulk page's counts and filters), in the same order.
        var decisions = await f.Service(db).GetDecisionsAsync(done.RecordIds);
        Assert.Equal(records.Select(r => (r.Id, r.Decision)), decisions.Select(d => (d.Id, d.Decision)));
        Assert.Contains(decisions, d => d.Decision == "match");

        Assert.Throws<ScreeningInputException>(() => jobs.StartBatch([], ScreeningOptions.Default, ScreeningFixture.American, f.Trail()));
    }
}
