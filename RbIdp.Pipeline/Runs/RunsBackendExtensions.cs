using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Health;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Webhooks;
using StackExchange.Redis;

namespace RbIdp.Pipeline.Runs;

public static class RunsBackendExtensions
{
    /// <summary>
    /// What the API and the worker share: the runs database (EF Core, snake_case), Redis (with the distributed cache on it), object storage,
    /// the pipeline with run processing, the run enqueuer (on the host's Hangfire client), webhooks, and the readiness
    /// checks of those dependencies.
    /// Returns the database connection string (Hangfire's storage lives in the same database).
    /// </summary>
    /// <summary>
    /// The <see cref="IDistributedCache"/> of the services (the LLM's answer cache among its users) on the Redis
    /// connection the Aspire client already holds, under <c>rbidp:cache:</c>.
    /// </summary>
    public static IServiceCollection AddRedisDistributedCache(this IServiceCollection services)
    {
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<RedisCacheOptions>().Configure<IServiceProvider>((cache, sp) =>
        {
            cache.InstanceName = "rbidp:cache:";
            cache.ConnectionMultiplexerFactory = () => Task.FromResult(sp.GetRequiredService<IConnectionMultiplexer>());
        });
        return services;
    }

    public static string AddRunsBackend(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(RunsDbContext.ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{RunsDbContext.ConnectionName} is not configured.");

        builder.AddNpgsqlDbContext<RunsDbContext>(RunsDbContext.ConnectionName,
            settings => settings.DisableHealthChecks = true,
            options => options.UseSnakeCaseNamingConvention());
        builder.AddRedisClient("redis", settings => settings.DisableHealthChecks = true);
        builder.Services.AddRedisDistributedCache();
        builder.Services.AddArtifactStore(builder.Configuration);
        builder.Services.AddRunProcessing();
        builder.Services.AddScoped<RunEnqueuer>();
        builder.Services.AddWebhooks();
        builder.Services.AddHealthChecks().AddDependencyChecks();
        return connectionString;
    }
}
