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
        var regular = builder.AddTrueTypeFont(File.ReadAllBytes(SyntheticFonts.PathOf("dejavu/DejaVuSans.ttf")));
        var bold = builder.AddTrueTypeFont(File.ReadAllBytes(SyntheticFonts.PathOf("dejavu/DejaVuSans-Bold.ttf")));
        foreach (var document in documents)
        {
            var dpi = document.Pages[0].Dpi;
            var scale = PointsPerInch / dpi;
            var pageCount = document.TextLayout.Count == 0 ? 1 : document.TextLayout.Max(t => t.Page) + 1;
            for (var page = 0; page < pageCount; page++)
            {
                var pdfPage = builder.AddPage(PageLayout.A4WidthMm / 25.4 * PointsPerInch, PageLayout.A4HeightMm / 25.4 * PointsPerInch);
                var height = pdfPage.PageSize.Height;
                foreach (var run in document.TextLayout.Where(t => t.Page == page))
                {
                    // DejaVu Sans is wider than most faces: shrink a little so runs do not collide.
                    pdfPage.AddText(run.Text, run.SizePx * scale * 0.9, new PdfPoint(run.Left * scale, height - (run.Baseline * scale)), run.Bold ? bold : regular);
                }
            }
        }

        return builder.Build();
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
