using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Processing;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Pipeline;

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

    public async Task<PipelineOutcome> RunAsync(byte[] file, string fio, DeferralReason reason, DocumentType docType, DateOnly applicationDate, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        var runId = Guid.CreateVersion7(now);
        var key = ArtifactKeys.ForRun(runId, now, ArtifactKeys.Input);
        using (var input = new MemoryStream(file))
        {
            await Store.PutAsync(key, input, "application/octet-stream", cancellationToken);
        }

        var context = new DocumentContext(runId, now, new DocumentRequest(fio, reason, docType, applicationDate), new DocumentInput(key), Policy);
        return await _provider.GetRequiredService<DocumentPipeline>().RunAsync(context, null, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        LocalServer.DeleteDirectory(_root);
    }
}
