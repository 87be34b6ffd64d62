using System.Text.Json.Serialization;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Ocr;

/// <summary>Where a page's text came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TextSource>))]
public enum TextSource
{
    [JsonStringEnumMemberName("text_layer")] TextLayer,
    [JsonStringEnumMemberName("ocr")] Ocr,
}

/// <summary>One recognised word with its confidence (0–100) and box in page pixels.</summary>
public sealed record OcrWord(string Text, float Confidence, BoundingBox Box, int Block, int Line);

/// <summary>
/// The text of one page, how it was obtained and what was corrected before reading it.
/// <see cref="TimedOut"/>: OCR hit the per-page deadline and the text may be incomplete.
/// <see cref="TextLayerIgnored"/>: the PDF page had a text layer over a scanned image; the image was read instead.
/// </summary>
public sealed record OcrPage(
    int Number,
    string Text,
    IReadOnlyList<OcrWord> Words,
    double MeanConfidence,
    TextSource Source,
    int RotationDegrees,
    double SkewDegrees,
    int Width,
    int Height,
    int Dpi,
    bool TimedOut = false,
    bool TextLayerIgnored = false);

/// <summary>The text of a whole document, page by page.</summary>
public sealed record OcrDocument(IReadOnlyList<OcrPage> Pages)
{
    public string FullText => string.Join("\n\f\n", Pages.Select(p => p.Text));

    public double MeanConfidence
    {
        get
        {
            var words = Pages.Sum(p => p.Words.Count);
            return words == 0
                ? Pages.Count == 0 ? 0 : Pages.Average(p => p.MeanConfidence)
                : Pages.SelectMany(p => p.Words).Average(w => (double)w.Confidence);
        }
    }
}
