using System.Diagnostics;
using RbIdp.Pipeline.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace RbIdp.Tests.Synthetic;

public sealed class FileWriterTests
{
    private static readonly DateOnly Issued = new(2026, 11, 10);

    [Fact]
    public void Text_pdf_carries_the_Cyrillic_text_layer()
    {
        using var document = DocumentGenerator.Render(new DocumentSpec(DocumentType.MedicalCertificate, "Иванов Иван Петрович", Issued) { Dpi = 100 });

        using var pdf = PdfDocument.Open(PdfFactory.TextPdf(document));

        var text = ContentOrderTextExtractor.GetText(pdf.GetPage(1));
        Assert.Contains("СПРАВКА", text, StringComparison.Ordinal);
        Assert.Contains("Выдана Иванову Ивану Петровичу", text, StringComparison.Ordinal);
        Assert.Contains("«10» ноября 2026 г.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scanned_pdf_has_one_jpeg_page_per_rendered_page_at_the_rendered_resolution()
    {
        using var first = DocumentGenerator.Render(new DocumentSpec(DocumentType.SickLeave, "Иванов Иван Петрович", Issued) { Dpi = 100 });
        using var second = DocumentGenerator.Render(new DocumentSpec(DocumentType.IncomeCertificate, "Иванов Иван Петрович", Issued) { Dpi = 100 });

        using var pdf = PdfDocument.Open(PdfFactory.ScannedPdf(first, second));

        Assert.Equal(2, pdf.NumberOfPages);
        var image = Assert.Single(pdf.GetPage(2).GetImages());
        Assert.Equal(first.Pages[0].Bitmap.Width, image.WidthInSamples);
        Assert.Equal(100, image.WidthInSamples / (image.BoundingBox.Width / 72), 0);
        Assert.Empty(pdf.GetPage(1).GetWords());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Multi_page_tiff_is_read_back_page_by_page_by_tesseract(bool greyscale)
    {
        using var first = DocumentGenerator.Render(new DocumentSpec(DocumentType.BirthCertificate, "Иванова Мария Петровна", Issued) { Dpi = 100 });
        using var second = DocumentGenerator.Render(new DocumentSpec(DocumentType.DisabilityCertificate, "Иванова Мария Петровна", Issued) { Dpi = 100 });
        var path = Path.Combine(Path.GetTempPath(), $"synthetic-{Guid.NewGuid():N}.tif");
        File.WriteAllBytes(path, PdfFactory.Tiff(first.Pages.Concat(second.Pages), greyscale));
        try
        {
            // Leptonica (through the tesseract CLI) reads every page of the file.
            var (exit, output) = Run("tesseract", $"{path} - -l rus --psm 3");
            Assert.Equal(0, exit);
            Assert.Contains("СВИДЕТЕЛЬСТВО О РОЖДЕНИИ", output, StringComparison.Ordinal);
            Assert.Contains("медико-социальной", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    internal static (int Exit, string Output) Run(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["OMP_THREAD_LIMIT"] = "1" },
        }) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments} did not finish in 120 s.");
        }

        return (process.ExitCode, output.Result);
    }
}
