using Hangfire.Server;
using Microsoft.Extensions.Logging;

namespace RbIdp.Pipeline.Runs;

/// <summary>
/// Every line logged while a job runs carries its <c>run_id</c> (a document or webhook job's first argument) and
/// <c>hangfire_job_id</c>; the trace id comes from the job's span (<see cref="JobTracing"/>) and the <c>client_id</c> from
/// <see cref="RunLogScope"/> once the run is loaded.
/// </summary>
public sealed class JobLogScope(ILogger<JobLogScope> logger) : IServerFilter
{
    private const string ScopeItem = "rbidp-log-scope";

    public void OnPerforming(PerformingContext context)
    {
        List<KeyValuePair<string, object?>> scope = [new("hangfire_job_id", context.BackgroundJob.Id)];
        if (context.BackgroundJob.Job.Args is [Guid runId, ..])
        {
            scope.Add(new(RunLogScope.RunIdKey, runId));
        }

        if (logger.BeginScope(scope) is { } opened)
        {
            context.Items[ScopeItem] = opened;
        }
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(ScopeItem, out var item) && item is IDisposable scope)
        {
            scope.Dispose();
        }
    }
}

/// <summary>The log scope of a loaded run: its <c>run_id</c> and the <c>client_id</c> it belongs to.</summary>
public static class RunLogScope
{
    public const string RunIdKey = "run_id";
    public const string ClientIdKey = "client_id";

    public static IDisposable? Begin(ILogger logger, DocumentRun run) =>
        logger.BeginScope(new KeyValuePair<string, object?>[] { new(RunIdKey, run.Id), new(ClientIdKey, run.ClientId) });
}
