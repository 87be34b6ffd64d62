using System.Buffers.Binary;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Stamps;
using RbIdp.Tests.Intake;
using RbIdp.Tests.Ocr;
using RbIdp.Tests.Synthetic;
using SkiaSharp;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace RbIdp.Tests.Decoding;

public sealed class DocumentDecoderTests
{
    private static readonly DateOnly Issued = new(2026, 11, 10);

    [Fact]
    public async Task Text_layer_pdf_page_gives_its_text_and_no_image()
    {
        using var document = DocumentGenerator.Render(new DocumentSpec(DocumentType.MedicalCertificate, "Иванов Иван Петрович", Issued) { Dpi = 100 });

        using var decoded = await TestFiles.DecodeAsync(PdfFactory.TextPdf(document));

        var page = Assert.Single(decoded.Pages);
        Assert.Null(page.Image);
        Assert.Contains("Выдана Иванову Ивану Петровичу", page.TextLayer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scanned_pdf_pages_give_their_embedded_images_at_their_resolution()
    {
        using var first = DocumentGenerator.Render(new DocumentSpec(DocumentType.SickLeave, "Иванов Иван Петрович", Issued) { Dpi = 150 });
        using var second = DocumentGenerator.Render(new DocumentSpec(DocumentType.IncomeCertificate, "Иванов Иван Петрович", Issued) { Dpi = 150 });

        using var decoded = await TestFiles.DecodeAsync(PdfFactory.ScannedPdf(first, second));

        Assert.Equal([1, 2], decoded.Pages.Select(p => p.Number));
        Assert.All(decoded.Pages, p =>
        {
            Assert.Null(p.TextLayer);
            Assert.Equal(first.Pages[0].Bitmap.Width, p.Image!.Width);
            Assert.InRange(p.Dpi, 149, 151);
        });
    }

    [Fact]
    public async Task Pdf_page_without_text_or_image_is_rendered_by_poppler_at_300_dpi()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(595, 842);
        page.DrawRectangle(new PdfPoint(100, 100), 200, 300, 4);

        using var decoded = await TestFiles.DecodeAsync(builder.Build());

        var image = Assert.Single(decoded.Pages).Image!;
        Assert.Equal(SKColorType.Gray8, image.ColorType);
        Assert.InRange(image.Width, 2478, 2481);
        Assert.True(image.GetPixel(100 * 300 / 72, 3508 - (250 * 300 / 72)).Red < 64, "the rectangle's left edge is drawn");
    }

    [Fact]
    public async Task Poppler_that_runs_past_its_time_is_killed_and_the_page_is_unreadable()
    {
        var builder = new PdfDocumentBuilder();
        builder.AddPage(595, 842).DrawRectangle(new PdfPoint(100, 100), 200, 300, 4);
        var decoder = TestFiles.Decoder(new DecoderOptions { RenderTimeout = TimeSpan.FromMilliseconds(1) });

        var result = await decoder.DecodeAsync(TestFiles.Intake().Inspect(builder.Build()), CancellationToken.None);

        Assert.Equal(IntakeRejection.Unreadable, result.Rejection!.Reason);
        Assert.Contains("in time", result.Rejection.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Multi_page_tiff_gives_every_page_in_its_colours_at_its_resolution(bool greyscale)
    {
        using var first = DocumentGenerator.Render(new DocumentSpec(DocumentType.BirthCertificate, "Иванова Мария Петровна", Issued) { Dpi = 100 });
        using var second = DocumentGenerator.Render(new DocumentSpec(DocumentType.DisabilityCertificate, "Иванова Мария Петровна", Issued) { Dpi = 100 });
        var source = first.Pages[0].Bitmap;

        using var decoded = await TestFiles.DecodeAsync(PdfFactory.Tiff(first.Pages.Concat(second.Pages), greyscale));

        Assert.Equal(2, decoded.Pages.Count);
        var page = decoded.Pages[0];
        Assert.Equal(greyscale ? SKColorType.Gray8 : SKColorType.Bgra8888, page.Image!.ColorType);
        Assert.Equal((source.Width, source.Height), (page.Image.Width, page.Image.Height));
        Assert.Equal(100, page.Dpi);
        var (x, y) = DarkestPixel(source);
        Assert.True(page.Image.GetPixel(x, y).Red < 100, "ink stays where it was (leptonica's byte order is undone)");
    }

    [Fact]
    public async Task Colour_a4_tiff_at_300_dpi_is_a_realistic_upload_and_keeps_its_blue_stamp()
    {
        var spec = new DocumentSpec(DocumentType.DisabilityCertificate, "Иванова Мария Петровна", Issued) { Dpi = 300, Stamp = new StampSpec() };
        using var document = DocumentGenerator.Render(spec);
        var tiff = PdfFactory.Tiff(document.Pages);

        using var decoded = await TestFiles.DecodeAsync(tiff);

        Assert.True(tiff.Length < 8 * 1024 * 1024, $"a compressed A4 colour page is {tiff.Length / 1024} KB");
        var page = Assert.Single(decoded.Pages).Image!;
        var source = document.Pages[0].Bitmap;
        var (x, y) = BluestPixel(source);
        var (expected, actual) = (source.GetPixel(x, y), page.GetPixel(x, y));
        Assert.Equal((expected.Red, expected.Green, expected.Blue), (actual.Red, actual.Green, actual.Blue));
        Assert.Equal(StampStatus.Found, new StampDetector().Detect(page, decoded.Pages[0].Dpi).Status);
    }

    [Fact]
    public async Task Truncated_jpeg_is_unreadable()
    {
        using var page = TestPages.Render(seed: 1, lineCount: 10);
        var jpeg = TestPages.EncodeJpeg(page.Image);
        var truncated = jpeg.AsMemory(0, jpeg.Length * 2 / 3);

        var intake = TestFiles.Intake().Inspect(truncated);
        var result = await TestFiles.Decoder().DecodeAsync(intake, CancellationToken.None);

        Assert.True(intake.IsAccepted, "the header alone looks fine");
        Assert.Null(result.Document);
        Assert.Equal(IntakeRejection.Unreadable, result.Rejection!.Reason);
        Assert.Contains("truncated", result.Rejection.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Codec_refuses_a_png_bomb_from_its_header_even_when_called_directly()
    {
        var bomb = TestFiles.PngBomb(30_000);
        var before = Environment.WorkingSet;

        var error = Assert.Throws<PageDecodeException>(() => RasterDecoder.DecodeWithCodec(bomb, TestFiles.Intake().FitsPixelLimits));

        Assert.Equal(IntakeRejection.ImageTooLarge, error.Reason);
        Assert.True(Environment.WorkingSet - before < 64L * 1024 * 1024);
    }

    [Theory]
    [InlineData(6, 90)]
    [InlineData(3, 180)]
    [InlineData(8, 270)]
    public async Task Phone_jpeg_is_turned_upright_as_its_exif_orientation_says(ushort orientation, int clockwise)
    {
        // A 300×200 photo with a black mark in its top-left corner, stored sideways as a phone does.
        using var photo = new SKBitmap(new SKImageInfo(300, 200, SKColorType.Bgra8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(photo))
        {
            canvas.Clear(SKColors.White);
            using var ink = new SKPaint { Color = SKColors.Black };
            canvas.DrawRect(0, 0, 40, 40, ink);
        }

        using var decoded = await TestFiles.DecodeAsync(WithExifOrientation(TestPages.EncodeJpeg(photo, 95), orientation));

        var image = Assert.Single(decoded.Pages).Image!;
        var (w, h) = clockwise == 180 ? (300, 200) : (200, 300);
        Assert.Equal((w, h), (image.Width, image.Height));
        var (x, y) = clockwise switch
        {
            90 => (w - 20, 20),
            180 => (w - 20, h - 20),
            _ => (20, h - 20),
        };
        Assert.True(image.GetPixel(x, y).Red < 64, $"the mark is at ({x}, {y}) after turning {clockwise}°");
        Assert.True(image.GetPixel(20, 20).Red > 192, "the top-left corner is paper now");
    }

    private static (int X, int Y) BluestPixel(SKBitmap bitmap)
    {
        var best = (X: 0, Y: 0, Value: int.MinValue);
        for (var y = 0; y < bitmap.Height; y += 3)
        {
            for (var x = 0; x < bitmap.Width; x += 3)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Blue - c.Red > best.Value)
                {
                    best = (x, y, c.Blue - c.Red);
                }
            }
        }

        return (best.X, best.Y);
    }

    private static (int X, int Y) DarkestPixel(SKBitmap bitmap)
    {
        var best = (X: 0, Y: 0, Value: 256);
        for (var y = 0; y < bitmap.Height; y += 3)
        {
            for (var x = 0; x < bitmap.Width; x += 3)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Red + c.Green + c.Blue < best.Value * 3 && x % 4 != 0)
                {
                    best = (x, y, (c.Red + c.Green + c.Blue) / 3);
                }
            }
        }

        return (best.X, best.Y);
    }

    /// <summary>Inserts an APP1 Exif segment with one Orientation tag right after the JPEG's SOI marker.</summary>
    private static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[26];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(10), 0x0112);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(12), 3);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(18), orientation);
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
