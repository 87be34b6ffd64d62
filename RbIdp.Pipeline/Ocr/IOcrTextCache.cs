namespace RbIdp.Pipeline.Ocr;

/// <summary>
/// Keeps the OCR text of a document by the SHA-256 of its bytes, so that another run of the same file skips
/// Tesseract. The run machinery keeps it in Redis; without it (the <c>check</c> command) nothing is kept.
/// Never fails a run: an unavailable cache reads as empty and forgets writes.
/// </summary>
internal interface IOcrTextCache
{
    Task<OcrDocument?> GetAsync(string contentSha256, CancellationToken cancellationToken);

    Task SetAsync(string contentSha256, OcrDocument text, CancellationToken cancellationToken);
}

/// <summary>No cache: every document is read again.</summary>
internal sealed class NoOcrTextCache : IOcrTextCache
{
    public Task<OcrDocument?> GetAsync(string contentSha256, CancellationToken cancellationToken) => Task.FromResult<OcrDocument?>(null);

    public Task SetAsync(string contentSha256, OcrDocument text, CancellationToken cancellationToken) => Task.CompletedTask;
}
