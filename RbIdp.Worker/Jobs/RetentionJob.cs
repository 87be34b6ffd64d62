using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Telemetry;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// The retention policy: purges every run created more than <see cref="RetentionOptions.Days"/> days ago exactly as
/// <c>DELETE /v1/jobs/{id}</c> does (<see cref="RunPurge"/>), counts them (<c>rbidp.retention.purged</c>) and logs how many.
/// A run written concurrently (its row version changed) is left for the next purge.
/// </summary>
public sealed partial class RetentionJob(
    RunsDbContext db, RunPurge purge, IOptions<RetentionOptions> options, TimeProvider timeProvider, ILogger<RetentionJob> logger)
{
    public const string RecurringJobId = "run-retention";

    private const int BatchSize = 100;

    /// <summary>Purges the expired runs; returns how many were purged.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 10)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow().AddDays(-options.Value.Days);
        var purged = 0;
        var skipped = new HashSet<Guid>();
        while (true)
        {
            var batch = await db.Runs
                .Where(r => r.PurgedAt == null && r.CreatedAt < cutoff && !skipped.Contains(r.Id))
                .OrderBy(r => r.CreatedAt)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var run in batch)
            {
                await purge.PurgeAsync(run, cancellationToken);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    purged++;
                }
                catch (DbUpdateConcurrencyException)
                {
                    db.Entry(run).State = EntityState.Detached;
                    skipped.Add(run.Id);
                    LogChangedMeanwhile(logger, run.Id);
                }
            }

            db.ChangeTracker.Clear();
        }

        ProductMetrics.RunsPurged(purged);
        LogPurged(logger, purged, options.Value.Days, cutoff);
        return purged;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: purged {Count} run(s) older than {Days} days (created before {Cutoff:O})")]
    private static partial void LogPurged(ILogger logger, int count, int days, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: run {RunId} changed meanwhile; left for the next purge")]
    private static partial void LogChangedMeanwhile(ILogger logger, Guid runId);
}
