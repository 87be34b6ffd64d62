using Hangfire;
using Microsoft.Extensions.Options;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Registers <see cref="StrandedRunSweeper"/> as a Hangfire recurring job at start (every <c>Worker:Sweeper:Interval</c>).
/// Every worker registers the same id, so the schedule exists once however many workers run; the sweep itself is
/// serialised by its <see cref="DisableConcurrentExecutionAttribute"/>.
/// </summary>
public sealed class SweeperSchedule(IRecurringJobManager recurringJobs, IOptions<SweeperOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurringJobs.AddOrUpdate<StrandedRunSweeper>(
            StrandedRunSweeper.RecurringJobId,
            sweeper => sweeper.SweepAsync(CancellationToken.None),
            options.Value.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
