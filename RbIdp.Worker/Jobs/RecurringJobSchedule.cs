using Hangfire;
using Microsoft.Extensions.Options;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Registers the worker's Hangfire recurring jobs at start: <see cref="StrandedRunSweeper"/> (every
/// <c>Worker:Sweeper:Interval</c>) and <see cref="RetentionJob"/> (<c>Retention:Cron</c>). Every worker registers the same
/// ids, so each schedule exists once however many workers run; the jobs themselves are serialised by their
/// <see cref="DisableConcurrentExecutionAttribute"/>.
/// </summary>
public sealed class RecurringJobSchedule(IRecurringJobManager recurringJobs, IOptions<SweeperOptions> sweeper, IOptions<RetentionOptions> retention) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        recurringJobs.AddOrUpdate<StrandedRunSweeper>(
            StrandedRunSweeper.RecurringJobId, sweeper => sweeper.SweepAsync(CancellationToken.None), sweeper.Value.Cron, utc);
        recurringJobs.AddOrUpdate<RetentionJob>(
            RetentionJob.RecurringJobId, job => job.PurgeExpiredAsync(CancellationToken.None), retention.Value.Cron, utc);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
