using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RbIdp.Pipeline.Artifacts;

namespace RbIdp.Pipeline.Runs.Storage;

/// <summary>
/// Prepares the store once at start (creates the bucket or root folder) without holding up the boot:
/// when the store is down, the readiness check reports it and the first use tries again.
/// </summary>
internal sealed partial class ArtifactStoreInitializer(IArtifactStore store, ILogger<ArtifactStoreInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await store.CheckAvailableAsync(stoppingToken).ConfigureAwait(false);
            LogReady(logger, store.GetType().Name);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogNotReady(logger, ex, store.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Artifact store {Store} is ready")]
    private static partial void LogReady(ILogger logger, string store);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Artifact store {Store} is not available at start; readiness will report it")]
    private static partial void LogNotReady(ILogger logger, Exception exception, string store);
}
