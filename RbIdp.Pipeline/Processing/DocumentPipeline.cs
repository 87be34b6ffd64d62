using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RbIdp.Pipeline.Llm;
using RbIdp.Pipeline.Telemetry;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Processing;

/// <summary>
/// Runs the ordered stages over one document: times each one, opens one span per stage, reports progress,
/// and returns an outcome instead of throwing across documents.
/// </summary>
public sealed partial class DocumentPipeline(IPipelineStages stages, TimeProvider timeProvider, ILogger<DocumentPipeline> logger)
{
    public const string ActivitySourceName = "RbIdp";
    private static readonly ActivitySource Activities = new(ActivitySourceName);
    private readonly IPipelineStage[] _stages = [.. stages.InOrder];

    public IReadOnlyList<string> StageNames => [.. _stages.Select(s => s.Name)];

    public async Task<PipelineOutcome> RunAsync(DocumentContext context, IRunProgress? progress, CancellationToken cancellationToken)
    {
        using var run = Activities.StartActivity("document.process");
        run?.SetTag("rbidp.run_id", context.RunId);
        run?.SetTag("rbidp.doc_type", context.Request.DocType.ToString());
        var started = timeProvider.GetTimestamp();

        using var work = context.Work;
        var early = new Dictionary<string, Task<StageResult>>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < _stages.Length; i++)
            {
                var stage = _stages[i];
                cancellationToken.ThrowIfCancellationRequested();
                if (progress is not null)
                {
                    await progress.ReportAsync(stage.Name, i * 100 / _stages.Length, cancellationToken);
                }

                StageResult result;
                try
                {
                    result = await (early.Remove(stage.Name, out var startedEarly) ? startedEarly : RunStageAsync(stage, context, cancellationToken));
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    return Failed(context, stage.Name, e);
                }

                if (result == StageResult.Stop)
                {
                    LogStoppedEarly(logger, context.RunId, stage.Name);
                    break;
                }

                foreach (var later in _stages.Skip(i + 1).Where(s => s.StartsAfter == stage.Name))
                {
                    // On a thread of its own: the stage's work is CPU-bound, and the thread pool's few threads are for I/O continuations.
                    early[later.Name] = Task.Factory.StartNew(
                        () => RunStageAsync(later, context, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
                }
            }
        }
        finally
        {
            // A stage started early may still be reading the decoded pages: it finishes before they are disposed.
            await ((Task)Task.WhenAll(early.Values)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

            // And no artifact write outlives the attempt that made it, whatever its outcome.
            await context.WritesStoredAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        try
        {
            await context.WritesStoredAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Failed(context, "artifacts", e);
        }

        context.TimingsMs["total"] = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
        var verdict = VerdictPolicy.Decide(context.Errors);
        run?.SetTag("rbidp.verdict", verdict.ToString());
        if (progress is not null)
        {
            await progress.ReportAsync("done", 100, cancellationToken);
        }

        var merged = work.Merged.ValueOrDefault;
        return PipelineOutcome.Completed(new DocumentAnswer(
            context.RunId,
            context.Request.RequestId,
            RunStatus.Succeeded,
            verdict,
            [.. context.Errors],
            work.Extracted,
            merged?.LlmOutcome ?? LlmOutcome.Skipped,
            merged?.LlmPromptVersion,
            context.Policy.Version,
            new Dictionary<string, long>(context.TimingsMs),
            new Dictionary<string, string>(context.Artifacts)));
    }

    /// <summary>A system fault in <paramref name="stage"/>: transient ones (storage, database, timeouts) are retried, others are not.</summary>
    private PipelineOutcome Failed(DocumentContext context, string stage, Exception e)
    {
        if (e is TransientPipelineException or Artifacts.TransientStorageException or TimeoutException or System.Data.Common.DbException { IsTransient: true })
        {
            LogStageTransientFailure(logger, context.RunId, stage, e);
            return PipelineOutcome.Failed(stage, e.Message, transient: true);
        }

        LogStageFailure(logger, context.RunId, stage, e);
        return PipelineOutcome.Failed(stage, $"{e.GetType().Name}: {e.Message}", transient: false);
    }

    /// <summary>One stage, timed and in its own span.</summary>
    private async Task<StageResult> RunStageAsync(IPipelineStage stage, DocumentContext context, CancellationToken cancellationToken)
    {
        using var span = Activities.StartActivity("stage." + stage.Name);
        DocumentWork.EnterStage(stage);
        var started = timeProvider.GetTimestamp();
        var failed = true;
        try
        {
            var result = await stage.RunAsync(context, cancellationToken);
            failed = false;
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            var elapsed = timeProvider.GetElapsedTime(started);
            context.TimingsMs[stage.Name] = (long)elapsed.TotalMilliseconds;
            ProductMetrics.StageCompleted(stage.Name, elapsed, failed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: stage {Stage} hit a transient fault")]
    private static partial void LogStageTransientFailure(ILogger logger, Guid runId, string stage, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId}: stage {Stage} failed")]
    private static partial void LogStageFailure(ILogger logger, Guid runId, string stage, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: verdict decided at stage {Stage}, later stages skipped")]
    private static partial void LogStoppedEarly(ILogger logger, Guid runId, string stage);
}

/// <summary>Either an answer (a business verdict) or a system fault (no verdict), transient or not.</summary>
public sealed record PipelineOutcome(DocumentAnswer? Answer, string? FailedStage, string? Failure, bool Transient)
{
    public static PipelineOutcome Completed(DocumentAnswer answer) => new(answer, null, null, false);

    public static PipelineOutcome Failed(string stage, string failure, bool transient) => new(null, stage, failure, transient);
}

/// <summary>
/// Receives the current stage and percent of a run (the worker writes it to the run row, Hangfire and Redis).
/// A report may be published after <see cref="ReportAsync"/> returns; <see cref="FlushAsync"/> waits until it is.
/// </summary>
public interface IRunProgress
{
    ValueTask ReportAsync(string stage, int percent, CancellationToken cancellationToken);

    ValueTask FlushAsync(CancellationToken cancellationToken);
}
