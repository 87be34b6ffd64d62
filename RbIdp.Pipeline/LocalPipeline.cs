using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Processing;

namespace RbIdp.Pipeline;

/// <summary>
/// The whole pipeline in one process with no services: artifacts on the local disk, the LLM only when
/// <c>Llm__Endpoint</c> is set in the environment. What the <c>rbidp check</c> command and the accuracy bench run.
/// </summary>
public sealed class LocalPipeline : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private LocalPipeline(ServiceProvider provider) => _provider = provider;

    public DeferralPolicy Policy => _provider.GetRequiredService<DeferralPolicy>();

    /// <param name="artifactsDir">Where the runs' artifacts are written.</param>
    /// <param name="logging">How the pipeline logs (console, level).</param>
    public static LocalPipeline Create(string artifactsDir, Action<ILoggingBuilder> logging)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IArtifactStore>(sp => new LocalDiskArtifactStore(artifactsDir, sp.GetRequiredService<ILogger<LocalDiskArtifactStore>>()))
            .AddDocumentPipeline();
        return new LocalPipeline(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    /// <summary>Stores the file as a new run's input and runs the pipeline on it; the run's artifact folder is returned with the outcome.</summary>
    public async Task<(PipelineOutcome Outcome, string RunPrefix)> RunFileAsync(string path, DocumentRequest request, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var runId = Guid.CreateVersion7(now);
        var inputKey = ArtifactKeys.ForRun(runId, now, ArtifactKeys.Input);
        await using (var input = File.OpenRead(path))
        {
            await _provider.GetRequiredService<IArtifactStore>().PutAsync(inputKey, input, "application/octet-stream", cancellationToken);
        }

        var context = new DocumentContext(runId, now, request, new DocumentInput(inputKey), Policy);
        var outcome = await _provider.GetRequiredService<DocumentPipeline>().RunAsync(context, progress: null, cancellationToken);
        return (outcome, ArtifactKeys.RunPrefix(runId, now));
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
