using Microsoft.Extensions.Logging;
using RbIdp.Pipeline.Policy;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace RbIdp.Pipeline.Intake;

/// <summary>
/// The first look at a file: what it is (by magic bytes) and whether it is within the policy limits, decided from
/// headers only — nothing is decoded here. Returns an <see cref="IntakeResult"/>; never throws for a bad file.
/// </summary>
public sealed partial class DocumentIntake(IntakeLimits limits, ILogger<DocumentIntake> logger)
{
    /// <summary>Reads at most one byte over the size limit from <paramref name="content"/>, then inspects it.</summary>
    public async Task<IntakeResult> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limits.MaxFileBytes)
            {
                return Refuse(DocumentFormat.Unknown, IntakeRejection.FileTooLarge, $"The file is larger than {limits.MaxFileBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return Inspect(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>Decides on a file already in memory.</summary>
    public IntakeResult Inspect(ReadOnlyMemory<byte> content)
    {
        if (content.Length == 0)
        {
            return Refuse(DocumentFormat.Unknown, IntakeRejection.Unreadable, "The file is empty.");
        }

        if (content.Length > limits.MaxFileBytes)
        {
            return Refuse(DocumentFormat.Unknown, IntakeRejection.FileTooLarge, $"The file is larger than {limits.MaxFileBytes} bytes.");
        }

        var format = MagicBytes.Detect(content.Span);
        return format switch
        {
            DocumentFormat.Png => CheckImages(format, content, ImageHeaders.ReadPng(content.Span) is { } png ? [png] : null),
            DocumentFormat.Jpeg => CheckImages(format, content, ImageHeaders.ReadJpeg(content.Span) is { } jpeg ? [jpeg] : null),
            DocumentFormat.Tiff => CheckImages(format, content, ImageHeaders.ReadTiff(content.Span)),
            DocumentFormat.Pdf => CheckPdf(content),
            _ => Refuse(format, IntakeRejection.UnsupportedFormat, "The file is not a PDF, JPEG, PNG or TIFF."),
        };
    }

    public long MaxFileBytes => limits.MaxFileBytes;

    public int MaxPixelsPerSide => limits.MaxPixelsPerSide;

    public long MaxPixelsPerPage => limits.MaxPixelsPerPage;

    /// <summary>Whether one page of <paramref name="header"/> size is within the pixel limits.</summary>
    public bool FitsPixelLimits(PageHeader header) =>
        header.Width <= limits.MaxPixelsPerSide && header.Height <= limits.MaxPixelsPerSide && header.Pixels <= limits.MaxPixelsPerPage;

    private IntakeResult CheckImages(DocumentFormat format, ReadOnlyMemory<byte> content, IReadOnlyList<PageHeader>? pages)
    {
        if (pages is null)
        {
            return Refuse(format, IntakeRejection.Unreadable, $"The {format} header is missing, corrupt or truncated.");
        }

        if (pages.Count > limits.MaxPages)
        {
            return Refuse(format, IntakeRejection.TooManyPages, $"The document has {pages.Count} pages; at most {limits.MaxPages} are accepted.");
        }

        for (var i = 0; i < pages.Count; i++)
        {
            if (!FitsPixelLimits(pages[i]))
            {
                return Refuse(format, IntakeRejection.ImageTooLarge,
                    $"Page {i + 1} is {pages[i].Width}×{pages[i].Height} px; the limit is {limits.MaxPixelsPerSide} px per side and {limits.MaxPixelsPerPage} px per page.");
            }
        }

        LogAccepted(logger, format, pages.Count, content.Length);
        return IntakeResult.Accepted(format, content, pages);
    }

    private IntakeResult CheckPdf(ReadOnlyMemory<byte> content)
    {
        int pageCount;
        try
        {
            pageCount = CountPdfPages(content);
        }
        catch (PdfDocumentEncryptedException)
        {
            return Refuse(DocumentFormat.Pdf, IntakeRejection.Encrypted, "The PDF is protected by a password.");
        }
        catch (Exception ex)
        {
            LogPdfUnreadable(logger, ex);
            return Refuse(DocumentFormat.Pdf, IntakeRejection.Unreadable, "The PDF is corrupt or truncated.");
        }

        if (pageCount == 0)
        {
            return Refuse(DocumentFormat.Pdf, IntakeRejection.Unreadable, "The PDF has no pages.");
        }

        if (pageCount > limits.MaxPages)
        {
            return Refuse(DocumentFormat.Pdf, IntakeRejection.TooManyPages, $"The document has {pageCount} pages; at most {limits.MaxPages} are accepted.");
        }

        LogAccepted(logger, DocumentFormat.Pdf, pageCount, content.Length);
        return IntakeResult.Accepted(DocumentFormat.Pdf, content, new PageHeader[pageCount]);
    }

    /// <summary>Strict parsing first; a slightly malformed PDF (common from scanners) gets one lenient attempt.</summary>
    private static int CountPdfPages(ReadOnlyMemory<byte> content)
    {
        try
        {
            using var strict = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = false });
            return strict.NumberOfPages;
        }
        catch (PdfDocumentEncryptedException)
        {
            throw;
        }
        catch (Exception)
        {
            using var lenient = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = true });
            return lenient.NumberOfPages;
        }
    }

    private IntakeResult Refuse(DocumentFormat format, IntakeRejection reason, string detail)
    {
        LogRefused(logger, format, reason);
        return IntakeResult.Refused(format, reason, detail);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Intake accepted a {Format} document: {Pages} page(s), {Bytes} bytes")]
    private static partial void LogAccepted(ILogger logger, DocumentFormat format, int pages, int bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Intake refused a {Format} document: {Reason}")]
    private static partial void LogRefused(ILogger logger, DocumentFormat format, IntakeRejection reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PdfPig could not open the PDF")]
    private static partial void LogPdfUnreadable(ILogger logger, Exception exception);
}
