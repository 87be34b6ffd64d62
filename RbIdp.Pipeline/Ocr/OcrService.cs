using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Telemetry;

namespace RbIdp.Pipeline.Ocr;

/// <summary>
/// Reads a decoded document: text-layer pages as they are (an image beside the text is for the stamp, not read),
/// image pages through the engine pool in parallel
/// (each with its own deadline), cancellation honoured between and during pages.
/// </summary>
public sealed partial class OcrService(
    OcrEnginePool pool,
    PagePreprocessor preprocessor,
    IOptions<OcrOptions> options,
    TimeProvider timeProvider,
    ILogger<OcrService> logger)
{
    private static readonly ActivitySource Activity = new("RbIdp.Pipeline.Ocr");

    /// <summary>Below this mean confidence a page is checked for being upside down.</summary>
    private const double PoorConfidence = 60;

    private const int MinWordsToTurn = 3;

    /// <summary>Fewer ink cells (~100 DPI) than one short word leaves: a blank page.</summary>
    private const int MinInkCells = 40;

    private readonly OcrOptions _options = options.Value;
    private readonly PageSplitter _splitter = new(pool);

    public async Task<OcrDocument> ReadAsync(DecodedDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var pages = new OcrPage[document.Pages.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = pool.Size, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, pages.Length), parallel, async (index, ct) =>
            pages[index] = await ReadPageAsync(document.Pages[index], ct));
        return new OcrDocument(pages);
    }

    public async Task<OcrPage> ReadPageAsync(DecodedPage page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        cancellationToken.ThrowIfCancellationRequested();
        if (page.TextLayer is { } text)
        {
            ProductMetrics.PageRead("text_layer", null);
            return new OcrPage(page.Number, HomoglyphFolder.Fold(text), [], 100, TextSource.TextLayer, 0, 0, 0, 0, 0);
        }

        if (page.Image is null)
        {
            return new OcrPage(page.Number, string.Empty, [], 0, TextSource.Ocr, 0, 0, 0, 0, page.Dpi, TextLayerIgnored: page.TextLayerIgnored);
        }

        using var activity = Activity.StartActivity("ocr.page");
        activity?.SetTag("page", page.Number);
        using var lease = await pool.RentAsync(cancellationToken);
        var started = timeProvider.GetTimestamp();

        // Preparing and reading a page keeps a core busy for a second or more: on a thread of its own, not one of the
        // thread pool's few, which the database, storage and HTTP continuations of every other run need meanwhile.
        var (prepared, reading) = await Task.Factory.StartNew(
            () => Read(page, lease.Engine, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var elapsed = timeProvider.GetElapsedTime(started);
        if (reading.TimedOut)
        {
            LogPageTimedOut(logger, page.Number, _options.PageTimeout);
        }

        ProductMetrics.PageRead("ocr", reading.MeanConfidence);
        LogPageRead(logger, page.Number, reading.Words.Count, reading.MeanConfidence, prepared.RotationDegrees, prepared.SkewDegrees, elapsed.TotalMilliseconds);
        return new OcrPage(
            page.Number,
            reading.Text,
            reading.Words,
            reading.MeanConfidence,
            TextSource.Ocr,
            prepared.RotationDegrees,
            prepared.SkewDegrees,
            prepared.Image.Width,
            prepared.Image.Height,
            prepared.Dpi,
            reading.TimedOut,
            page.TextLayerIgnored);
    }

    private (PreparedPage Prepared, EngineReading Reading) Read(DecodedPage page, TesseractEngine engine, CancellationToken cancellationToken)
    {
        var prepared = preprocessor.Prepare(page.Image!, page.Dpi, engine);
        cancellationToken.ThrowIfCancellationRequested(); // preprocessing takes a second under load: a cancel must not wait for Tesseract too

        // A blank page (a scanned back side) has nothing to read, and Tesseract can crash on one: it is not recognised.
        var reading = prepared.InkCells < MinInkCells
            ? new EngineReading(string.Empty, [], 0, false)
            : ReadImage(prepared, engine, cancellationToken);
        // A page with (almost) nothing on it has nothing to turn: only a page with some words read is checked for being upside down.
        if (ReadsPoorly(reading) && reading.Words.Count >= MinWordsToTurn && preprocessor.FindUpsideDown(prepared, engine) is { } turned)
        {
            var second = ReadImage(turned, engine, cancellationToken);
            if (Quality(second) > Quality(reading))
            {
                (prepared, reading) = (turned, second);
            }
        }

        return (prepared, reading);
    }

    /// <summary>
    /// Recognises a prepared page within the bounds of its ink (unless <see cref="OcrOptions.CropToInk"/> is off), spread over
    /// the idle engines when it is safe to cut (unless <see cref="OcrOptions.SplitPages"/> is off).
    /// </summary>
    private EngineReading ReadImage(PreparedPage page, TesseractEngine engine, CancellationToken cancellationToken)
    {
        var plan = PageSplitter.Plan(page.Image, page.Dpi, _options.SplitPages ? pool.Size * PageSplitter.BandsPerEngine : 1);
        var within = _options.CropToInk ? plan.Ink : null;
        return _splitter.Read(page.Image, page.Dpi, plan, within, engine, _options.PageTimeout, cancellationToken);
    }

    /// <summary>An upside-down page reads as few words at low confidence.</summary>
    private static bool ReadsPoorly(EngineReading reading) => reading.MeanConfidence < PoorConfidence && !reading.TimedOut;

    private static double Quality(EngineReading reading) => reading.MeanConfidence * reading.Words.Count;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Page {Page}: {Words} words, confidence {Confidence}, rotated {Rotation}°, deskewed {Skew:F2}° in {ElapsedMs:F0} ms")]
    private static partial void LogPageRead(ILogger logger, int page, int words, double confidence, int rotation, double skew, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Page {Page} ran past its OCR deadline of {Timeout}; it keeps what was read")]
    private static partial void LogPageTimedOut(ILogger logger, int page, TimeSpan timeout);
}
