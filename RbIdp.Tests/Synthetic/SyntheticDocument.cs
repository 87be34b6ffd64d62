using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Verdicts;
using SkiaSharp;

namespace RbIdp.Tests.Synthetic;

/// <summary>Where the stamp is on the final page (after rotation and skew), in page pixels.</summary>
public sealed record StampLabel(StampShape Shape, InkColor Color, float CenterX, float CenterY, float Radius)
{
    public BoundingBox Box => new((int)(CenterX - Radius), (int)(CenterY - Radius), (int)(2 * Radius), (int)(2 * Radius));
}

/// <summary>The ground truth of a rendered document.</summary>
public sealed record DocumentLabels(
    DocumentType? Type,
    string? SubjectFio,
    string? SubjectAsPrinted,
    DateOnly? IssueDate,
    string? IssueDateAsPrinted,
    StampLabel? Stamp);

/// <summary>One rendered page: the bitmap (owned by the page) and its DPI.</summary>
public sealed class SyntheticPage(SKBitmap bitmap, int dpi) : IDisposable
{
    public SKBitmap Bitmap { get; } = bitmap;

    public int Dpi { get; } = dpi;

    public byte[] ToPng() => Encode(SKEncodedImageFormat.Png, 100);

    public byte[] ToJpeg(int quality = 90) => Encode(SKEncodedImageFormat.Jpeg, quality);

    public void Dispose() => Bitmap.Dispose();

    private byte[] Encode(SKEncodedImageFormat format, int quality)
    {
        using var image = SKImage.FromBitmap(Bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }
}

/// <summary>A rendered document: its pages, the text printed on them, and what a checker should find.</summary>
public sealed class SyntheticDocument(IReadOnlyList<SyntheticPage> pages, string text, DocumentLabels labels, IReadOnlyList<PlacedText> textLayout) : IDisposable
{
    /// <summary>The text runs as laid out on the upright pages (before any scan effect), for a PDF text layer.</summary>
    public IReadOnlyList<PlacedText> TextLayout { get; } = textLayout;

    public IReadOnlyList<SyntheticPage> Pages { get; } = pages;

    /// <summary>The printed text, line by line (pages separated by a form feed).</summary>
    public string Text { get; } = text;

    public DocumentLabels Labels { get; } = labels;

    public void Dispose()
    {
        foreach (var page in Pages)
        {
            page.Dispose();
        }
    }
}
