using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using RbIdp.Api.Infrastructure;
using RbIdp.Api.Security;
using RbIdp.Pipeline.Runs.Access;
using RbIdp.Api.Submissions;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;
using StackExchange.Redis;

namespace RbIdp.Api.Apis;

/// <summary>
/// Synchronous checking of small documents: the answer in the response. A document with more pages than
/// <c>Submissions:SyncMaxPages</c>, or one that arrives while every sync slot (<c>Submissions:SyncConcurrency</c>)
/// is busy, becomes an ordinary job instead (202, as <c>POST /v1/jobs</c>).
/// </summary>
/// <remarks>
/// A client that disconnects stops the in-process work: <see cref="RunProcessor"/> puts the run back to
/// <c>queued</c> and this endpoint hands it to the job queue, so the work is not lost and a retry with the same
/// <c>request_id</c> (or <c>GET /v1/jobs/{run_id}</c>) finds it. A transient fault (storage, LLM) is handed over the
/// same way, to be retried by the worker. Should the API process die mid-run, the run stays <c>running</c> without
/// a job; the worker's <c>StrandedRunSweeper</c> hands it to the job queue once its row has been untouched for
/// <c>Worker:Sweeper:RunningStale</c> (15 minutes, longer than any sync run).
/// </remarks>
public static partial class ProcessApi
{
    public static RouteGroupBuilder MapProcessApi(this IEndpointRouteBuilder app)
    {
        var process = app.MapGroup("/v1/process").WithTags(ApiDocuments.ProcessTag).RequireAuthorization(Roles.SubmitPolicy);
        process.MapPost("/", ProcessDocument).WithName("ProcessDocument").WithSummary("Process a document")
            .WithDescription("Check a small document synchronously: multipart/form-data with `file` and the fields, or JSON with `s3_path`. "
                + "Answers 200 with the answer; "
                + "202 with `Location` of a job when the document is long or the sync capacity is busy.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .AcceptsSubmission();
        return process;
    }

    public static async Task<Results<Ok<DocumentAnswer>, Accepted<JobAccepted>, ProblemHttpResult>> ProcessDocument(
        [AsParameters] JobServices jobs, [AsParameters] SubmissionServices submissions, [AsParameters] SyncServices sync, CancellationToken cancellationToken)
    {
        var (submission, problem) = await submissions.Reader.ReadAsync(jobs.Http.Request, allowCallback: false, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var admitted = await submissions.Admission.AdmitAsync(submission!, jobs.User.ClientId(), cancellationToken);
        var run = admitted.Run;
        switch (admitted.Kind)
        {
            case AdmissionKind.KeyReusedWithOtherBody:
                return Problems.IdempotencyConflict(run.Id);
            case AdmissionKind.Replayed:
                return Answer(jobs, run);
        }

        var logger = sync.Loggers.CreateLogger(typeof(ProcessApi).FullName!);
        if (await sync.WhyNotSyncAsync(submission!, cancellationToken) is { } why)
        {
            LogQueued(logger, run.Id, why);
            await submissions.Enqueuer.EnqueueAsync(run.Id);
            return jobs.Accepted(run.Id, run.Status);
        }

        using var slot = sync.Capacity.TryAcquire();
        if (slot is null)
        {
            LogQueued(logger, run.Id, "sync capacity busy");
            await submissions.Enqueuer.EnqueueAsync(run.Id);
            return jobs.Accepted(run.Id, run.Status);
        }

        try
        {
            var result = await sync.Processor.ProcessAsync(run.Id, null, cancellationToken);
            await PublishEndAsync(sync.Events, RunEvent.Ended(run.Id, result), logger);
        }
        catch (Exception e) when (e is TransientPipelineException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            // The processor left the run queued: the worker finishes it (its retries, its reentrant stages).
            LogQueued(logger, run.Id, e is TransientPipelineException ? "transient fault" : "client disconnected");
            await submissions.Enqueuer.EnqueueAsync(run.Id);
            return jobs.Accepted(run.Id, RunStatus.Queued);
        }

        return Answer(jobs, run);
    }

    /// <summary>What a finished (or replayed) run answers: the stored answer, the job's address, or why there is no answer.</summary>
    private static Results<Ok<DocumentAnswer>, Accepted<JobAccepted>, ProblemHttpResult> Answer(JobServices jobs, DocumentRun run) => run.Status switch
    {
        // Parsed, not passed through: the stored jsonb has PostgreSQL's key order; the answer has the contract's.
        RunStatus.Succeeded when run.ResultJson is { } json => TypedResults.Ok(JsonSerializer.Deserialize(json, PipelineJsonContext.Default.DocumentAnswer)),
        RunStatus.Succeeded => Problems.Create(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "The answer was purged",
            $"Run {run.Id:D} succeeded, but its answer was purged.", run.Id),
        RunStatus.Failed => Problems.Create(StatusCodes.Status500InternalServerError, ProblemTypes.RunFailed, "The check failed",
            "The service could not check the document (a system fault, not a verdict).", run.Id),
        RunStatus.Canceled => Problems.Create(StatusCodes.Status409Conflict, ProblemTypes.RunCanceled, "The run was canceled",
            $"Run {run.Id:D} was canceled; submit again with another request_id.", run.Id),
        _ => jobs.Accepted(run.Id, run.Status),
    };

    /// <summary>Tells the run's event stream, as the worker does, that the run has ended; a Redis fault does not cost the client its answer.</summary>
    private static async Task PublishEndAsync(RunEvents events, RunEvent end, ILogger logger)
    {
        try
        {
            await events.PublishAsync(end);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogEndNotPublished(logger, end.RunId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: its end was not published on the event stream: {Error}")]
    private static partial void LogEndNotPublished(ILogger logger, Guid runId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} goes to the job queue instead of the sync path: {Why}")]
    private static partial void LogQueued(ILogger logger, Guid runId, string why);
}
