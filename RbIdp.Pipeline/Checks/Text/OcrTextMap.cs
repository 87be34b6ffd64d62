using RbIdp.Pipeline.Ocr;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Checks.Text;

/// <summary>A stretch of text on a page: its page (1-based) and its box in the page image OCR read.</summary>
internal sealed record TextLocation(int Page, BoundingBox Box);

/// <summary>
/// Where each stretch of a document's text was read, and how surely: the page, the box (in the page image OCR read)
/// and the confidence (0–100) of the words it covers, located in <see cref="OcrDocument.FullText"/> by their order in
/// each page's text. A text-layer page was not read by OCR: it counts as 100 and has no boxes. A stretch no word
/// covers is unknown.
/// </summary>
internal sealed class OcrTextMap
{
    private readonly List<MappedWord> _words;
    private readonly List<(int Start, int End, double Confidence)> _pages;

    private OcrTextMap(List<MappedWord> words, List<(int, int, double)> pages)
    {
        _words = words;
        _pages = pages;
    }

    /// <summary>Nothing known: every stretch is unknown.</summary>
    public static OcrTextMap Unknown { get; } = new([], []);

    public static OcrTextMap Of(OcrDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var words = new List<MappedWord>();
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

                var confidence = page.Source == TextSource.TextLayer ? 100 : word.Confidence;
                words.Add(new MappedWord(offset + at, offset + at + word.Text.Length, confidence, page.Number, word.Box));
                cursor = at + word.Text.Length;
            }

            offset += page.Text.Length + 3; // the "\n\f\n" between pages
        }

        return new OcrTextMap(words, pages);
    }

    /// <summary>The least confidence of the words in [start, end), or null when no word is known there.</summary>
    public double? Least(int start, int end)
    {
        double? least = _pages.Where(p => p.Start <= start && end <= p.End && p.Confidence >= 100).Select(p => (double?)p.Confidence).FirstOrDefault();
        foreach (var word in Covering(start, end))
        {
            least = least is { } known ? Math.Min(known, word.Confidence) : word.Confidence;
        }

        return least;
    }

    /// <summary>The mean confidence of the page holding <paramref name="offset"/>, or null when unknown.</summary>
    public double? PageAt(int offset) =>
        _pages.Where(p => p.Start <= offset && offset <= p.End).Select(p => (double?)p.Confidence).FirstOrDefault();

    /// <summary>The page and the box around the words of [start, end) on the page where the stretch begins, or null when no word is known there.</summary>
    public TextLocation? Locate(int start, int end)
    {
        var words = Covering(start, end).ToList();
        if (words.Count == 0)
        {
            return null;
        }

        var page = words[0].Page;
        var onPage = words.Where(w => w.Page == page).Select(w => w.Box).ToList();
        var left = onPage.Min(b => b.X);
        var top = onPage.Min(b => b.Y);
        return new TextLocation(page, new BoundingBox(left, top, onPage.Max(b => b.X + b.Width) - left, onPage.Max(b => b.Y + b.Height) - top));
    }

    /// <summary>The box around the words of [start, end), or null when no word is known there.</summary>
    public BoundingBox? BoxOf(int start, int end) => Locate(start, end)?.Box;

    private IEnumerable<MappedWord> Covering(int start, int end) => _words.Where(w => w.Start < end && start < w.End);

    private sealed record MappedWord(int Start, int End, double Confidence, int Page, BoundingBox Box);
}
