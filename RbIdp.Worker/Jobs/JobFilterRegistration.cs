using Hangfire;

namespace RbIdp.Worker.Jobs;

/// <summary>Adds the run-failure filter and the document jobs' retry policy to Hangfire's global filters.</summary>
/// <remarks>Both are removed again at stop: the filters are process-wide, and a second host in the same process (tests) must not inherit them.</remarks>
public sealed class JobFilterRegistration(RunFailureFilter filter, Microsoft.Extensions.Options.IOptions<RetryOptions> retry) : IHostedService
{
    private readonly AutomaticRetryAttribute _retry = retry.Value.ToFilter();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        GlobalJobFilters.Filters.Add(filter);
        GlobalJobFilters.Filters.Add(_retry);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        GlobalJobFilters.Filters.Remove(filter);
        GlobalJobFilters.Filters.Remove(_retry);
        return Task.CompletedTask;
    }
}
