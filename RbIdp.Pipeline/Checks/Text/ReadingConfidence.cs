using RbIdp.Pipeline.Ocr;

namespace RbIdp.Pipeline.Checks.Text;

/// <summary>
/// How surely each stretch of a document's text was read: the OCR confidence (0–100) of the words it covers, located
/// in <see cref="OcrDocument.FullText"/> by their order in each page's text. A text-layer page was not read by OCR
/// and counts as 100; a stretch no word covers is unknown.
/// </summary>
public sealed class ReadingConfidence
{
    private readonly List<(int Start, int End, double Confidence)> _words;
    private readonly List<(int Start, int End, double Confidence)> _pages;

    private ReadingConfidence(List<(int, int, double)> words, List<(int, int, double)> pages)
    {
        _words = words;
        _pages = pages;
    }

    /// <summary>Nothing known: every stretch is unknown.</summary>
    public static ReadingConfidence Unknown { get; } = new([], []);

    public static ReadingConfidence Of(OcrDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var words = new List<(int, int, double)>();
        var pages = new List<(int, int, double)>();
        var offset = 0;
        foreach (var page in document.Pages)
        {
            pages.Add((offset, offset + page.Text.Length, page.Confidence));
            var cursor = 0;
            foreach (var word in page.Words)
            {
                var at = word.Text.Length == 0 ? -1 : page.Text.IndexOf(word.Text, cursor, StringComparison.Ordinal);
                if (at < 0)
                {
                    continue;
                }

                words.Add((offset + at, offset + at + word.Text.Length, page.Source == TextSource.TextLayer ? 100 : word.Confidence));
                cursor = at + word.Text.Length;
            }

            offset += page.Text.Length + 3; // the "\n\f\n" between pages
        }

        return new ReadingConfidence(words, pages);
    }

    /// <summary>The least confidence of the words in [start, end), or null when no word is known there.</summary>
    public double? Least(int start, int end)
    {
        double? least = _pages.Where(p => p.Start <= start && end <= p.End && p.Confidence >= 100).Select(p => (double?)p.Confidence).FirstOrDefault();
        foreach (var (wordStart, wordEnd, confidence) in _words)
        {
            if (wordStart < end && start < wordEnd)
            {
                least = least is { } known ? Math.Min(known, confidence) : confidence;
            }
        }

        return least;
    }

    /// <summary>The mean confidence of the page holding <paramref name="offset"/>, or null when unknown.</summary>
    public double? PageAt(int offset) =>
        _pages.Where(p => p.Start <= offset && offset <= p.End).Select(p => (double?)p.Confidence).FirstOrDefault();
}
