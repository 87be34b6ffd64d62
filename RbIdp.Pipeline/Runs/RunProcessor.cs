using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Telemetry;

namespace RbIdp.Pipeline.Runs;

/// <summary>
/// Processes one stored run: marks it running, runs the pipeline, stores the answer and the result artifact,
/// and records the outcome. Reentrant: a run that already finished is left as it is, so a rerun never
/// produces a second result. Identical input answered before (same file, fields and policy version) reuses that
/// answer instead of running the pipeline (<see cref="DuplicateWorkCache"/>). Shared by the worker's job and the
/// API's synchronous path.
/// </summary>
public sealed partial class RunProcessor(
    RunsDbContext db,
    DocumentPipeline pipeline,
    IArtifactStore store,
    DeferralPolicy policy,
    DuplicateWorkCache cache,
    TimeProvider timeProvider,
    ILogger<RunProcessor> logger)
{
    /// <summary>The timing entry of an answer reused from an earlier run (no stage ran).</summary>
    public const string ReusedTiming = "reused_result";

    public async Task<RunProcessingResult> ProcessAsync(Guid runId, IRunProgress? progress, CancellationToken cancellationToken)
    {
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            LogRunMissing(logger, runId);
            return RunProcessingResult.Missing;
        }

        using var scope = RunLogScope.Begin(logger, run);

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
            policy)
        {
            Resumed = run.Attempts > 1,
        };

        var resultKey = DuplicateWorkCache.ResultKey(run, policy.Version);
        PipelineOutcome outcome;
        try
        {
            outcome = await ReuseEarlierAnswerAsync(context, resultKey, progress, cancellationToken)
                ?? await pipeline.RunAsync(context, progress, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FlushAsync(progress, CancellationToken.None);
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

        // Progress updates changed the row meanwhile (its concurrency token): let them finish, then read it again before the final write.
        await FlushAsync(progress, cancellationToken);
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
            if (resultKey is not null && answer.Llm != LlmOutcome.Failed && !answer.TimingsMs.ContainsKey(ReusedTiming))
            {
                await cache.SetResultAsync(resultKey, answer, cancellationToken);
            }

            ProductMetrics.RunFinished(WireNames.Of(RunStatus.Succeeded), answer.Verdict is { } verdict ? WireNames.Of(verdict) : null);
            foreach (var error in answer.Errors)
            {
                ProductMetrics.ErrorReported(WireNames.Of(error.Code));
            }

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

    private static ValueTask FlushAsync(IRunProgress? progress, CancellationToken cancellationToken) =>
        progress?.FlushAsync(cancellationToken) ?? ValueTask.CompletedTask;

    /// <summary>
    /// The answer of an earlier run with identical input, re-addressed to this run: its own run id, request id,
    /// input and (once stored) result artifact; timings show only the reuse. Null when there is none, or when the
    /// earlier run was purged meanwhile (its personal data must not come back).
    /// </summary>
    private async Task<PipelineOutcome?> ReuseEarlierAnswerAsync(DocumentContext context, string? resultKey, IRunProgress? progress, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        if (resultKey is null || await cache.GetResultAsync(resultKey, cancellationToken) is not { } earlier || earlier.RunId == context.RunId
            || !await db.Runs.AnyAsync(r => r.Id == earlier.RunId && r.PurgedAt == null, cancellationToken))
        {
            return null;
        }

        var artifacts = earlier.Artifacts.Where(a => a.Key != ArtifactKeys.Result).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        artifacts[ArtifactKeys.Input] = context.Input.Reference;
        var elapsed = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        if (progress is not null)
        {
            await progress.ReportAsync("done", 100, cancellationToken);
        }

        LogReused(logger, context.RunId, earlier.RunId);
        return PipelineOutcome.Completed(earlier with
        {
            RunId = context.RunId,
            RequestId = context.Request.RequestId,
            TimingsMs = new Dictionary<string, long>(StringComparer.Ordinal) { [ReusedTiming] = elapsed, ["total"] = elapsed },
            Artifacts = artifacts,
        });
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
        ProductMetrics.RunFinished(WireNames.Of(status), null);
        LogFinished(logger, run.Id, status, reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: identical input was answered by run {EarlierRunId}; its answer is reused")]
    private static partial void LogReused(ILogger logger, Guid runId, Guid earlierRunId);

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
