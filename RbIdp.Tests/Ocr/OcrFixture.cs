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

    internal IOptions<OcrOptions> Options { get; }

    internal OcrEnginePool Pool { get; }

    internal OcrService Service { get; }

    /// <summary>Reads one rendered page as an image page of a document.</summary>
    public async Task<OcrPage> ReadAsync(TestPage page)
    {
        using var decoded = new DecodedPage(1, null, page.Image, page.Dpi);
        return await Service.ReadPageAsync(decoded, CancellationToken.None);
    }

    public void Dispose() => Pool.Dispose();
}

/// <summary>An OCR service whose engines cannot start (no such language model): it reads text layers, and any page it had to OCR would fail.</summary>
public sealed class OcrWithoutTesseract : IDisposable
{
    private readonly OcrEnginePool _pool;

    public OcrWithoutTesseract()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new OcrOptions { PoolSize = 1, Languages = "no_such_model" });
        _pool = new OcrEnginePool(options, NullLogger<OcrEnginePool>.Instance);
        Service = new OcrService(_pool, new PagePreprocessor(options), options, TimeProvider.System, NullLogger<OcrService>.Instance);
    }

    internal OcrService Service { get; }

    public void Dispose() => _pool.Dispose();
}

[CollectionDefinition(Name)]
public sealed class OcrTestGroup : ICollectionFixture<OcrFixture>
{
    public const string Name = "ocr";
}
