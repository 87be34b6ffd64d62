using RbIdp.Api.Submissions;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Api.Apis;

/// <summary>
/// What the synchronous path takes besides a submission (<c>[AsParameters]</c>): its capacity, the run processor, the
/// event stream it tells of a run's end, and what it needs to tell whether a document may stay on it.
/// </summary>
public sealed record SyncServices(
    SyncCapacity Capacity, RunProcessor Processor, RunEvents Events, DocumentIntake Intake, IArtifactStore Store, ILoggerFactory Loggers)
{
    /// <summary>
    /// Why the document goes to the job queue instead of the sync path, or null when it may stay: more pages than
    /// the sync limit (counted from the headers, nothing decoded; an upload, or a client's s3:// object read as the
    /// worker will), or an s3:// object that cannot be read now (storage down, a store without buckets: the queue
    /// retries). A file that is missing or refused stays: its run answers that quickly.
    /// </summary>
    public async Task<string?> WhyNotSyncAsync(Submission submission, CancellationToken cancellationToken)
    {
        Stream? content;
        try
        {
            content = submission.File is { } file
                ? file.OpenReadStream()
                : await Store.OpenClientObjectAsync(S3ObjectPath.Parse(submission.S3Path!), Intake.MaxFileBytes, cancellationToken);
        }
        catch (Exception e) when (e is TransientStorageException or NotSupportedException)
        {
            return "the s3:// object cannot be read now";
        }

        if (content is null)
        {
            return null;
        }

        await using (content)
        {
            return await Intake.CountPagesAsync(content, cancellationToken) > Capacity.MaxPages ? "pages over the sync limit" : null;
        }
    }
}
