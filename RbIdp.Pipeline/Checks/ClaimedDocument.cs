using RbIdp.Pipeline.Checks.Classification;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;

namespace RbIdp.Pipeline.Checks;

/// <summary>
/// The pages of a file that belong to the claimed document. A file may hold several documents (a cover letter, the
/// certificate, its back side): the pages that read as the claimed type, each with the pages after it that read as no
/// type of their own (a continuation, a back side). When no page reads as the claimed type on its own, every page
/// counts. <see cref="Text"/> is the document's text with the other pages blanked (every offset kept), so the name, the
/// date and the stamp that decide come from the claimed document only.
/// </summary>
internal sealed record ClaimedDocument(IReadOnlyList<int> Pages, string Text)
{
    /// <summary>Pages in the text are separated by form feeds (<see cref="Ocr.OcrDocument.FullText"/>).</summary>
    public static ClaimedDocument Of(string text, DocumentType claimed, DeferralPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(policy);
        var pages = text.Split('\f');
        var all = Enumerable.Range(1, pages.Length).ToList();
        if (pages.Length == 1)
        {
            return new ClaimedDocument(all, text);
        }

        var types = pages.Select(p => DocumentClassifier.Classify(p, policy.Thresholds, policy.TitleRequired)).ToList();
        var chosen = new List<int>();
        var inClaimed = false;
        for (var i = 0; i < pages.Length; i++)
        {
            var type = types[i].Type;
            inClaimed = type == claimed || (inClaimed && type is null && types[i].ForeignTitle is null);
            if (inClaimed)
            {
                chosen.Add(i + 1);
            }
        }

        if (chosen.Count == 0 || chosen.Count == pages.Length)
        {
            return new ClaimedDocument(all, text);
        }

        var focused = text.ToCharArray();
        var offset = 0;
        for (var i = 0; i < pages.Length; i++)
        {
            if (!chosen.Contains(i + 1))
            {
                for (var c = offset; c < offset + pages[i].Length; c++)
                {
                    focused[c] = focused[c] == '\n' ? '\n' : ' ';
                }
            }

            offset += pages[i].Length + 1;
        }

        return new ClaimedDocument(chosen, new string(focused));
    }

    /// <summary>True when the page (1-based) belongs to the claimed document.</summary>
    public bool Holds(int? page) => page is { } number && Pages.Contains(number);

    /// <summary>The text of each page of the claimed document with its number, other pages blanked.</summary>
    public IEnumerable<(int Page, string Text)> PageTexts()
    {
        var pages = Text.Split('\f');
        var offset = 0;
        for (var i = 0; i < pages.Length; i++)
        {
            if (Pages.Contains(i + 1))
            {
                // Each page's text keeps its place in the whole: blank everything else so offsets stay the document's.
                yield return (i + 1, new string(' ', offset) + pages[i]);
            }

            offset += pages[i].Length + 1;
        }
    }
}
