using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Publishes a run's stage and percent: on the run row (while the run is running), as Hangfire job parameters
/// (drawn as a progress bar on the job page) and on Redis for the API's event stream.
/// Publishing happens beside the pipeline, not in its way: <see cref="ReportAsync"/> only records the newest
/// report and, when nothing is being published, starts publishing it; a report overtaken while another one is
/// being written is skipped. <see cref="FlushAsync"/> waits until the newest report is out (the run's own final
/// write comes after it). A failed publication is logged and the run goes on.
/// </summary>
public sealed partial class RunProgress(
    Guid runId, PerformContext? performContext, IServiceScopeFactory scopes, RunEvents events, TimeProvider timeProvider, ILogger<RunProgress> logger)
    : IRunProgress, IAsyncDisposable
{
    public const string StageParameter = "rbidp-stage";
    public const string PercentParameter = "rbidp-progress";

    private readonly Lock _gate = new();
    private (string Stage, int Percent)? _pending;
    private bool _publishing;
    private Task _publisher = Task.CompletedTask;

    // Its own database context: the run's context is busy with the pipeline on another thread.
    private AsyncServiceScope? _scope;

    public ValueTask ReportAsync(string stage, int percent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _pending = (stage, percent);
            if (!_publishing)
            {
                _publishing = true;
                _publisher = Task.Run(PublishPendingAsync, CancellationToken.None);
            }
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        Task publisher;
        lock (_gate)
        {
            publisher = _publisher;
        }

        await publisher.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None);
        if (_scope is { } scope)
        {
            await scope.DisposeAsync();
        }
    }

    private async Task PublishPendingAsync()
    {
        while (true)
        {
            (string Stage, int Percent) report;
            lock (_gate)
            {
                if (_pending is null)
                {
                    _publishing = false;
                    return;
                }

                (report, _pending) = (_pending.Value, null);
            }

            try
            {
                await PublishAsync(report.Stage, report.Percent);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogNotPublished(logger, runId, report.Stage, e);
            }
        }
    }

    private async Task PublishAsync(string stage, int percent)
    {
        performContext?.SetJobParameter(StageParameter, stage);
        performContext?.SetJobParameter(PercentParameter, percent);

        _scope ??= scopes.CreateAsyncScope();
        var db = _scope.Value.ServiceProvider.GetRequiredService<RunsDbContext>();
        // Only a running run: a late report must never overwrite a final status's stage.
        await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Running).ExecuteUpdateAsync(
            set => set.SetProperty(r => r.Stage, stage).SetProperty(r => r.Progress, percent).SetProperty(r => r.UpdatedAt, timeProvider.GetUtcNow()));
        await events.PublishAsync(RunEvent.Running(runId, stage, percent));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: progress at stage {Stage} was not published")]
    private static partial void LogNotPublished(ILogger logger, Guid runId, string stage, Exception exception);
}

/// <summary>What a run's <see cref="RunProgress"/> publishes through (the runs table, Redis, the clock): one per run of the job.</summary>
public sealed class RunProgressFactory(IServiceScopeFactory scopes, RunEvents events, TimeProvider timeProvider, ILogger<RunProgress> logger)
{
    /// <summary>The progress of <paramref name="runId"/>, drawn on its Hangfire job (<paramref name="performContext"/>) when there is one.</summary>
    public RunProgress Start(Guid runId, PerformContext? performContext) => new(runId, performContext, scopes, events, timeProvider, logger);
}
