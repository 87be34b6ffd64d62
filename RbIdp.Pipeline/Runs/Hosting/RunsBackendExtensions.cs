using Hangfire.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Runs.Health;
using RbIdp.Pipeline.Runs.Storage;
using RbIdp.Pipeline.Runs.Webhooks;
using StackExchange.Redis;

namespace RbIdp.Pipeline.Runs.Hosting;

public static class RunsBackendExtensions
{
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

    /// <summary>
    /// What the API and the worker share: the runs database (EF Core, snake_case), Redis (with the distributed cache on it), object storage,
    /// the pipeline with run processing, the run enqueuer (on the host's Hangfire client, whose jobs carry the creator's trace), webhooks,
    /// and the readiness checks of those dependencies; and log redaction (a person's name as initials, document text and any
    /// other classified value erased).
    /// Returns the database connection string (Hangfire's storage lives in the same database).
    /// </summary>
    public static string AddRunsBackend(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.AddRunsDatabase();
        builder.AddRedisClient("redis", settings => settings.DisableHealthChecks = true);
        builder.Services.AddRedisDistributedCache();
        builder.Services.AddArtifactStore(builder.Configuration);
        builder.Services.AddRunProcessing();
        builder.Services.AddScoped<RunEnqueuer>();
        builder.Services.AddSingleton<RunEvents>();
        builder.Services.AddScoped<RunPurge>();
        builder.Services.AddSingleton<JobTracing>();
        builder.Services.AddSingleton<IJobFilterProvider>(sp => JobTracing.ClientFilters(sp.GetRequiredService<JobTracing>()));
        builder.Services.AddWebhooks();
        builder.Services.AddHealthChecks().AddDependencyChecks();

        // Personal data in log lines is redacted by the logging pipeline, by its classification (Documents/PersonalData).
        builder.Logging.EnableRedaction();
        builder.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<NameInitialsRedactor>(new DataClassificationSet(PersonalData.PersonName));
            redaction.SetFallbackRedactor<ErasingRedactor>();
        });
        return connectionString;
    }

    /// <summary>
    /// The runs database alone (EF Core on Npgsql, snake_case): what the schema migration needs. Returns its connection
    /// string (Hangfire's storage lives in the same database).
    /// </summary>
    public static string AddRunsDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(RunsDbContext.ConnectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{RunsDbContext.ConnectionName} is not configured.");
        builder.AddNpgsqlDbContext<RunsDbContext>(RunsDbContext.ConnectionName,
            settings => settings.DisableHealthChecks = true,
            options => options.UseSnakeCaseNamingConvention());
        return connectionString;
    }

    /// <summary>
    /// The document pipeline plus the processing of stored runs (needs the runs database): the run processor and the
    /// duplicate-work cache, which also keeps the pipeline's OCR text.
    /// </summary>
    public static IServiceCollection AddRunProcessing(this IServiceCollection services)
    {
        services.AddOptions<DuplicateWorkOptions>().BindConfiguration(DuplicateWorkOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DuplicateWorkOptions>, DuplicateWorkOptionsValidator>());
        services.AddSingleton<DuplicateWorkCache>();
        services.AddSingleton<IOcrTextCache>(sp => sp.GetRequiredService<DuplicateWorkCache>());
        services.AddDocumentPipeline();
        services.AddScoped<RunProcessor>();
        return services;
    }
}
