using Hangfire;
using Hangfire.PostgreSql;

namespace RbIdp.Pipeline.Runs;

/// <summary>Hangfire on PostgreSQL, configured the same way by the API (client) and the worker (server).</summary>
public static class HangfireSetup
{
    public const string WebhooksQueue = "webhooks";

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
                });
}
