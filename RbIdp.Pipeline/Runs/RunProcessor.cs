using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Processing;

namespace RbIdp.Pipeline.Runs;

/// <summary>
/// Processes one stored run: marks it running, runs the pipeline, stores the answer and the result artifact,
/// and records the outcome. Reentrant: a run that already finished is left as it is, so a rerun never
/// produces a second result. Shared by the worker's job and the API's synchronous path.
/// </summary>
public sealed partial class RunProcessor(
    RunsDbContext db,
    DocumentPipeline pipeline,
    IArtifactStore store,
    DeferralPolicy policy,
    TimeProvider timeProvider,
    ILogger<RunProcessor> logger)
{
    public async Task<RunProcessingResult> ProcessAsync(Guid runId, IRunProgress? progress, CancellationToken cancellationToken)
    {
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            LogRunMissing(logger, runId);
            return RunProcessingResult.Missing;
        }

        if (run.Status.IsFinal() || run.PurgedAt is not null)
        {
            LogAlreadyFinal(logger, runId, run.Status);
            return RunProcessingResult.AlreadyFinal;
        }

        if (run.CancelRequested)
        {
            await FinishAsync(run, RunStatus.Canceled, "Canceled before it started.", cancellationToken);
            return RunProcessingResult.Canceled;
        }

        var now = timeProvider.GetUtcNow();
        run.Status = RunStatus.Running;
        run.Attempts++;
        run.StartedAt ??= now;
        run.UpdatedAt = now;
        run.FailureReason = null;
        await db.SaveChangesAsync(cancellationToken);

        var context = new DocumentContext(
            run.Id,
            run.CreatedAt,
            new DocumentRequest(run.Fio, run.Reason, run.DocType, run.ApplicationDate, run.RequestId),
            new DocumentInput(run.InputReference, run.InputSha256, run.InputBytes),
            policy);

        PipelineOutcome outcome;
        try
        {
            outcome = await pipeline.RunAsync(context, progress, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await db.Entry(run).ReloadAsync(CancellationToken.None);
            if (run.CancelRequested)
            {
                await FinishAsync(run, RunStatus.Canceled, "Canceled by the client.", CancellationToken.None);
                return RunProcessingResult.Canceled;
            }

            // Shutdown: back to the queue; Hangfire runs the job again on the next start.
            run.Status = RunStatus.Queued;
            run.UpdatedAt = timeProvider.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        // Progress updates changed the row meanwhile (its concurrency token): read it again before the final write.
        await db.Entry(run).ReloadAsync(cancellationToken);
        if (outcome.Answer is { } answer)
        {
            answer = await StoreAnswerAsync(context, answer, cancellationToken);
            run.Status = RunStatus.Succeeded;
            run.Verdict = answer.Verdict;
            run.PolicyVersion = answer.PolicyVersion;
            run.LlmOutcome = answer.Llm;
            run.ResultJson = JsonSerializer.Serialize(answer, PipelineJsonContext.Default.DocumentAnswer);
            run.Stage = "done";
            run.Progress = 100;
            run.CompletedAt = run.UpdatedAt = timeProvider.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            LogSucceeded(logger, runId, answer.Verdict, answer.TimingsMs);
            return RunProcessingResult.Succeeded;
        }

        if (outcome.Transient)
        {
            run.Status = RunStatus.Queued;
            run.FailureReason = $"{outcome.FailedStage}: {outcome.Failure}";
            run.UpdatedAt = timeProvider.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            throw new TransientPipelineException($"Run {runId}: transient fault at stage {outcome.FailedStage}: {outcome.Failure}");
        }

        await FinishAsync(run, RunStatus.Failed, $"{outcome.FailedStage}: {outcome.Failure}", cancellationToken);
        return RunProcessingResult.Failed;
    }

    /// <summary>Records a run as failed for good (the job's retries are exhausted).</summary>
    public async Task MarkFailedAsync(Guid runId, string reason, CancellationToken cancellationToken)
    {
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is not null && !run.Status.IsFinal())
        {
            await FinishAsync(run, RunStatus.Failed, reason, cancellationToken);
        }
    }

    private async Task<DocumentAnswer> StoreAnswerAsync(DocumentContext context, DocumentAnswer answer, CancellationToken cancellationToken)
    {
        var key = ArtifactKeys.ForRun(context.RunId, context.CreatedAt, ArtifactKeys.Result);
        var artifacts = new Dictionary<string, string>(answer.Artifacts) { [ArtifactKeys.Result] = key };
        answer = answer with { Artifacts = artifacts };
        var json = JsonSerializer.SerializeToUtf8Bytes(answer, PipelineJsonContext.Default.DocumentAnswer);
        using var stream = new MemoryStream(json);
        await store.PutAsync(key, stream, "application/json", cancellationToken);
        return answer;
    }

    private async Task FinishAsync(DocumentRun run, RunStatus status, string reason, CancellationToken cancellationToken)
    {
        run.Status = status;
        run.FailureReason = status == RunStatus.Failed ? reason : null;
        run.CompletedAt = run.UpdatedAt = timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        LogFinished(logger, run.Id, status, reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} does not exist; nothing to do")]
    private static partial void LogRunMissing(ILogger logger, Guid runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} is already {Status}; not processed again")]
    private static partial void LogAlreadyFinal(ILogger logger, Guid runId, RunStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} succeeded: verdict {Verdict}, timings {TimingsMs}")]
    private static partial void LogSucceeded(ILogger logger, Guid runId, Verdicts.Verdict? verdict, IReadOnlyDictionary<string, long> timingsMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} finished as {Status}: {Reason}")]
    private static partial void LogFinished(ILogger logger, Guid runId, RunStatus status, string reason);
}

public enum RunProcessingResult
{
    Succeeded,
    Failed,
    Canceled,
    AlreadyFinal,
    Missing,
}
