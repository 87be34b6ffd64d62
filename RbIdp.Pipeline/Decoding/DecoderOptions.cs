using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Decoding;

/// <summary>How documents are turned into page images. Section <c>Decoding</c>.</summary>
internal sealed class DecoderOptions
{
    public const string SectionName = "Decoding";

    /// <summary>The resolution scanned PDF pages are rendered at when their images cannot be taken as they are.</summary>
    [Range(100, 600)]
    public int RenderDpi { get; set; } = 300;

    /// <summary>
    /// The resolution a born-digital page that draws images (a stamp, a signature) is rendered at, in colour, for the
    /// stamp detector, which works at about 100 DPI.
    /// </summary>
    [Range(72, 300)]
    public int StampRenderDpi { get; set; } = 100;

    /// <summary>How long poppler may take for one page before it is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RenderTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Required]
    public string PdftoppmPath { get; set; } = "pdftoppm";

    /// <summary>A PDF page needs at least this many letters in its text layer to be read without OCR.</summary>
    [Range(1, 10_000)]
    public int MinTextLayerLetters { get; set; } = 20;
}

[OptionsValidator]
internal sealed partial class DecoderOptionsValidator : IValidateOptions<DecoderOptions>;
