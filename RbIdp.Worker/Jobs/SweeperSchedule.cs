using Hangfire;
using Microsoft.Extensions.Options;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Registers <see cref="StrandedRunSweeper"/> as a Hangfire recurring job at start (every <c>Worker:Sweeper:Interval</c>).
/// Every worker registers the same id, so the schedule exists once however many workers run; the sweep itself is
/// serialised by its <see cref="DisableConcurrentExecutionAttribute"/>.
/// </summary>
/// <remarks>
/// Registering takes the recurring job's distributed lock. A worker killed while its scheduler held that lock leaves
/// the lock row behind until Hangfire's lock timeout (10 minutes) expires it; the replacement's registration then
/// times out. That must not keep the replacement from processing documents: the failure is logged and the
/// registration retried in the background every <see cref="RetryDelay"/> until it succeeds.
/// </remarks>
public sealed partial class SweeperSchedule(
    IRecurringJobManager recurringJobs, IOptions<SweeperOptions> options, TimeProvider timeProvider, ILogger<SweeperSchedule> logger)
    : IHostedService, IDisposable
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _stopping = new();
    private Task _retries = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!TryRegister())
        {
            _retries = Task.Run(() => RegisterUntilDoneAsync(_stopping.Token), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _retries.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // stopping: the next start registers the schedule
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RegisterUntilDoneAsync(CancellationToken stoppingToken)
    {
        do
        {
            await Task.Delay(RetryDelay, timeProvider, stoppingToken);
        }
        while (!TryRegister());

        LogRegistered(logger, StrandedRunSweeper.RecurringJobId);
    }

    private bool TryRegister()
    {
        try
        {
            recurringJobs.AddOrUpdate<StrandedRunSweeper>(
                StrandedRunSweeper.RecurringJobId,
                sweeper => sweeper.SweepAsync(CancellationToken.None),
                options.Value.Cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A stale lock (DistributedLockTimeoutException, PostgreSqlDistributedLockException) or the database being away.
            LogNotRegistered(logger, StrandedRunSweeper.RecurringJobId, RetryDelay, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register the recurring job {RecurringJobId} ({Error}); trying again in {RetryDelay} while the worker runs")]
    private static partial void LogNotRegistered(ILogger logger, string recurringJobId, TimeSpan retryDelay, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered the recurring job {RecurringJobId} after an earlier attempt failed")]
    private static partial void LogRegistered(ILogger logger, string recurringJobId);
}
