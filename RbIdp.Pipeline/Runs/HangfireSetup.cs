using Hangfire;
using Hangfire.PostgreSql;

namespace RbIdp.Pipeline.Runs;

/// <summary>Hangfire on PostgreSQL, configured the same way by the API (client) and the worker (server).</summary>
public static class HangfireSetup
{
    public const string WebhooksQueue = "webhooks";

    public static IGlobalConfiguration UseRunQueueStorage(this IGlobalConfiguration configuration, string connectionString) =>
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
                    InvisibilityTimeout = TimeSpan.FromMinutes(30),
                });
}
