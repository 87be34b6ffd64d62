using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Processing;
using StackExchange.Redis;

namespace RbIdp.Pipeline.Runs;

/// <summary>
/// Purges a run's personal data, the same way for a client's <c>DELETE /v1/jobs/{id}</c> and for the retention job: an
/// unfinished run is canceled (its worker is told on Redis), then its artifacts (the input copy, OCR text, evidence,
/// answer) are deleted, the cached answer and OCR text forgotten, and the row blanked to a tombstone
/// (<see cref="DocumentRun.PurgedAt"/>). The caller saves the tracked row.
/// </summary>
public sealed class RunPurge(IArtifactStore store, DuplicateWorkCache cache, IConnectionMultiplexer redis, TimeProvider timeProvider)
{
    public async Task PurgeAsync(DocumentRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!run.Status.IsFinal())
        {
            run.CancelRequested = true;
            run.Status = RunStatus.Canceled;
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(IDocumentJob.CancelChannel), run.Id.ToString("D"));
        }

        await store.DeletePrefixAsync(ArtifactKeys.RunPrefix(run.Id, run.CreatedAt), cancellationToken);
        await cache.ForgetAsync(run, cancellationToken);
        run.Fio = "";
        run.ResultJson = null;
        run.CallbackUrl = null;
        run.ReviewComment = null;
        run.PurgedAt = run.UpdatedAt = timeProvider.GetUtcNow();
    }
}
