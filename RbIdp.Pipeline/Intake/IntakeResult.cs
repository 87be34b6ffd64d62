using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Intake;

/// <summary>The size of one page as its header states it, before anything is decoded.</summary>
internal readonly record struct PageHeader(int Width, int Height)
{
    public long Pixels => (long)Width * Height;
}

/// <summary>
/// The outcome of <see cref="DocumentIntake"/> for one file: either accepted (format, page headers, the bytes, and
/// for a PDF the document the intake opened, which the decoder reads on) or refused with a reason. Never an
/// exception. Disposing it closes the opened PDF.
/// </summary>
internal sealed record IntakeResult : IDisposable
{
    private IntakeResult(DocumentFormat format, ReadOnlyMemory<byte> content, IReadOnlyList<PageHeader> pages, DocumentRejection? rejection, OpenedPdf? pdf = null)
    {
        Format = format;
        Content = content;
        Pages = pages;
        Rejection = rejection;
        Pdf = pdf;
    }

    public DocumentFormat Format { get; }

    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Page sizes known from headers: one per page for images; for PDFs the page count with empty sizes.</summary>
    public IReadOnlyList<PageHeader> Pages { get; }

    public DocumentRejection? Rejection { get; }

    /// <summary>An accepted PDF, parsed once: the decoder reads its pages from here rather than parsing the bytes again.</summary>
    public OpenedPdf? Pdf { get; }

    public bool IsAccepted => Rejection is null;

    public int PageCount => Pages.Count;

    public CheckError? Error => Rejection?.ToCheckError();

    public static IntakeResult Accepted(DocumentFormat format, ReadOnlyMemory<byte> content, IReadOnlyList<PageHeader> pages) =>
        new(format, content, pages, null);

    public static IntakeResult AcceptedPdf(ReadOnlyMemory<byte> content, OpenedPdf pdf, int pageCount) =>
        new(DocumentFormat.Pdf, content, new PageHeader[pageCount], null, pdf);

    public void Dispose() => Pdf?.Dispose();

    public static IntakeResult Refused(DocumentFormat format, IntakeRejection reason, string detail) =>
        new(format, ReadOnlyMemory<byte>.Empty, [], new DocumentRejection(reason, detail));
}
