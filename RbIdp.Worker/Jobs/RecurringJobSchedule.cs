using Hangfire;
using Microsoft.Extensions.Options;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Registers the worker's Hangfire recurring jobs at start: <see cref="StrandedRunSweeper"/> (every
/// <c>Worker:Sweeper:Interval</c>) and <see cref="RetentionJob"/> (<c>Retention:Cron</c>). Every worker registers the same
/// ids, so each schedule exists once however many workers run; the jobs themselves are serialised by their
/// <see cref="DisableConcurrentExecutionAttribute"/>.
/// </summary>
/// <remarks>
/// Registering takes the recurring job's distributed lock. A worker killed while its scheduler held that lock leaves
/// the lock row behind until Hangfire's lock timeout expires it; the replacement's registration then times out. That
/// must not keep the replacement from processing documents: the failure is logged and the registration retried in the
/// background every <see cref="RetryDelay"/> until it succeeds.
/// </remarks>
public sealed partial class RecurringJobSchedule(
    IRecurringJobManager recurringJobs,
    IOptions<SweeperOptions> sweeper,
    IOptions<RetentionOptions> retention,
    TimeProvider timeProvider,
    ILogger<RecurringJobSchedule> logger)
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
            // stopping: the next start registers the schedules
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

        LogRegistered(logger);
    }

    private bool TryRegister()
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        try
        {
            recurringJobs.AddOrUpdate<StrandedRunSweeper>(
                StrandedRunSweeper.RecurringJobId, job => job.SweepAsync(CancellationToken.None), sweeper.Value.Cron, utc);
            recurringJobs.AddOrUpdate<RetentionJob>(
                RetentionJob.RecurringJobId, job => job.PurgeExpiredAsync(CancellationToken.None), retention.Value.Cron, utc);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A stale lock (DistributedLockTimeoutException, PostgreSqlDistributedLockException) or the database being away.
            LogNotRegistered(logger, RetryDelay, e.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not register the recurring jobs ({Error}); trying again in {RetryDelay} while the worker runs")]
    private static partial void LogNotRegistered(ILogger logger, TimeSpan retryDelay, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered the recurring jobs after an earlier attempt failed")]
    private static partial void LogRegistered(ILogger logger);
}
