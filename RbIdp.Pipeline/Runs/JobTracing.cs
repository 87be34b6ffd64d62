using System.Diagnostics;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;

namespace RbIdp.Pipeline.Runs;

/// <summary>
/// Carries the trace of whoever created a Hangfire job into the job: one trace runs from <c>POST /v1/jobs</c>
/// through the document job (its stages, OCR pages, storage calls) to the webhook it enqueues.
/// On create (client side) the current W3C <c>traceparent</c> is stored as a job parameter; on perform
/// (server side) the job runs in a span whose parent is that context. A retry continues the same trace.
/// </summary>
public sealed class JobTracing : IClientFilter, IServerFilter
{
    /// <summary>The job's span comes from this source (subscribed by the service defaults' <c>RbIdp*</c>).</summary>
    public const string ActivitySourceName = "RbIdp.Jobs";

    public const string TraceParentParameter = "traceparent";
    public const string TraceStateParameter = "tracestate";

    private const string ActivityItem = "rbidp-activity";
    private static readonly ActivitySource Activities = new(ActivitySourceName);

    public void OnCreating(CreatingContext context)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            context.SetJobParameter(TraceParentParameter, current.Id);
            if (current.TraceStateString is { Length: > 0 } state)
            {
                context.SetJobParameter(TraceStateParameter, state);
            }
        }
    }

    public void OnCreated(CreatedContext context)
    {
    }

    public void OnPerforming(PerformingContext context)
    {
        var job = context.BackgroundJob.Job;
        ActivityContext.TryParse(
            context.GetJobParameter<string>(TraceParentParameter, allowStale: true),
            context.GetJobParameter<string>(TraceStateParameter, allowStale: true),
            isRemote: true,
            out var parent);
        var activity = Activities.StartActivity($"{job.Type.Name}.{job.Method.Name}", ActivityKind.Consumer, parent);
        if (activity is null)
        {
            return;
        }

        activity.SetTag("hangfire.job_id", context.BackgroundJob.Id);
        activity.SetTag("hangfire.queue", job.Queue);
        if (job.Args is [Guid runId, ..])
        {
            activity.SetTag("rbidp.run_id", runId);
        }

        context.Items[ActivityItem] = activity;
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(ActivityItem, out var item) && item is Activity activity)
        {
            if (context.Exception is { } e && !context.ExceptionHandled)
            {
                activity.SetStatus(ActivityStatusCode.Error, e.Message);
            }

            activity.Dispose();
        }
    }

    /// <summary>Hangfire's global filters plus this one: the job filters of a Hangfire client (the API's, the worker's own enqueues).</summary>
    public static IJobFilterProvider ClientFilters(JobTracing tracing) =>
        new JobFilterProviderCollection(JobFilterProviders.Providers, new JobFilterCollection { tracing });
}
