using RbIdp.Pipeline.Intake;
using SkiaSharp;

namespace RbIdp.Pipeline.Decoding;

/// <summary>
/// One page ready for reading: a real text layer (read without OCR), an image (Bgra8888 or Gray8, read by OCR), or
/// both: a born-digital page that draws images keeps its text for reading and a colour rendering for the stamp.
/// <see cref="Dpi"/> is the image's effective resolution (estimated when the file does not say); 0 for text-only pages.
/// </summary>
internal sealed class DecodedPage(int number, string? textLayer, SKBitmap? image, int dpi) : IDisposable
{
    public int Number { get; } = number;

    public string? TextLayer { get; } = textLayer;

    public SKBitmap? Image { get; } = image;

    public int Dpi { get; } = dpi;

    /// <summary>
    /// The page had a text layer but is one image covering the page (a scan): the text is not trusted, the image is read.
    /// </summary>
    public bool TextLayerIgnored { get; init; }

    public void Dispose() => Image?.Dispose();
}

/// <summary>All pages of a document; owns their bitmaps.</summary>
internal sealed class DecodedDocument(DocumentFormat format, IReadOnlyList<DecodedPage> pages) : IDisposable
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
internal sealed record DecodeResult(DecodedDocument? Document, DocumentRejection? Rejection)
{
    public static DecodeResult Decoded(DecodedDocument document) => new(document, null);

    public static DecodeResult Refused(IntakeRejection reason, string detail) => new(null, new DocumentRejection(reason, detail));
}

/// <summary>A page that could not be decoded; caught inside <see cref="DocumentDecoder"/> and turned into a rejection.</summary>
internal sealed class PageDecodeException(IntakeRejection reason, string message) : Exception(message)
{
    public IntakeRejection Reason { get; } = reason;
}
