using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Intake;
using SkiaSharp;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace RbIdp.Pipeline.Decoding;

/// <summary>
/// Turns an accepted file into pages: the text layer of a born-digital PDF page (with a colour rendering when it
/// draws images, for the stamp), otherwise an image (a scanned PDF page's own image even under a text layer, a photo,
/// a TIFF page). A file that fails while decoding is refused, never thrown.
/// </summary>
internal sealed partial class DocumentDecoder(
    DocumentIntake intake,
    PdfRasterizer rasterizer,
    IOptions<DecoderOptions> options,
    ILogger<DocumentDecoder> logger)
{
    private readonly DecoderOptions _options = options.Value;

    /// <summary>The embedded image must cover this share of the page to stand for it.</summary>
    private const double MinImageCoverage = 0.5;

    /// <summary>15 mm: a drawn image narrower than this on either side cannot hold a stamp (the smallest is 25 mm across).</summary>
    private const double MinStampImagePoints = 15 / 25.4 * 72;

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
                    await DecodePdfAsync(accepted, pages, cancellationToken);
                    break;
                default:
                    return DecodeResult.Refused(IntakeRejection.UnsupportedFormat, "The file is not a PDF, JPEG, PNG or TIFF.");
            }
        }
        catch (PdfLimitExceededException ex)
        {
            Dispose(pages);
            LogRefused(logger, accepted.Format, IntakeRejection.Unreadable);
            return DecodeResult.Refused(IntakeRejection.Unreadable, ex.Message);
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

    /// <summary>
    /// A PDF page is read as what it shows, its text layer is not trusted blindly: one image covering the page is a
    /// scan, read from its image even when a (possibly OCR'd or forged) text layer lies under it; a born-digital page
    /// keeps its text and, when it draws an image that could hold a stamp, gets a colour rendering for the stamp;
    /// a page with neither text nor a usable image is rendered by poppler. The pages are read from the document the
    /// intake opened (parsed once), each within what is left of its parsing deadline.
    /// </summary>
    private async Task DecodePdfAsync(IntakeResult accepted, List<DecodedPage> pages, CancellationToken cancellationToken)
    {
        var pdf = accepted.Pdf ?? throw new PageDecodeException(IntakeRejection.Unreadable, "The PDF was not opened by the intake.");
        var content = accepted.Content;
        string? tempFile = null;
        try
        {
            for (var number = 1; number <= accepted.PageCount; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var look = pdf.Read(document => LookAt(document.GetPage(number)), cancellationToken);

                // Taken outside the deadline: decoding a scan's image is bounded by the pixel limits and its
                // decompression by the stream caps, and is not parsing (a 10-page colour scan takes seconds).
                var taken = look.CoveringImage is { } covering ? TryTakePageImage(look.Size, covering) : null;
                if (look.CoveringImage is null && look.Text is { } text)
                {
                    var forStamp = (Image: (SKBitmap?)null, Dpi: 0);
                    if (look.MayHoldStamp)
                    {
                        tempFile ??= await WriteTempFileAsync(content, cancellationToken);
                        forStamp = await TryRenderForStampAsync(tempFile, look.Size, cancellationToken);
                    }

                    pages.Add(new DecodedPage(number, text, forStamp.Image, forStamp.Dpi));
                    continue;
                }

                var hasTextLayer = look.Text is not null;
                if (hasTextLayer)
                {
                    LogTextLayerIgnored(logger, number);
                }

                if (taken is { } image)
                {
                    pages.Add(new DecodedPage(number, null, image.Image, image.Dpi) { TextLayerIgnored = hasTextLayer });
                    continue;
                }

                tempFile ??= await WriteTempFileAsync(content, cancellationToken);
                var dpi = RenderDpiFor(look.Size, _options.RenderDpi);
                var rendered = await rasterizer.RenderPageAsync(tempFile, number, dpi, colour: false, cancellationToken);
                pages.Add(new DecodedPage(number, null, rendered, dpi) { TextLayerIgnored = hasTextLayer });
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

    /// <summary>
    /// What the parser tells of one page: its text layer (null under <see cref="DecoderOptions.MinTextLayerLetters"/>),
    /// the image covering it (a scan), whether it draws an image that could hold a stamp, and its size.
    /// </summary>
    private PageLook LookAt(Page page)
    {
        var text = ContentOrderTextExtractor.GetText(page);
        var images = page.GetImages().ToList();
        return new PageLook(
            text.Count(char.IsLetter) >= _options.MinTextLayerLetters ? text : null,
            CoveringImage(page, images), images.Any(CouldHoldStamp), new PageSize(page.Number, page.Width, page.Height));
    }

    /// <summary>What <see cref="LookAt"/> found on a page.</summary>
    private sealed record PageLook(string? Text, IPdfImage? CoveringImage, bool MayHoldStamp, PageSize Size);

    private readonly record struct PageSize(int Number, double Width, double Height);

    /// <summary>
    /// The colour rendering of a born-digital page for the stamp detector; a page that cannot be rendered keeps its
    /// text and has no image (stamp unknown), it is not refused.
    /// </summary>
    private async Task<(SKBitmap? Image, int Dpi)> TryRenderForStampAsync(string pdfPath, PageSize page, CancellationToken cancellationToken)
    {
        var dpi = RenderDpiFor(page, _options.StampRenderDpi);
        try
        {
            return (await rasterizer.RenderPageAsync(pdfPath, page.Number, dpi, colour: true, cancellationToken), dpi);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogStampRenderFailed(logger, page.Number, ex);
            return (null, 0);
        }
    }

    /// <summary>The largest image covering at least <see cref="MinImageCoverage"/> of the page: the page is a scan.</summary>
    private static IPdfImage? CoveringImage(Page page, IEnumerable<IPdfImage> images)
    {
        var pageArea = page.Width * page.Height;
        return images
            .Where(i => i.BoundingBox.Width * i.BoundingBox.Height >= MinImageCoverage * pageArea)
            .MaxBy(i => i.BoundingBox.Width * i.BoundingBox.Height);
    }

    /// <summary>An image on the page as large as the smallest stamp could be drawn in (not a rule, a bullet or a spacer pixel).</summary>
    private static bool CouldHoldStamp(IPdfImage image) =>
        Math.Min(image.BoundingBox.Width, image.BoundingBox.Height) >= MinStampImagePoints;

    /// <summary>
    /// A scanned page's own image: JPEG bytes are decoded as they are, other encodings through PdfPig's PNG
    /// conversion once their sample counts are known to be within the limits.
    /// </summary>
    private (SKBitmap Image, int Dpi)? TryTakePageImage(PageSize page, IPdfImage image)
    {
        if (image.WidthInSamples <= 0 || image.HeightInSamples <= 0)
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

    /// <summary>The wanted render resolution, lowered when the page would come out over the pixel limits.</summary>
    private int RenderDpiFor(PageSize page, int wanted)
    {
        var dpi = (double)wanted;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "PDF page {Page} is one image covering the page: its text layer is ignored and the image is read")]
    private static partial void LogTextLayerIgnored(ILogger logger, int page);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PDF page {Page} could not be rendered for the stamp; it is read from its text layer without an image")]
    private static partial void LogStampRenderFailed(ILogger logger, int page, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Decoding refused a {Format} document: {Reason}")]
    private static partial void LogRefused(ILogger logger, DocumentFormat format, IntakeRejection reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Decoding a {Format} document failed")]
    private static partial void LogFailed(ILogger logger, DocumentFormat format, Exception exception);
}
