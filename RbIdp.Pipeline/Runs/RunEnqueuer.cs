using System.Linq.Expressions;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace RbIdp.Pipeline.Runs;

/// <summary>
/// Hands a run to the <c>documents</c> queue so that it gets one job, and the job's id is on the run before the job
/// can start. Used by the API (a new job, the sync path's hand-over) and by the worker's stranded-run sweeper.
/// </summary>
/// <remarks>
/// Three steps, in this order: the job is created <c>Scheduled</c> (no worker can take it yet, but it has its id); the
/// id is written to the run with one <c>UPDATE … WHERE hangfire_job_id IS NULL</c> (no row-version check: a worker's
/// or a client's write to other columns of the row does not make it fail); only then is the job enqueued. A job that
/// lost the claim (the run got another job meanwhile) is deleted before it ever ran. Should the process die between
/// the steps, the scheduled job fires by itself after the fallback delay: at worst a run is offered twice, which the
/// reentrant job absorbs; never is it left without a job.
/// </remarks>
public sealed partial class RunEnqueuer(RunsDbContext db, IBackgroundJobClient jobs, ILogger<RunEnqueuer> logger)
{
    /// <summary>
    /// When a job whose hand-over was cut short runs by itself: well after the milliseconds the hand-over takes, and
    /// before the sweeper's <c>Worker:Sweeper:QueuedGrace</c> (2 minutes) would offer the run a second job.
    /// </summary>
    public static readonly TimeSpan FallbackDelay = TimeSpan.FromMinutes(1);

    /// <summary>The reason shown on the dashboard for the job's first, holding state (not a retry's schedule).</summary>
    public const string HeldReason = "Held until the run records its job id";

    /// <summary>Gives a run without a job its job; returns the job id, or null when the run already had one.</summary>
    /// <remarks>Not cancellable: once the job exists, stopping halfway would only delay the run by <see cref="FallbackDelay"/>.</remarks>
    public Task<string?> EnqueueAsync(Guid runId) => EnqueueAsync(runId, null, FallbackDelay);

    /// <summary>
    /// Gives the run a job if it still has none and still matches <paramref name="stillWaiting"/> when the claim is
    /// written; returns the job id, or null when the run got a job or moved on meanwhile.
    /// </summary>
    public async Task<string?> EnqueueAsync(Guid runId, Expression<Func<DocumentRun, bool>>? stillWaiting, TimeSpan fallbackDelay)
    {
        var jobId = jobs.Create<IDocumentJob>(job => job.RunAsync(runId, null, CancellationToken.None), new ScheduledState(fallbackDelay) { Reason = HeldReason });
        var runs = db.Runs.Where(r => r.Id == runId && r.HangfireJobId == null);
        var claimed = await (stillWaiting is null ? runs : runs.Where(stillWaiting))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.HangfireJobId, jobId), CancellationToken.None);
        if (claimed == 0)
        {
            jobs.Delete(jobId, ScheduledState.StateName);
            LogNotClaimed(logger, runId, jobId);
            return null;
        }

        // False when the job left Scheduled meanwhile: a cancel deleted it, or its fallback delay ran out first.
        jobs.ChangeState(jobId, new EnqueuedState(IDocumentJob.Queue), ScheduledState.StateName);
        return jobId;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId} got a job or moved on meanwhile; job {JobId} was deleted before it ran")]
    private static partial void LogNotClaimed(ILogger logger, Guid runId, string jobId);
}
