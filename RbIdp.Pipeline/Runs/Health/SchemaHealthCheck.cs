using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RbIdp.Pipeline.Runs.Health;

/// <summary>
/// Readiness: the runs database has every migration this build knows. Where the schema is migrated by its own job
/// (<c>Database:MigrateAtStart=false</c>), a pod started before that job finished — or a new version's pod before its
/// migration — is not sent traffic until the schema has caught up. The schema only moves forward, so once up to date
/// the answer is kept and the probe stops asking.
/// </summary>
public sealed class SchemaHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public const string Name = "schema";

    private volatile bool _upToDate;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_upToDate)
        {
            return HealthCheckResult.Healthy();
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RunsDbContext>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            // Asked of the catalogue: EF's own history read fails, and logs an error, on a database never migrated.
            var historyTable = $"\"{HistoryRepository.DefaultTableName}\"";
            if (!await db.Database.SqlQuery<bool>($"SELECT to_regclass({historyTable}) IS NOT NULL AS \"Value\"").SingleAsync(timeout.Token))
            {
                return HealthCheckResult.Unhealthy("The runs schema has no migrations applied yet (the migrate job has not run).");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(timeout.Token)).ToList();
            if (pending.Count > 0)
            {
                return HealthCheckResult.Unhealthy($"The runs schema lacks {pending.Count} migration(s), the newest {pending[^1]} (the migrate job has not run).");
            }

            _upToDate = true;
            return HealthCheckResult.Healthy();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL did not answer within 3 s.");
        }
        catch (Npgsql.NpgsqlException e)
        {
            return HealthCheckResult.Unhealthy($"The runs schema could not be read: {e.Message}");
        }
    }
}
