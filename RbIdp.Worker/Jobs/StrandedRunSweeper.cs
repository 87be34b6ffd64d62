using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Finds runs that no job will ever process and hands them to the <c>documents</c> queue: a <c>queued</c> run whose
/// API failed between storing it and enqueueing its job (<see cref="SweeperOptions.QueuedGrace"/>), and a
/// <c>running</c> run of the synchronous path whose API process died mid-run (<see cref="SweeperOptions.RunningStale"/>).
/// Both have no <c>hangfire_job_id</c> and a row untouched for that long. The job is reentrant: it continues a
/// <c>running</c> run (reusing stored OCR) and leaves a final one alone.
/// </summary>
/// <remarks>
/// A run gets one job only, also against the API's own enqueue and a second sweeper: <see cref="RunEnqueuer"/> claims
/// the run for the job before the job can start, only where <c>hangfire_job_id</c> is still null and the run still
/// stranded. Should the sweeper die halfway, the job fires on its own after <see cref="SweeperOptions.QueuedGrace"/>:
/// at worst the run is offered twice, never lost.
/// </remarks>
public sealed partial class StrandedRunSweeper(
    RunsDbContext db,
    RunEnqueuer enqueuer,
    IOptions<SweeperOptions> options,
    TimeProvider timeProvider,
    ILogger<StrandedRunSweeper> logger)
{
    public const string RecurringJobId = "stranded-run-sweeper";

    /// <summary>At most this many runs per sweep; the next sweep takes the rest.</summary>
    private const int BatchSize = 200;

    /// <summary>Hands every stranded run to the job queue; returns the ids of the runs handed over by this sweep.</summary>
    [DisableConcurrentExecution(timeoutInSeconds: 10)]
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task<IReadOnlyList<Guid>> SweepAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var queuedBefore = now - options.Value.QueuedGrace;
        var runningBefore = now - options.Value.RunningStale;
        var stranded = await db.Runs.AsNoTracking()
            .Where(r => r.HangfireJobId == null
                && ((r.Status == RunStatus.Queued && r.UpdatedAt < queuedBefore) || (r.Status == RunStatus.Running && r.UpdatedAt < runningBefore)))
            .OrderBy(r => r.UpdatedAt)
            .Take(BatchSize)
            .Select(r => new { r.Id, r.Status, r.UpdatedAt })
            .ToListAsync(cancellationToken);

        var handedOver = new List<Guid>(stranded.Count);
        foreach (var run in stranded)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var before = run.Status == RunStatus.Queued ? queuedBefore : runningBefore;
            if (await HandOverAsync(run.Id, run.Status, before) is { } jobId)
            {
                LogHandedOver(logger, run.Id, run.Status, run.UpdatedAt, jobId);
                handedOver.Add(run.Id);
            }
        }

        return handedOver;
    }

    /// <summary>The new job's id, or null when the run was no longer stranded (someone else enqueued, ran or finished it).</summary>
    private async Task<string?> HandOverAsync(Guid runId, RunStatus status, DateTimeOffset untouchedBefore)
    {
        var jobId = await enqueuer.EnqueueAsync(runId, r => r.Status == status && r.UpdatedAt < untouchedBefore, options.Value.QueuedGrace);
        if (jobId is null)
        {
            LogNoLongerStranded(logger, runId);
        }

        return jobId;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was stranded {Status} without a job since {UpdatedAt}; handed to the documents queue as job {JobId}")]
    private static partial void LogHandedOver(ILogger logger, Guid runId, RunStatus status, DateTimeOffset updatedAt, string jobId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId} got a job or moved on meanwhile; the sweeper leaves it")]
    private static partial void LogNoLongerStranded(ILogger logger, Guid runId);
}
