using SkiaSharp;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace RbIdp.Tests.Synthetic;

/// <summary>Packs synthetic documents as the files borrowers upload: PDFs with a text layer, scanned PDFs, multi-page TIFFs.</summary>
public static class PdfFactory
{
    private const double PointsPerInch = 72;

    /// <summary>
    /// A "born-digital" PDF: the document's text runs as real text (an embedded TrueType font with Cyrillic),
    /// at the positions of the upright layout; stamps and scan effects are not part of it.
    /// </summary>
    public static byte[] TextPdf(params SyntheticDocument[] documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var builder = new PdfDocumentBuilder();
        var fonts = AddFonts(builder);
        foreach (var document in documents)
        {
            var pageCount = document.TextLayout.Count == 0 ? 1 : document.TextLayout.Max(t => t.Page) + 1;
            for (var page = 0; page < pageCount; page++)
            {
                AddTextLayer(AddA4Page(builder), document, page, fonts);
            }
        }

        return builder.Build();
    }

    /// <summary>
    /// A born-digital one-page PDF with a stamp: the document's text, and a picture of a round blue stamp (on white)
    /// placed near the bottom of the page, as the software that issues a certificate places its stamp image.
    /// </summary>
    public static byte[] TextPdfWithStampImage(SyntheticDocument document, double diameterMm = 40)
    {
        ArgumentNullException.ThrowIfNull(document);
        var builder = new PdfDocumentBuilder();
        var fonts = AddFonts(builder);
        var pdfPage = AddA4Page(builder);
        AddTextLayer(pdfPage, document, 0, fonts);
        const int StampDpi = 300;
        var side = (int)Math.Ceiling(PageLayout.Mm(StampDpi, diameterMm + 4));
        using var stamp = new SKBitmap(new SKImageInfo(side, side, SKColorType.Bgra8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(stamp))
        {
            canvas.Clear(SKColors.White);
            new InkPainter(canvas, StampDpi, new Random(7), SyntheticFonts.Pick(null, 7))
                .RoundStamp(new SKPoint(side / 2f, side / 2f), PageLayout.Mm(StampDpi, diameterMm / 2), InkColor.Blue,
                    "ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ «ВЕКТОР» * Г. МОСКВА *", "ОГРН\n1027700132195");
        }

        using var png = stamp.Encode(SKEncodedImageFormat.Png, 100);
        var points = side * PointsPerInch / StampDpi;
        pdfPage.AddPng(png.ToArray(), new PdfRectangle(pdfPage.PageSize.Width - points - 60, 60, pdfPage.PageSize.Width - 60, 60 + points));
        return builder.Build();
    }

    /// <summary>
    /// A scan under a text layer that says something else: the first page of <paramref name="scanned"/> as the page's
    /// image, and the text of <paramref name="textLayer"/> written invisibly over it, as a scanner's OCR writes its
    /// reading, or a forger a text the image does not show.
    /// </summary>
    public static byte[] ScannedPdfUnderTextLayer(SyntheticDocument scanned, SyntheticDocument textLayer)
    {
        ArgumentNullException.ThrowIfNull(scanned);
        ArgumentNullException.ThrowIfNull(textLayer);
        var builder = new PdfDocumentBuilder();
        var fonts = AddFonts(builder);
        var image = scanned.Pages[0];
        var width = image.Bitmap.Width * PointsPerInch / image.Dpi;
        var height = image.Bitmap.Height * PointsPerInch / image.Dpi;
        var pdfPage = builder.AddPage(width, height);
        pdfPage.AddJpeg(image.ToJpeg(85), new PdfRectangle(0, 0, width, height));
        pdfPage.SetTextRenderingMode(TextRenderingMode.Neither);
        AddTextLayer(pdfPage, textLayer, 0, fonts);
        return builder.Build();
    }

    private static (PdfDocumentBuilder.AddedFont Regular, PdfDocumentBuilder.AddedFont Bold) AddFonts(PdfDocumentBuilder builder) =>
        (builder.AddTrueTypeFont(File.ReadAllBytes(SyntheticFonts.PathOf("dejavu/DejaVuSans.ttf"))),
         builder.AddTrueTypeFont(File.ReadAllBytes(SyntheticFonts.PathOf("dejavu/DejaVuSans-Bold.ttf"))));

    private static PdfPageBuilder AddA4Page(PdfDocumentBuilder builder) =>
        builder.AddPage(PageLayout.A4WidthMm / 25.4 * PointsPerInch, PageLayout.A4HeightMm / 25.4 * PointsPerInch);

    /// <summary>The text runs of one page of <paramref name="document"/> as real text, at the positions of its upright layout.</summary>
    private static void AddTextLayer(
        PdfPageBuilder pdfPage, SyntheticDocument document, int page, (PdfDocumentBuilder.AddedFont Regular, PdfDocumentBuilder.AddedFont Bold) fonts)
    {
        var scale = PointsPerInch / document.Pages[0].Dpi;
        var height = pdfPage.PageSize.Height;
        foreach (var run in document.TextLayout.Where(t => t.Page == page))
        {
            // DejaVu Sans is wider than most faces: shrink a little so runs do not collide.
            pdfPage.AddText(run.Text, run.SizePx * scale * 0.9, new PdfPoint(run.Left * scale, height - (run.Baseline * scale)), run.Bold ? fonts.Bold : fonts.Regular);
        }
    }

    /// <summary>A scanned PDF: each page image embedded as a JPEG filling an A4 page (or a landscape one for rotated scans).</summary>
    public static byte[] ScannedPdf(IEnumerable<SyntheticPage> pages, int jpegQuality = 85)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var builder = new PdfDocumentBuilder();
        foreach (var page in pages)
        {
            var width = page.Bitmap.Width * PointsPerInch / page.Dpi;
            var height = page.Bitmap.Height * PointsPerInch / page.Dpi;
            var pdfPage = builder.AddPage(width, height);
            pdfPage.AddJpeg(page.ToJpeg(jpegQuality), new PdfRectangle(0, 0, width, height));
        }

        return builder.Build();
    }

    public static byte[] ScannedPdf(params SyntheticDocument[] documents) =>
        ScannedPdf(documents.SelectMany(d => d.Pages));

    public static byte[] Tiff(IEnumerable<SyntheticPage> pages, bool greyscale = false) =>
        TiffWriter.Write(pages.Select(p => (p.Bitmap, p.Dpi)), greyscale);

    /// <summary>The file of a document in the given format (PDF kinds, TIFF, PNG or JPEG of the first page).</summary>
    public static byte[] Encode(FileFormat format, params SyntheticDocument[] documents) => format switch
    {
        FileFormat.Png => documents[0].Pages[0].ToPng(),
        FileFormat.Jpeg => documents[0].Pages[0].ToJpeg(),
        FileFormat.TextPdf => TextPdf(documents),
        FileFormat.ScannedPdf => ScannedPdf(documents),
        FileFormat.Tiff => Tiff(documents.SelectMany(d => d.Pages)),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}

/// <summary>How a synthetic document is packed as a file.</summary>
public enum FileFormat
{
    Png,
    Jpeg,
    TextPdf,
    ScannedPdf,
    Tiff,
}
