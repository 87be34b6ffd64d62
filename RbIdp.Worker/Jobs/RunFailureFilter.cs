using Hangfire.States;
using Hangfire.Storage;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// When a document job lands in Failed (Hangfire's retries are exhausted: the dead-letter list), the run
/// is marked <c>failed</c> with the reason and its webhook announced. Requeueing the job from the
/// dashboard (admin) re-drives it.
/// </summary>
public sealed partial class RunFailureFilter(IServiceScopeFactory scopes, ILogger<RunFailureFilter> logger) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is not FailedState failed
            || context.BackgroundJob.Job?.Type != typeof(IDocumentJob)
            || context.BackgroundJob.Job.Args is not [Guid runId, ..])
        {
            return;
        }

        LogDeadLettered(logger, runId, failed.Exception?.Message ?? "unknown");
        using var scope = scopes.CreateScope();
        var reason = $"Retries exhausted: {failed.Exception?.GetType().Name}: {failed.Exception?.Message}";
        scope.ServiceProvider.GetRequiredService<RunProcessor>().MarkFailedAsync(runId, reason, CancellationToken.None).GetAwaiter().GetResult();
        scope.ServiceProvider.GetRequiredService<RunCompletion>().AnnounceAsync(runId, CancellationToken.None).GetAwaiter().GetResult();
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId}: job failed for good after its retries: {Error}")]
    private static partial void LogDeadLettered(ILogger logger, Guid runId, string error);
}
