namespace RbIdp.Pipeline.Runs;

/// <summary>
/// The background job that processes one run. The API enqueues it (Hangfire client); the worker implements it.
/// It takes only the run id: everything else is loaded from PostgreSQL.
/// </summary>
public interface IDocumentJob
{
    public const string Queue = "documents";

    Task RunAsync(Guid runId, CancellationToken cancellationToken);
}
