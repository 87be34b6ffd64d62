using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Ocr;

/// <summary>The OCR engine pool and page preparation. Section <c>Ocr</c>; validated at start.</summary>
public sealed class OcrOptions
{
    public const string SectionName = "Ocr";

    /// <summary>Tesseract engines kept ready; one per core by default (each engine reads one page at a time).</summary>
    [Range(1, 64)]
    public int PoolSize { get; set; } = Environment.ProcessorCount;

    [Required]
    [RegularExpression("^[a-z_]+(\\+[a-z_]+)*$")]
    public string Languages { get; set; } = "rus+eng";

    /// <summary>The tessdata folder; null for the library's default (Debian: /usr/share/tesseract-ocr/5/tessdata).</summary>
    public string? TessdataPath { get; set; }

    /// <summary>The deadline for recognising one page; past it Tesseract stops and the page keeps what it read.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Pages are resampled to this resolution when theirs is far from it.</summary>
    [Range(150, 600)]
    public int TargetDpi { get; set; } = 300;

    /// <summary>Detect pages turned by 90°/180°/270° and turn them upright.</summary>
    public bool DetectOrientation { get; set; } = true;

    /// <summary>Measure and correct small skew (a few degrees) before reading.</summary>
    public bool Deskew { get; set; } = true;

    /// <summary>
    /// Spread a page's recognition over the engines that are idle (<see cref="PageSplitter"/>): a lone page is read sooner.
    /// Under load every engine is busy and a page keeps one. Only a page of plain lines of text is cut (no signature,
    /// stamp, picture or table across lines, no columns or far-apart fields on a line: <see cref="PageSplitter.Plan"/>);
    /// any other page is read whole, since Tesseract lays a band of it out differently (bench/README.md). Key <c>Ocr:SplitPages</c>.
    /// </summary>
    public bool SplitPages { get; set; } = true;

    /// <summary>
    /// Recognise a page within the bounds of its ink (and a margin): blank margins are not laid out (6–8 % less CPU a page).
    /// Off by default: Tesseract then binarises only that rectangle, and on photos the text changes where the ink is least
    /// clear (bench/README.md, <c>crop_samples</c>). Key <c>Ocr:CropToInk</c>.
    /// </summary>
    public bool CropToInk { get; set; }

    /// <summary>Even out the paper of unevenly lit pages (phone photos with a shadow) before reading; even pages are left as they are.</summary>
    public bool EvenOutLighting { get; set; } = true;
}

[OptionsValidator]
public sealed partial class OcrOptionsValidator : IValidateOptions<OcrOptions>;
