using RbIdp.Pipeline.Intake;
using SkiaSharp;

namespace RbIdp.Pipeline.Decoding;

/// <summary>
/// One page ready for reading: either a real text layer (no OCR needed) or an image (Bgra8888 or Gray8).
/// <see cref="Dpi"/> is the image's effective resolution (estimated when the file does not say); 0 for text-only pages.
/// </summary>
public sealed class DecodedPage(int number, string? textLayer, SKBitmap? image, int dpi) : IDisposable
{
    public int Number { get; } = number;

    public string? TextLayer { get; } = textLayer;

    public SKBitmap? Image { get; } = image;

    public int Dpi { get; } = dpi;

    public void Dispose() => Image?.Dispose();
}

/// <summary>All pages of a document; owns their bitmaps.</summary>
public sealed class DecodedDocument(DocumentFormat format, IReadOnlyList<DecodedPage> pages) : IDisposable
{
    public DocumentFormat Format { get; } = format;

    public IReadOnlyList<DecodedPage> Pages { get; } = pages;

    public void Dispose()
    {
        foreach (var page in Pages)
        {
            page.Dispose();
        }
    }
}

/// <summary>Either a decoded document or the reason it could not be decoded.</summary>
public sealed record DecodeResult(DecodedDocument? Document, DocumentRejection? Rejection)
{
    public static DecodeResult Decoded(DecodedDocument document) => new(document, null);

    public static DecodeResult Refused(IntakeRejection reason, string detail) => new(null, new DocumentRejection(reason, detail));
}

/// <summary>A page that could not be decoded; caught inside <see cref="DocumentDecoder"/> and turned into a rejection.</summary>
internal sealed class PageDecodeException(IntakeRejection reason, string message) : Exception(message)
{
    public IntakeRejection Reason { get; } = reason;
}
