using System.Text.Json;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Processing;
using RbIdp.Pipeline.Stamps;
using RbIdp.Pipeline.Verdicts;
using RbIdp.Tests.Intake;
using RbIdp.Tests.Ocr;
using RbIdp.Tests.Pipeline;
using RbIdp.Tests.Synthetic;
using SkiaSharp;

namespace RbIdp.Tests.Decoding;

/// <summary>
/// A PDF page is read as what it shows, not as what its text layer says: a page that is one image covering the page
/// is a scan, read from its image and looked at for a stamp whatever text lies under it (a scanner's OCR or a
/// forgery); a born-digital page keeps its text and, when it draws an image a stamp could be in, gets a colour
/// rendering for the stamp detector; a page of text alone is not rendered.
/// </summary>
[Collection(OcrTestGroup.Name)]
public sealed class PdfTextLayerTrustTests(OcrFixture ocr)
{
    private const string Applicant = "Иванов Иван Петрович";
    private const string Forged = "Сидоров Павел Андреевич";
    private static readonly DateOnly Issued = new(2026, 11, 10);

    [Fact]
    public async Task Scanned_page_under_a_forged_text_layer_is_an_image_page_that_keeps_its_stamp()
    {
        var pdf = StampedScanUnderForgedText();

        using var decoded = await TestFiles.DecodeAsync(pdf);

        var page = Assert.Single(decoded.Pages);
        Assert.Null(page.TextLayer);
        Assert.True(page.TextLayerIgnored, "the text layer was there and is recorded as ignored");
        Assert.Equal(SKColorType.Bgra8888, page.Image!.ColorType);
        Assert.InRange(page.Dpi, 199, 201);
        Assert.Equal(StampStatus.Found, new StampDetector().Detect(page.Image, page.Dpi).Status);
    }

    [Fact]
    public async Task Scanned_page_under_a_forged_text_layer_is_read_from_its_image_and_ocr_json_says_so()
    {
        using var decoded = await TestFiles.DecodeAsync(StampedScanUnderForgedText());

        var read = await ocr.Service.ReadAsync(decoded, CancellationToken.None);

        var page = Assert.Single(read.Pages);
        Assert.Equal(TextSource.Ocr, page.Source);
        Assert.Contains("Иванов", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Сидоров", page.Text, StringComparison.Ordinal);
        Assert.True(page.TextLayerIgnored);
        var json = JsonSerializer.Serialize(read, PipelineJsonContext.Default.OcrDocument);
        Assert.Contains("\"text_layer_ignored\":true", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stamped_scan_under_a_forged_text_layer_is_checked_on_its_image_through_the_pipeline()
    {
        await using var host = new PipelineHost();

        var outcome = await host.RunAsync(StampedScanUnderForgedText(), Applicant, DeferralReason.Illness, DocumentType.MedicalCertificate, new DateOnly(2026, 11, 20));

        var answer = Assert.IsType<DocumentAnswer>(outcome.Answer);
        Assert.True(answer.Extracted.Stamp?.Found == true, $"the stamp stage looked at the scan: {answer.Extracted.Stamp}");
        Assert.DoesNotContain(answer.Errors, e => e.Code is ErrorCode.StampMissing or ErrorCode.FioMismatch or ErrorCode.FioNotFound);
    }

    [Fact]
    public async Task Born_digital_page_with_a_stamp_image_keeps_its_text_and_gets_a_colour_rendering_for_the_stamp()
    {
        using var document = DocumentGenerator.Render(new DocumentSpec(DocumentType.MedicalCertificate, Applicant, Issued) { Dpi = 100 });

        using var decoded = await TestFiles.DecodeAsync(PdfFactory.TextPdfWithStampImage(document));

        var page = Assert.Single(decoded.Pages);
        Assert.Contains("Выдана Иванову Ивану Петровичу", page.TextLayer, StringComparison.Ordinal);
        Assert.False(page.TextLayerIgnored);
        Assert.Equal(SKColorType.Bgra8888, page.Image!.ColorType);
        Assert.Equal(100, page.Dpi);
        Assert.InRange(page.Image.Width, 825, 828);
        Assert.Equal(StampStatus.Found, new StampDetector().Detect(page.Image, page.Dpi).Status);
    }

    [Fact]
    public async Task Born_digital_page_with_an_image_is_still_read_from_its_text_layer()
    {
        using var document = DocumentGenerator.Render(new DocumentSpec(DocumentType.MedicalCertificate, Applicant, Issued) { Dpi = 100 });
        using var decoded = await TestFiles.DecodeAsync(PdfFactory.TextPdfWithStampImage(document));
        using var withoutTesseract = new OcrWithoutTesseract();

        var read = await withoutTesseract.Service.ReadAsync(decoded, CancellationToken.None);

        var page = Assert.Single(read.Pages);
        Assert.Equal(TextSource.TextLayer, page.Source);
        Assert.Contains("Выдана Иванову Ивану Петровичу", page.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Text_page_goes_to_poppler_only_when_it_draws_an_image_and_keeps_its_text_when_rendering_fails(bool drawsStampImage)
    {
        using var document = DocumentGenerator.Render(new DocumentSpec(DocumentType.MedicalCertificate, Applicant, Issued) { Dpi = 100 });
        var pdf = drawsStampImage ? PdfFactory.TextPdfWithStampImage(document) : PdfFactory.TextPdf(document);
        using var failingPoppler = new RecordingPdftoppm();

        using var decoded = await TestFiles.DecodeAsync(pdf, failingPoppler.Options);

        var page = Assert.Single(decoded.Pages);
        Assert.Equal(drawsStampImage, failingPoppler.WasCalled);
        Assert.Null(page.Image);
        Assert.Equal(0, page.Dpi);
        Assert.Contains("Выдана Иванову Ивану Петровичу", page.TextLayer, StringComparison.Ordinal);
    }

    /// <summary>A 200-DPI scan of the applicant's stamped certificate under an invisible text layer naming another person.</summary>
    private static byte[] StampedScanUnderForgedText()
    {
        using var scan = DocumentGenerator.Render(new DocumentSpec(DocumentType.MedicalCertificate, Applicant, Issued) { Dpi = 200, Stamp = new StampSpec() });
        using var forged = DocumentGenerator.Render(new DocumentSpec(DocumentType.MedicalCertificate, Forged, Issued) { Dpi = 200 });
        return PdfFactory.ScannedPdfUnderTextLayer(scan, forged);
    }

    /// <summary>A stand-in for pdftoppm that notes it was called and fails, as a broken or missing poppler would.</summary>
    private sealed class RecordingPdftoppm : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("rbidp-pdftoppm").FullName;

        public RecordingPdftoppm()
        {
            var script = Path.Combine(_folder, "pdftoppm");
            File.WriteAllText(script, $"#!/bin/sh\ntouch '{Marker}'\nexit 1\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Options = new DecoderOptions { PdftoppmPath = script };
        }

        public DecoderOptions Options { get; }

        public bool WasCalled => File.Exists(Marker);

        private string Marker => Path.Combine(_folder, "called");

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
