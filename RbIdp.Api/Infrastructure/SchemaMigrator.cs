using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Runs;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// Applies the runs table's EF Core migrations and installs Hangfire's schema. EF Core holds a database lock while it
/// migrates, so two migrators at once apply each migration once; a database already up to date is left as it is. Waits
/// (bounded by <see cref="DatabaseOptions.WaitForDatabase"/>) for a PostgreSQL that does not accept connections yet.
/// </summary>
public sealed partial class SchemaMigrator(
    IServiceProvider services, IOptions<DatabaseOptions> options, TimeProvider timeProvider, ILogger<SchemaMigrator> logger)
{
    /// <summary>Returns the migrations it applied (none when the schema was up to date).</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
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
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                await db.Database.MigrateAsync(cancellationToken);

                // Hangfire's storage installs its schema when it is first built: do it now, not inside the first
                // submission (which would fail while a worker installs the same schema).
                using (scope.ServiceProvider.GetRequiredService<Hangfire.JobStorage>().GetConnection())
                {
                }

                LogMigrated(logger, pending.Count, pending.Count == 0 ? "none" : string.Join(", ", pending), attempt);
                return pending;
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException
                && timeProvider.GetElapsedTime(started) < options.Value.WaitForDatabase)
            {
                LogWaiting(logger, attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), timeProvider, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema up to date: {Count} migration(s) applied ({Migrations}), attempt {Attempt}")]
    private static partial void LogMigrated(ILogger logger, int count, string migrations, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database not reachable yet (attempt {Attempt}): {Error}")]
    private static partial void LogWaiting(ILogger logger, int attempt, string error);
}

/// <summary>
/// Migrates as the API starts when <see cref="DatabaseOptions.MigrateAtStart"/> (local runs, the AppHost, tests); in a
/// deployment the migrate job does it and the API's readiness waits for the schema.
/// </summary>
public sealed partial class MigrateAtStartService(SchemaMigrator migrator, IOptions<DatabaseOptions> options, ILogger<MigrateAtStartService> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateAtStart)
        {
            await migrator.MigrateAsync(cancellationToken);
        }
        else
        {
            LogLeftToJob(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Database:MigrateAtStart is false: the schema is migrated by 'RbIdp.Api migrate' (the migrate job); /ready waits for it")]
    private static partial void LogLeftToJob(ILogger logger);
}
