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
    bool TextLayerIgnored = false)
{
    /// <summary>How surely the page was read (0–100): its words' mean confidence; a text-layer page was not read by OCR and is 100.</summary>
    [JsonIgnore]
    public double Confidence => Source == TextSource.TextLayer ? 100
        : Words.Count == 0 ? MeanConfidence : Words.Average(w => (double)w.Confidence);
}

/// <summary>The text of a whole document, page by page.</summary>
public sealed record OcrDocument(IReadOnlyList<OcrPage> Pages)
{
    public string FullText => string.Join("\n\f\n", Pages.Select(p => p.Text));

    /// <summary>
    /// How surely the document was read (0–100), the one definition every check uses: the mean confidence of the words
    /// OCR read; 100 when no page needed OCR (a text layer); 0 when OCR read no word.
    /// </summary>
    public double MeanConfidence
    {
        get
        {
            var ocrPages = Pages.Where(p => p.Source == TextSource.Ocr).ToList();
            return ocrPages.Count == 0 ? 100 : ocrPages.SelectMany(p => p.Words).Select(w => (double)w.Confidence).DefaultIfEmpty(0).Average();
        }
    }
}
