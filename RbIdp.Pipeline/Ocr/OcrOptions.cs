using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Ocr;

/// <summary>The OCR engine pool and page preparation. Section <c>Ocr</c>; validated at start.</summary>
internal sealed class OcrOptions
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
    /// Under load every engine is busy and a page keeps one. Key <c>Ocr:SplitPages</c>. Off by default: on clean scans the
    /// split read is the whole read, but on phone photos Tesseract lays some bands out differently (bench/README.md).
    /// </summary>
    public bool SplitPages { get; set; }

    /// <summary>Even out the paper of unevenly lit pages (phone photos with a shadow) before reading; even pages are left as they are.</summary>
    public bool EvenOutLighting { get; set; } = true;
}

[OptionsValidator]
internal sealed partial class OcrOptionsValidator : IValidateOptions<OcrOptions>;
