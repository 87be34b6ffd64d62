using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// Applies the runs table's EF Core migrations (and installs Hangfire's schema) at start. The API is their one owner; the worker only reads
/// and writes rows. Start-up waits (bounded) for the database so a slow PostgreSQL does not crash the API.
/// </summary>
public sealed partial class MigrationService(IServiceProvider services, TimeProvider timeProvider, ILogger<MigrationService> logger) : IHostedService
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RunsDbContext>();

                // Npgsql's migrator finds out whether the history table exists by reading it, and EF logs the failed
                // read of a new database as an error (npgsql/efcore.pg#3407): the red badge of a first local start.
                // Created first (IF NOT EXISTS), the read succeeds and a clean start logs no error.
                await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);

                // Hangfire's storage installs its schema when it is first built: do it now, not inside the first
                // submission (which would fail while a worker installs the same schema).
                using (scope.ServiceProvider.GetRequiredService<Hangfire.JobStorage>().GetConnection())
                {
                }
                LogMigrated(logger, attempt);
                return;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException && timeProvider.GetElapsedTime(started) < GiveUpAfter)
            {
                LogWaiting(logger, attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), timeProvider, cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database migrations applied (attempt {Attempt})")]
    private static partial void LogMigrated(ILogger logger, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not reachable yet (attempt {Attempt}): {Error}")]
    private static partial void LogWaiting(ILogger logger, int attempt, string error);
}
