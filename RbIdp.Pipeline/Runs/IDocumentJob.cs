using Hangfire;
using Hangfire.Server;

namespace RbIdp.Pipeline.Runs;

/// <summary>
/// The background job that processes one run. The API enqueues it (Hangfire client); the worker implements it.
/// It takes only the run id: everything else is loaded from PostgreSQL.
/// </summary>
public interface IDocumentJob
{
    public const string Queue = "documents";

    /// <summary>Hangfire passes its <see cref="PerformContext"/> (null when enqueued) for progress on the dashboard.</summary>
    /// <remarks>
    /// Retries of transient faults follow the worker's global retry filter (<c>Worker:RetryDelays</c>): growing,
    /// jittered delays; after the last attempt the job stays in Failed (the dead-letter list).
    /// </remarks>
    [Queue(Queue)]
    Task RunAsync(Guid runId, PerformContext? performContext, CancellationToken cancellationToken);

    /// <summary>Redis channel on which the API announces a run to cancel.</summary>
    public const string CancelChannel = "rbidp:runs:cancel";
}
