using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Artifacts;

namespace RbIdp.Pipeline.Runs.Storage;

public static class ArtifactStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="IArtifactStore"/> chosen by the <c>ArtifactStore</c> section (validated at start; traced),
    /// the start-up initializer and the <c>artifact-store</c> health check tagged <c>ready</c>.
    /// </summary>
    public static IServiceCollection AddArtifactStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ArtifactStoreOptions>()
            .Bind(configuration.GetSection(ArtifactStoreOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArtifactStoreOptions>, ArtifactStoreOptionsValidator>());

        services.TryAddSingleton<IArtifactStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ArtifactStoreOptions>>().Value;
            var loggers = provider.GetRequiredService<ILoggerFactory>();
            // Every call in a span of its own (TracedArtifactStore), whichever store it is.
            return options.Kind switch
            {
                ArtifactStoreKind.S3 => new TracedArtifactStore(new S3ArtifactStore(options, loggers.CreateLogger<S3ArtifactStore>()), options.Bucket),
                _ => new TracedArtifactStore(new LocalDiskArtifactStore(options.RootPath!, loggers.CreateLogger<LocalDiskArtifactStore>()), bucket: null),
            };
        });

        services.AddHostedService<ArtifactStoreInitializer>();
        services.AddHealthChecks().AddCheck<ArtifactStoreHealthCheck>(ArtifactStoreHealthCheck.Name, tags: ["ready"]);
        return services;
    }
}
