using Hangfire;

namespace RbIdp.Worker.Jobs;

/// <summary>Adds the run-failure filter to Hangfire's global filters once the container can build it.</summary>
public sealed class JobFilterRegistration(RunFailureFilter filter) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GlobalJobFilters.Filters.Add(filter);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        GlobalJobFilters.Filters.Remove(filter);
        return Task.CompletedTask;
    }
}
