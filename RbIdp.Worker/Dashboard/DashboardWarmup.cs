using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace RbIdp.Worker.Dashboard;

/// <summary>
/// Renders the Hangfire dashboard once right after start, so the first operator's visit does not pay for
/// its cold start (several seconds on a busy 2-core machine).
/// </summary>
public sealed partial class DashboardWarmup(IServer server, IHostApplicationLifetime lifetime, ILogger<DashboardWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);

        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return;
        }

        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), Timeout = TimeSpan.FromSeconds(30) };
            using var response = await client.GetAsync("/hangfire", stoppingToken);
            LogWarmedUp(logger, (int)response.StatusCode);
        }
        catch (HttpRequestException e)
        {
            LogWarmupFailed(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hangfire dashboard warmed up: HTTP {Status}")]
    private static partial void LogWarmedUp(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hangfire dashboard warm-up failed: {Error}")]
    private static partial void LogWarmupFailed(ILogger logger, string error);
}
