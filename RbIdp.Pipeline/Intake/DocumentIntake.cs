using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Policy;
using UglyToad.PdfPig.Exceptions;

namespace RbIdp.Pipeline.Intake;

/// <summary>
/// The first look at a file: what it is (by magic bytes) and whether it is within the policy limits, decided from
/// headers only — no image is decoded here. A PDF is parsed once, here, under <see cref="PdfLimits"/>, and the
/// opened document travels with the result to the decoder. Returns an <see cref="IntakeResult"/>; never throws for
/// a bad file.
/// </summary>
public sealed partial class DocumentIntake(
    IntakeLimits limits, ILogger<DocumentIntake> logger, IOptions<PdfLimits>? pdfLimits = null, TimeProvider? timeProvider = null)
{
    private readonly PdfLimits _pdfLimits = pdfLimits?.Value ?? new PdfLimits();
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// The page count of a file intake accepts, counted from its headers (nothing decoded), or null when intake refuses
    /// it: what the API needs to choose between the sync path and the queue.
    /// </summary>
    public async Task<int?> CountPagesAsync(Stream content, CancellationToken cancellationToken)
    {
        using var inspected = await ReadAsync(content, cancellationToken);
        return inspected.IsAccepted ? inspected.PageCount : null;
    }

    /// <summary>Reads at most one byte over the size limit from <paramref name="content"/>, then inspects it.</summary>
    internal async Task<IntakeResult> ReadAsync(Stream content, CancellationToken cancellationToken)
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
    internal IntakeResult Inspect(ReadOnlyMemory<byte> content)
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
    internal bool FitsPixelLimits(PageHeader header) =>
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

    /// <summary>
    /// Opens the PDF once, under <see cref="PdfLimits"/> (a deadline, caps on decompressed bytes, objects and
    /// nesting), counts its pages, and hands the opened document on with the result for the decoder.
    /// </summary>
    private IntakeResult CheckPdf(ReadOnlyMemory<byte> content)
    {
        OpenedPdf pdf;
        int pageCount;
        try
        {
            pdf = OpenedPdf.Open(content, _pdfLimits, limits.MaxPixelsPerPage, _timeProvider, CancellationToken.None);
            pageCount = pdf.Read(document => document.NumberOfPages, CancellationToken.None);
        }
        catch (PdfDocumentEncryptedException)
        {
            return Refuse(DocumentFormat.Pdf, IntakeRejection.Encrypted, "The PDF is protected by a password.");
        }
        catch (PdfLimitExceededException ex)
        {
            LogPdfOverLimits(logger, ex.Message);
            return Refuse(DocumentFormat.Pdf, IntakeRejection.Unreadable, ex.Message);
        }
        catch (Exception ex)
        {
            LogPdfUnreadable(logger, ex);
            return Refuse(DocumentFormat.Pdf, IntakeRejection.Unreadable, "The PDF is corrupt or truncated.");
        }

        if (pageCount == 0 || pageCount > limits.MaxPages)
        {
            pdf.Dispose();
            return pageCount == 0
                ? Refuse(DocumentFormat.Pdf, IntakeRejection.Unreadable, "The PDF has no pages.")
                : Refuse(DocumentFormat.Pdf, IntakeRejection.TooManyPages, $"The document has {pageCount} pages; at most {limits.MaxPages} are accepted.");
        }

        LogAccepted(logger, DocumentFormat.Pdf, pageCount, content.Length);
        return IntakeResult.AcceptedPdf(content, pdf, pageCount);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Intake refused a PDF over the parsing limits: {Why}")]
    private static partial void LogPdfOverLimits(ILogger logger, string why);

    [LoggerMessage(Level = LogLevel.Debug, Message = "PdfPig could not open the PDF")]
    private static partial void LogPdfUnreadable(ILogger logger, Exception exception);
}
