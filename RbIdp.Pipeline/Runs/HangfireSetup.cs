using Hangfire;
using Hangfire.PostgreSql;

namespace RbIdp.Pipeline.Runs;

/// <summary>Hangfire on PostgreSQL, configured the same way by the API (client) and the worker (server).</summary>
public static class HangfireSetup
{
    public const string WebhooksQueue = "webhooks";

    /// <summary>
    /// How old a row of Hangfire's <c>lock</c> table must be before another process may take the lock over. A process
    /// that dies, or loses PostgreSQL, while it holds a lock never deletes the row: a job whose state lock was left by
    /// an API that lost the database mid-enqueue could not start until the row expired (Hangfire.PostgreSql's default
    /// is 10 minutes), nor could a worker replacing a killed one register its schedule. Every lock here is held for
    /// milliseconds (a state change, a schedule update) or a short sweep, so a minute is ample.
    /// </summary>
    public static readonly TimeSpan StaleLockTimeout = TimeSpan.FromMinutes(1);

    /// <param name="configuration">Hangfire's configuration.</param>
    /// <param name="connectionString">The PostgreSQL database (schema <c>hangfire</c>).</param>
    /// <param name="invisibilityTimeout">
    /// How long a fetched job stays invisible without the server's heartbeat (sliding): after a worker
    /// crash, another worker picks the job up once this has passed.
    /// </param>
    public static IGlobalConfiguration UseRunQueueStorage(this IGlobalConfiguration configuration, string connectionString, TimeSpan? invisibilityTimeout = null) =>
        configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                options => options.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.FromSeconds(1),
                    InvisibilityTimeout = invisibilityTimeout ?? TimeSpan.FromMinutes(5),
                    UseSlidingInvisibilityTimeout = true,
                    DistributedLockTimeout = StaleLockTimeout,
                });
}
