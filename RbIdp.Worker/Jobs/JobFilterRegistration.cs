using Hangfire;

namespace RbIdp.Worker.Jobs;

/// <summary>Adds the run-failure filter and the document jobs' retry policy to Hangfire's global filters.</summary>
public sealed class JobFilterRegistration(RunFailureFilter filter, Microsoft.Extensions.Options.IOptions<RetryOptions> retry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GlobalJobFilters.Filters.Add(filter);
        GlobalJobFilters.Filters.Add(retry.Value.ToFilter());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        GlobalJobFilters.Filters.Remove(filter);
        return Task.CompletedTask;
    }
}
