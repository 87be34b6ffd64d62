using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// The job filters of the worker's Hangfire servers: Hangfire's global ones except its own retry filter (10
/// attempts on its own schedule), the document jobs' retry policy (<see cref="RetryOptions"/>) and the
/// run-failure filter in its place, the trace propagation (<see cref="JobTracing"/>: each job runs in a span under its creator's trace), the job's log scope (<see cref="JobLogScope"/>), and the attributes on the job methods (the webhook job's own retry policy
/// wins over the global one). Given to each server as its filter provider, so nothing process-wide is changed —
/// two hosts in one process (tests) cannot race on Hangfire's global filter list.
/// </summary>
public sealed class WorkerJobFilters(RunFailureFilter failure, IOptions<RetryOptions> retry, JobTracing tracing, JobLogScope logScope) : IJobFilterProvider
{
    private readonly JobFilterProviderCollection _providers = new(
        new GlobalFiltersWithoutRetry(),
        WorkerFilters(failure, retry.Value, tracing, logScope),
        new JobFilterAttributeFilterProvider());

    public IEnumerable<JobFilter> GetFilters(Job job) => _providers.GetFilters(job);

    private static JobFilterCollection WorkerFilters(RunFailureFilter failure, RetryOptions retry, JobTracing tracing, JobLogScope logScope)
    {
        var filters = new JobFilterCollection();
        filters.Add(tracing);
        filters.Add(logScope);
        filters.Add(failure);
        filters.Add(retry.ToFilter());
        return filters;
    }

    private sealed class GlobalFiltersWithoutRetry : IJobFilterProvider
    {
        public IEnumerable<JobFilter> GetFilters(Job job) =>
            ((IJobFilterProvider)GlobalJobFilters.Filters).GetFilters(job).Where(f => f.Instance is not AutomaticRetryAttribute);
    }
}
