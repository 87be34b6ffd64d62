using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Intake;

/// <summary>
/// Section <c>Pdf</c>: what parsing one PDF may cost before it is refused as <c>UNREADABLE_DOCUMENT</c>. A hostile
/// file (a decompression bomb, an endless object graph, nesting deep enough to exhaust the stack) is stopped by
/// these, not by the machine running out of memory or time.
/// </summary>
public sealed class PdfLimits
{
    public const string SectionName = "Pdf";

    /// <summary>
    /// The PDF parser's time for one document, intake and decoding together: opening it, its page tree, each page's
    /// text and images. Not poppler's rendering (<c>Decoding:RenderTimeout</c>) nor decoding a scan's image, which the
    /// pixel limits bound. Under 5 s, so that a hostile file is answered within 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>All streams of one document, decompressed, together.</summary>
    [Range(1L << 20, 4L << 30)]
    public long MaxDecodedBytes { get; set; } = 512L << 20;

    /// <summary>One stream that is not an image (page content, fonts, object streams), decompressed.</summary>
    [Range(1L << 16, 1L << 30)]
    public long MaxStreamBytes { get; set; } = 16L << 20;

    /// <summary>Indirect objects in the file and in its object streams.</summary>
    [Range(10, 10_000_000)]
    public int MaxObjects { get; set; } = 100_000;

    /// <summary>How deep arrays and dictionaries may nest (real documents stay under ten).</summary>
    [Range(4, 10_000)]
    public int MaxNesting { get; set; } = 100;
}

[OptionsValidator]
internal sealed partial class PdfLimitsValidator : IValidateOptions<PdfLimits>;
