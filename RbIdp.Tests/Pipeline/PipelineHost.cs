using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RbIdp.Pipeline;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Runs.Storage;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Pipeline;

/// <summary>A run's identity: where its artifacts are stored.</summary>
public sealed record PipelineRun(Guid Id, DateTimeOffset CreatedAt)
{
    public static PipelineRun New()
    {
        var now = DateTimeOffset.UtcNow;
        return new PipelineRun(Guid.CreateVersion7(now), now);
    }

    public string Key(string artifact) => ArtifactKeys.ForRun(Id, CreatedAt, artifact);
}

/// <summary>The real pipeline (real Tesseract, OpenCV, rules) with artifacts in a temporary folder and optional extra settings.</summary>
public sealed class PipelineHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly string _root = LocalServer.CreateTempDirectory("rbidp-pipeline");

    public PipelineHost(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["ArtifactStore:Kind"] = "Disk", ["ArtifactStore:RootPath"] = _root };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        _provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddArtifactStore(configuration)
            .AddDocumentPipeline()
            .BuildServiceProvider();
    }

    public DeferralPolicy Policy => _provider.GetRequiredService<DeferralPolicy>();

    public IArtifactStore Store => _provider.GetRequiredService<IArtifactStore>();

    public string Root => _root;

    /// <summary>The stages as the pipeline is given them, in their order.</summary>
    public IPipelineStages Stages => _provider.GetRequiredService<IPipelineStages>();

    public Task<PipelineOutcome> RunAsync(byte[] file, string fio, DeferralReason reason, DocumentType docType, DateOnly applicationDate, CancellationToken cancellationToken = default) =>
        RunAsync(PipelineRun.New(), file, new DocumentRequest(fio, reason, docType, applicationDate), resumed: false, cancellationToken);

    /// <summary>One attempt of <paramref name="run"/>: its first, or (<paramref name="resumed"/>) a later one, which may reuse what an earlier attempt stored.</summary>
    public async Task<PipelineOutcome> RunAsync(PipelineRun run, byte[] file, DocumentRequest request, bool resumed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var key = run.Key(ArtifactKeys.Input);
        using (var input = new MemoryStream(file))
        {
            await Store.PutAsync(key, input, "application/octet-stream", cancellationToken);
        }

        var context = new DocumentContext(run.Id, run.CreatedAt, request, new DocumentInput(key), Policy) { Resumed = resumed };
        return await _provider.GetRequiredService<DocumentPipeline>().RunAsync(context, null, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        LocalServer.DeleteDirectory(_root);
    }
}
