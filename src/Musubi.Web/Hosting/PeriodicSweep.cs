using Musubi.Core.Data;
using Musubi.Core.Features.Access;

namespace Musubi.Web.Hosting;

/// <summary>
/// A system job the web host runs every <c>period</c> (by the injected <see cref="TimeProvider"/>; clamped to between 6
/// seconds and a day): once at start, then on each tick, in its own scope with a context that reads as
/// <see cref="AccessScope.System"/>, skipped while the database cannot be reached. A failed run is logged and the next
/// tick tries again; the host never stops for it. The priority escalation and the board's notifications run on it.
/// </summary>
internal abstract class PeriodicSweep(IServiceProvider services, TimeProvider clock, TimeSpan period, ILogger log) : BackgroundService
{
    /// <summary>The job's name in log lines.</summary>
    protected abstract string Name { get; }

    /// <summary>One run, in a fresh scope whose context reads as the system.</summary>
    protected abstract Task RunOnceAsync(IServiceProvider scoped, CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromMinutes(Math.Clamp(period.TotalMinutes, 0.1, 24 * 60));
        using var timer = new PeriodicTimer(every, clock);
        do
        {
            try
            {
                await SweepOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A background failure must not stop the host: log it and sweep again next time.
                log.LogWarning(ex, "{Job} failed; the next run tries again", Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SweepOnceAsync(CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Scope = AccessScope.System;
        if (!await db.Database.CanConnectAsync(ct))
        {
            return;
        }
        await RunOnceAsync(scope.ServiceProvider, ct);
    }
}
