using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Native;
using RbIdp.Tests.Intake;
using RbIdp.Tests.Synthetic;
using SkiaSharp;

namespace RbIdp.Tests.Ocr;

[Collection(OcrTestGroup.Name)]
public sealed class OcrServiceTests(OcrFixture ocr)
{
    private static readonly DateOnly Issued = new(2026, 11, 10);

    [Fact]
    public async Task Text_layer_pdf_is_read_without_ocr()
    {
        using var document = DocumentGenerator.Render(new DocumentSpec(DocumentType.MedicalCertificate, "Иванов Иван Петрович", Issued) { Dpi = 100 });
        using var decoded = await TestFiles.DecodeAsync(PdfFactory.TextPdf(document));
        using var withoutTesseract = new OcrWithoutTesseract();

        var read = await withoutTesseract.Service.ReadAsync(decoded, CancellationToken.None);

        var page = Assert.Single(read.Pages);
        Assert.Equal(TextSource.TextLayer, page.Source);
        Assert.Contains("Выдана Иванову Ивану Петровичу", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scanned_pdf_with_a_stamp_over_the_text_is_read_page_by_page_in_order()
    {
        using var first = DocumentGenerator.Render(new DocumentSpec(DocumentType.UnemploymentCertificate, "Сидоров Павел Андреевич", Issued)
        {
            Stamp = new StampSpec(OverText: true),
            Scan = new ScanEffects { BlurSigma = 0.6, NoiseSigma = 6, JpegQuality = 80 },
        });
        using var second = DocumentGenerator.Render(new DocumentSpec(DocumentType.EmploymentRecord, "Сидоров Павел Андреевич", Issued) { Seed = 2 });
        using var decoded = await TestFiles.DecodeAsync(PdfFactory.ScannedPdf(first, second));

        var read = await ocr.Service.ReadAsync(decoded, CancellationToken.None);

        Assert.Equal([1, 2], read.Pages.Select(p => p.Number));
        Assert.All(read.Pages, p => Assert.Equal(TextSource.Ocr, p.Source));
        Assert.InRange(CharacterErrorRate.Of(first.Text, read.Pages[0].Text), 0, 0.05);
        Assert.Contains("Сидоров", read.Pages[0].Text, StringComparison.Ordinal);
        Assert.Contains("трудов", read.Pages[1].Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(read.MeanConfidence > 80, $"mean confidence {read.MeanConfidence}");
        Assert.All(read.Pages[0].Words, w => Assert.InRange(w.Box.X, 0, read.Pages[0].Width));
    }

    [Fact]
    public async Task Page_that_runs_past_its_deadline_is_cut_short_and_flagged()
    {
        using var page = TestPages.Render(seed: 9);
        using var lease = await ocr.Pool.RentAsync(CancellationToken.None);
        var image = GrayImage.FromBitmap(page.Image);
        var full = FullReadTime(lease.Engine, image);
        var watch = Stopwatch.StartNew();

        var reading = lease.Engine.Read(image, 300, TimeSpan.FromMilliseconds(50), CancellationToken.None);

        // Wall-clock time on a shared machine is compared with a full read of the same page, not with a constant.
        Assert.True(reading.TimedOut);
        Assert.True(watch.Elapsed < full / 2, $"cut short after {watch.Elapsed}, a full read takes {full}");
        Assert.True(CharacterErrorRate.Of(page.Text, reading.Text) > 0.5, "most of the page was not read");
    }

    [Fact]
    public async Task Cancellation_stops_reading_while_a_page_is_in_the_engine()
    {
        using var page = TestPages.Render(seed: 10);
        using var lease = await ocr.Pool.RentAsync(CancellationToken.None);
        var image = GrayImage.FromBitmap(page.Image);
        var full = FullReadTime(lease.Engine, image);
        using var cancel = new CancellationTokenSource();
        // A dedicated thread cancels: a timer callback needs a free thread-pool thread, which a busy test run may not have.
        var canceller = new Thread(() =>
        {
            Thread.Sleep(100);
            cancel.Cancel();
        });
        var watch = Stopwatch.StartNew();
        canceller.Start();

        Assert.Throws<OperationCanceledException>(() => lease.Engine.Read(image, 300, TimeSpan.FromMinutes(1), cancel.Token));
        Assert.True(watch.Elapsed < full / 2, $"stopped after {watch.Elapsed}, a full read takes {full}");
    }

    private static TimeSpan FullReadTime(TesseractEngine engine, GrayImage image)
    {
        var watch = Stopwatch.StartNew();
        var reading = engine.Read(image, 300, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.False(reading.TimedOut);
        return watch.Elapsed;
    }

    [Fact]
    public async Task Blank_white_colour_page_reads_as_no_text()
    {
        using var white = new SKBitmap(new SKImageInfo(2480, 3508, SKColorType.Bgra8888, SKAlphaType.Premul));
        white.Erase(SKColors.White);

        using var page = new DecodedPage(1, null, white.Copy(), 300);

        var read = await ocr.Service.ReadPageAsync(page, CancellationToken.None);

        Assert.Equal(string.Empty, read.Text.Trim());
        Assert.Empty(read.Words);
    }

    [Fact]
    public async Task Cancelled_document_is_not_read()
    {
        using var page = TestPages.Render(seed: 11, lineCount: 2);
        using var decoded = new DecodedDocument(RbIdp.Pipeline.Intake.DocumentFormat.Png, [new DecodedPage(1, null, page.Image.Copy(), 300)]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ocr.Service.ReadAsync(decoded, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Engines_run_with_one_OpenMP_thread_in_the_native_environment()
    {
        using var lease = await ocr.Pool.RentAsync(CancellationToken.None);

        Assert.Equal("1", NativeEnvironment.Get("OMP_THREAD_LIMIT"));
    }

    [Fact]
    public async Task Pool_lends_at_most_its_size_and_reuses_returned_engines()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new OcrOptions { PoolSize = 1 });
        using var pool = new OcrEnginePool(options, NullLogger<OcrEnginePool>.Instance);
        var first = await pool.RentAsync(CancellationToken.None);
        var engine = first.Engine;

        var second = pool.RentAsync(CancellationToken.None).AsTask();
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        first.Dispose();
        using var lease = await second.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Same(engine, lease.Engine);
    }

    [Theory]
    [InlineData(0, "rus+eng")]
    [InlineData(2, "")]
    [InlineData(2, "rus;rm -rf")]
    public void Invalid_ocr_options_fail_validation(int poolSize, string languages)
    {
        var result = new OcrOptionsValidator().Validate(null, new OcrOptions { PoolSize = poolSize, Languages = languages });

        Assert.True(result.Failed);
    }

    [Fact]
    public void Default_ocr_options_are_valid() =>
        Assert.True(new OcrOptionsValidator().Validate(null, new OcrOptions()).Succeeded);
}
