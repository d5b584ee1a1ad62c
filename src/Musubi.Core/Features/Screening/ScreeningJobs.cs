using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Engines.Screening;

namespace Musubi.Core.Features.Screening;

/// <summary>Where a batch job stands: <c>running</c>, <c>succeeded</c> or <c>failed</c>; names done of total; the saved record ids in query order once done.</summary>
public sealed record ScreeningJobStatus(
    string Id,
    string State,
    int Done,
    int Total,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    IReadOnlyList<string> RecordIds)
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>0..100.</summary>
    public int Percent => Total == 0 ? 100 : (int)(100L * Done / Total);
}

/// <summary>
/// Batch screenings that run in the background of this process (singleton), so a page can show a progress bar by
/// polling: <see cref="StartBatch"/> returns a job id at once; <see cref="Get"/> says how far it is; the records are
/// read with <see cref="ScreeningService.GetRecordsAsync"/> once it succeeded. A job runs in its own DI scope with the
/// starter's access scope and audit trail, and only its starter sees it. Finished jobs are forgotten after an hour
/// (the records stay).
/// </summary>
public sealed class ScreeningJobs(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan Kept = TimeSpan.FromHours(1);
    private const int MaxRunningPerPrincipal = 2;

    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    private sealed class Job(string id, string owner, int total, DateTimeOffset started)
    {
        public string Id { get; } = id;
        public string Owner { get; } = owner;
        public int Total { get; } = total;
        public DateTimeOffset StartedAt { get; } = started;
        public int Done;
        public volatile string State = ScreeningJobStatus.Running;
        public DateTimeOffset? FinishedAt;
        public string? Error;
        public IReadOnlyList<string> RecordIds = [];
        public Task? Run;

        public ScreeningJobStatus Status() => new(Id, State, Volatile.Read(ref Done), Total, StartedAt, FinishedAt, Error, RecordIds);
    }

    /// <summary>
    /// Starts screening <paramref name="queries"/> (already checked, e.g. by <see cref="ScreeningQueryCsv"/>) as
    /// <paramref name="scope"/>, auditing through <paramref name="audit"/>. Throws <see cref="ScreeningConflictException"/>
    /// when the principal already has two batches running, <see cref="ScreeningInputException"/> for bad options.
    /// </summary>
    public ScreeningJobStatus StartBatch(IReadOnlyList<ScreeningQuery> queries, ScreeningOptions options, AccessScope scope, AuditTrail audit)
    {
        if (options.Validate() is { } bad)
        {
            throw new ScreeningInputException(bad.Field, bad.Message);
        }
        if (queries.Count == 0)
        {
            throw new ScreeningInputException("queries", "the batch holds no names");
        }
        Prune();
        var owner = scope.PrincipalId;
        if (_jobs.Values.Count(j => j.Owner == owner && j.State == ScreeningJobStatus.Running) >= MaxRunningPerPrincipal)
        {
            throw new ScreeningConflictException("you already have batches running; wait for one to finish");
        }
        var now = clock.GetUtcNow();
        var job = new Job(ScreeningJson.NewId("SJ-", now), owner, queries.Count, now);
        _jobs[job.Id] = job;
        job.Run = Task.Run(async () =>
        {
            try
            {
                await using var services = scopes.CreateAsyncScope();
                var db = services.ServiceProvider.GetRequiredService<AppDbContext>();
                db.Scope = scope;
                var service = services.ServiceProvider.GetRequiredService<ScreeningService>();
                var progress = new Progress(job);
                var records = await service.ScreenBatchAsync(queries, options, audit, progress);
                job.RecordIds = [.. records.Select(r => r.Id)];
                Volatile.Write(ref job.Done, job.Total);
                job.State = ScreeningJobStatus.Succeeded;
            }
            catch (Exception ex) when (ex is ScreeningInputException or ScreeningConflictException)
            {
                job.Error = ex.Message;
                job.State = ScreeningJobStatus.Failed;
            }
#pragma warning disable CA1031 // A background job reports every failure to its poller instead of crashing the process.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                job.Error = "the batch failed: " + ex.GetType().Name;
                job.State = ScreeningJobStatus.Failed;
            }
            finally
            {
                job.FinishedAt = clock.GetUtcNow();
            }
        });
        return job.Status();
    }

    /// <summary>The job's status, or null when there is no such job or <paramref name="principalId"/> did not start it.</summary>
    public ScreeningJobStatus? Get(string id, string principalId) =>
        _jobs.TryGetValue(id, out var job) && job.Owner == principalId ? job.Status() : null;

    /// <summary>Waits for a job to finish (tests, the CLI); null as <see cref="Get"/>.</summary>
    public async Task<ScreeningJobStatus?> WaitAsync(string id, string principalId, CancellationToken ct = default)
    {
        if (!_jobs.TryGetValue(id, out var job) || job.Owner != principalId)
        {
            return null;
        }
        if (job.Run is { } run)
        {
            await run.WaitAsync(ct);
        }
        return job.Status();
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (id, job) in _jobs)
        {
            if (job.FinishedAt is { } finished && now - finished > Kept)
            {
                _jobs.TryRemove(id, out _);
            }
        }
    }

    private sealed class Progress(Job job) : IProgress<int>
    {
        public void Report(int value)
        {
            // Reports may arrive out of order from several threads: keep the highest.
            int seen;
            do
            {
                seen = Volatile.Read(ref job.Done);
                if (value <= seen)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref job.Done, value, seen) != seen);
        }
    }
}
