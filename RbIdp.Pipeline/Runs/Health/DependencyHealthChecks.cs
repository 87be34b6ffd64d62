using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace RbIdp.Pipeline.Runs.Health;

/// <summary>Readiness: PostgreSQL accepts a query.</summary>
public sealed class PostgresHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RunsDbContext>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            return await db.Database.CanConnectAsync(timeout.Token)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("PostgreSQL does not accept connections.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL did not answer within 3 s.");
        }
    }
}

/// <summary>Readiness: Redis answers PING.</summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(3), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"Redis does not answer: {e.Message}");
        }
    }
}

public static class DependencyHealthCheckExtensions
{
    public const string ReadyTag = "ready";

    /// <summary>
    /// Readiness checks shared by the API and the worker: PostgreSQL, its schema migrated, and Redis (storage and OCR
    /// register their own).
    /// </summary>
    public static IHealthChecksBuilder AddDependencyChecks(this IHealthChecksBuilder checks)
    {
        // One instance, so that its "up to date" is remembered (AddCheck<T> alone builds a new one per probe).
        checks.Services.AddSingleton<SchemaHealthCheck>();
        return checks
            .AddCheck<PostgresHealthCheck>("postgres", tags: [ReadyTag])
            .AddCheck<SchemaHealthCheck>(SchemaHealthCheck.Name, tags: [ReadyTag])
            .AddCheck<RedisHealthCheck>("redis", tags: [ReadyTag]);
    }
}
