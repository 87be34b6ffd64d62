using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Intake;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace RbIdp.Pipeline.Decoding;

/// <summary>
/// Turns an accepted file into pages: the text layer of a born-digital PDF page, otherwise an image (a scanned
/// PDF page's own image, a photo, a TIFF page). A file that fails while decoding is refused, never thrown.
/// </summary>
public sealed partial class DocumentDecoder(
    DocumentIntake intake,
    PdfRasterizer rasterizer,
    IOptions<DecoderOptions> options,
    ILogger<DocumentDecoder> logger)
{
    private readonly DecoderOptions _options = options.Value;

    /// <summary>The embedded image must cover this share of the page to stand for it.</summary>
    private const double MinImageCoverage = 0.5;

    public async Task<DecodeResult> DecodeAsync(IntakeResult accepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        if (accepted.Rejection is { } rejection)
        {
            return new DecodeResult(null, rejection);
        }

        var pages = new List<DecodedPage>();
        try
        {
            switch (accepted.Format)
            {
                case DocumentFormat.Jpeg or DocumentFormat.Png:
                    var image = RasterDecoder.DecodeWithCodec(accepted.Content.Span, intake.FitsPixelLimits);
                    pages.Add(new DecodedPage(1, null, image, RasterDecoder.EstimateDpi(image.Width, image.Height)));
                    break;
                case DocumentFormat.Tiff:
                    for (var i = 0; i < accepted.PageCount; i++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var (tiffPage, dpi) = RasterDecoder.DecodeTiffPage(accepted.Content, i);
                        pages.Add(new DecodedPage(i + 1, null, tiffPage, dpi));
                    }

                    break;
                case DocumentFormat.Pdf:
                    await DecodePdfAsync(accepted.Content, pages, cancellationToken);
                    break;
                default:
                    return DecodeResult.Refused(IntakeRejection.UnsupportedFormat, "The file is not a PDF, JPEG, PNG or TIFF.");
            }
        }
        catch (PageDecodeException ex)
        {
            Dispose(pages);
            LogRefused(logger, accepted.Format, ex.Reason);
            return DecodeResult.Refused(ex.Reason, ex.Message);
        }
        catch (OperationCanceledException)
        {
            Dispose(pages);
            throw;
        }
        catch (Exception ex)
        {
            Dispose(pages);
            LogFailed(logger, accepted.Format, ex);
            return DecodeResult.Refused(IntakeRejection.Unreadable, $"The {accepted.Format} file cannot be decoded.");
        }

        return DecodeResult.Decoded(new DecodedDocument(accepted.Format, pages));
    }

    private async Task DecodePdfAsync(ReadOnlyMemory<byte> content, List<DecodedPage> pages, CancellationToken cancellationToken)
    {
        string? tempFile = null;
        try
        {
            using var pdf = OpenPdf(content);
            for (var number = 1; number <= pdf.NumberOfPages; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = pdf.GetPage(number);
                var text = ContentOrderTextExtractor.GetText(page);
                if (text.Count(char.IsLetter) >= _options.MinTextLayerLetters)
                {
                    pages.Add(new DecodedPage(number, text, null, 0));
                    continue;
                }

                if (TryTakePageImage(page) is { } taken)
                {
                    pages.Add(new DecodedPage(number, null, taken.Image, taken.Dpi));
                    continue;
                }

                tempFile ??= await WriteTempFileAsync(content, cancellationToken);
                var dpi = RenderDpiFor(page);
                var rendered = await rasterizer.RenderPageAsync(tempFile, number, dpi, cancellationToken);
                pages.Add(new DecodedPage(number, null, rendered, dpi));
            }
        }
        finally
        {
            if (tempFile is not null)
            {
                File.Delete(tempFile);
            }
        }
    }

    private static PdfDocument OpenPdf(ReadOnlyMemory<byte> content)
    {
        try
        {
            return PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = false });
        }
        catch (UglyToad.PdfPig.Exceptions.PdfDocumentEncryptedException)
        {
            throw new PageDecodeException(IntakeRejection.Encrypted, "The PDF is protected by a password.");
        }
        catch (Exception)
        {
            return PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true });
        }
    }

    /// <summary>
    /// A scanned page is one image covering the page: JPEG bytes are decoded as they are, other encodings through
    /// PdfPig's PNG conversion once their sample counts are known to be within the limits.
    /// </summary>
    private (SKBitmap Image, int Dpi)? TryTakePageImage(Page page)
    {
        var pageArea = page.Width * page.Height;
        var image = page.GetImages()
            .Where(i => i.BoundingBox.Width * i.BoundingBox.Height >= MinImageCoverage * pageArea)
            .MaxBy(i => i.BoundingBox.Width * i.BoundingBox.Height);
        if (image is null || image.WidthInSamples <= 0 || image.HeightInSamples <= 0)
        {
            return null;
        }

        if (!intake.FitsPixelLimits(new PageHeader(image.WidthInSamples, image.HeightInSamples)))
        {
            throw new PageDecodeException(IntakeRejection.ImageTooLarge,
                $"The image on page {page.Number} is {image.WidthInSamples}×{image.HeightInSamples} px, over the pixel limits.");
        }

        var raw = image.RawMemory.Span;
        SKBitmap bitmap;
        if (MagicBytes.Detect(raw) == DocumentFormat.Jpeg)
        {
            bitmap = RasterDecoder.DecodeWithCodec(raw, intake.FitsPixelLimits);
        }
        else if (image.TryGetPng(out var png))
        {
            bitmap = RasterDecoder.DecodeWithCodec(png, intake.FitsPixelLimits);
        }
        else
        {
            return null;
        }

        var dpi = (int)Math.Round(image.WidthInSamples / (image.BoundingBox.Width / 72.0));
        return (bitmap, Math.Clamp(dpi, 36, 1200));
    }

    /// <summary>The configured render resolution, lowered when the page would come out over the pixel limits.</summary>
    private int RenderDpiFor(Page page)
    {
        var dpi = (double)_options.RenderDpi;
        var widthInches = page.Width / 72.0;
        var heightInches = page.Height / 72.0;
        dpi = Math.Min(dpi, intake.MaxPixelsPerSide / Math.Max(widthInches, heightInches));
        dpi = Math.Min(dpi, Math.Sqrt(intake.MaxPixelsPerPage / (widthInches * heightInches)));
        return Math.Max(1, (int)Math.Floor(dpi));
    }

    private static async Task<string> WriteTempFileAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rbidp-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        return path;
    }

    private static void Dispose(List<DecodedPage> pages)
    {
        foreach (var page in pages)
        {
            page.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Decoding refused a {Format} document: {Reason}")]
    private static partial void LogRefused(ILogger logger, DocumentFormat format, IntakeRejection reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decoding a {Format} document failed")]
    private static partial void LogFailed(ILogger logger, DocumentFormat format, Exception exception);
}
