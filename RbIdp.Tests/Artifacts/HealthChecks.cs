using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RbIdp.Tests.Artifacts;

internal static class HealthChecks
{
    /// <summary>The context the health-check service would pass, for calling a check directly.</summary>
    public static HealthCheckContext Context(IHealthCheck check) => new()
    {
        Registration = new HealthCheckRegistration("artifact-store", check, HealthStatus.Unhealthy, ["ready"]),
    };
}
