using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Ocr;

namespace RbIdp.Tests.Ocr;

/// <summary>One engine pool for all OCR tests (they share a collection so they do not fight over the cores).</summary>
public sealed class OcrFixture : IDisposable
{
    public OcrFixture()
    {
        Options = Microsoft.Extensions.Options.Options.Create(new OcrOptions { PoolSize = Math.Min(2, Environment.ProcessorCount) });
        Pool = new OcrEnginePool(Options, NullLogger<OcrEnginePool>.Instance);
        Service = new OcrService(Pool, new PagePreprocessor(Options), Options, TimeProvider.System, NullLogger<OcrService>.Instance);
    }

    public IOptions<OcrOptions> Options { get; }

    public OcrEnginePool Pool { get; }

    public OcrService Service { get; }

    /// <summary>Reads one rendered page as an image page of a document.</summary>
    public async Task<OcrPage> ReadAsync(TestPage page)
    {
        using var decoded = new DecodedPage(1, null, page.Image, page.Dpi);
        return await Service.ReadPageAsync(decoded, CancellationToken.None);
    }

    public void Dispose() => Pool.Dispose();
}

[CollectionDefinition(Name)]
public sealed class OcrTestGroup : ICollectionFixture<OcrFixture>
{
    public const string Name = "ocr";
}
