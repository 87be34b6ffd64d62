using Hangfire;
using Microsoft.EntityFrameworkCore;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Worker.Jobs;

/// <summary>What happens once a run is final: its webhook is enqueued exactly once (claimed on the run row).</summary>
public sealed class RunCompletion(RunsDbContext db, IBackgroundJobClient jobs, TimeProvider timeProvider)
{
    public async Task AnnounceAsync(Guid runId, CancellationToken cancellationToken)
    {
        var claimed = await db.Runs
            .Where(r => r.Id == runId && r.CallbackUrl != null && r.WebhookEnqueuedAt == null
                && (r.Status == RunStatus.Succeeded || r.Status == RunStatus.Failed || r.Status == RunStatus.Canceled))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.WebhookEnqueuedAt, timeProvider.GetUtcNow()), cancellationToken);
        if (claimed == 1)
        {
            jobs.Enqueue<WebhookJob>(job => job.SendAsync(runId, CancellationToken.None));
        }
    }
}
