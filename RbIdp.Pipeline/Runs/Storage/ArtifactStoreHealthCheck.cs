using Microsoft.Extensions.Diagnostics.HealthChecks;
using RbIdp.Pipeline.Artifacts;

namespace RbIdp.Pipeline.Runs.Storage;

/// <summary>Readiness: the artifact store answers and accepts our credentials.</summary>
internal sealed class ArtifactStoreHealthCheck(IArtifactStore store) : IHealthCheck
{
    public const string Name = "artifact-store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await store.CheckAvailableAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{store.GetType().Name} is available");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{store.GetType().Name} is not available: {ex.Message}", ex);
        }
    }
}
