using Hangfire;

namespace RbIdp.Worker.Jobs;

/// <summary>
/// Puts the run-failure filter and the document jobs' retry policy into Hangfire's global filters, in place of
/// Hangfire's own retry filter (10 attempts on its own schedule), which would otherwise decide first.
/// </summary>
/// <remarks>Undone again at stop: the filters are process-wide, and a second host in the same process (tests) must not inherit them.</remarks>
public sealed class JobFilterRegistration(RunFailureFilter filter, Microsoft.Extensions.Options.IOptions<RetryOptions> retry) : IHostedService
{
    private readonly AutomaticRetryAttribute _retry = retry.Value.ToFilter();
    private List<object> _replaced = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _replaced = [.. GlobalJobFilters.Filters.Select(f => f.Instance).Where(f => f is AutomaticRetryAttribute)];
        foreach (var replaced in _replaced)
        {
            GlobalJobFilters.Filters.Remove(replaced);
        }

        GlobalJobFilters.Filters.Add(filter);
        GlobalJobFilters.Filters.Add(_retry);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        GlobalJobFilters.Filters.Remove(filter);
        GlobalJobFilters.Filters.Remove(_retry);
        foreach (var replaced in _replaced)
        {
            GlobalJobFilters.Filters.Add(replaced);
        }

        return Task.CompletedTask;
    }
}
