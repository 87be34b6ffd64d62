namespace RbIdp.Pipeline.Documents;

/// <summary>
/// The one table of Latin letters that print like Russian ones (<c>A</c>/<c>А</c>, <c>B</c>/<c>В</c>, <c>y</c>/<c>у</c>, …):
/// Tesseract reading <c>rus+eng</c>, a PDF's text layer and a person typing on the wrong keyboard layout all write
/// <c>Ивaнов</c> with a Latin <c>a</c>. A letter and its twin have the same length, so folding never moves an offset.
/// Which words are folded is each caller's rule: the stored OCR text folds only words that hold Cyrillic letters
/// (<c>Ocr/HomoglyphFolder</c>), the checks also words made only of look-alikes and OCR's italic misreads
/// (<c>Checks/Text/OcrText</c>), a typed name every word of a Cyrillic name (<see cref="FioNormalizer"/>).
/// </summary>
internal static class LatinLookAlikes
{
    private const string Latin = "ABCEHKMOPTXYaceopxyk";
    private const string Cyrillic = "АВСЕНКМОРТХУасеорхук";

    /// <summary>True for a Latin letter that has a Russian twin.</summary>
    public static bool IsLookAlike(char c) => Latin.Contains(c, StringComparison.Ordinal);

    /// <summary>The Russian twin of a Latin look-alike; false (and the letter itself) for any other character.</summary>
    public static bool TryGetCyrillicTwin(char c, out char twin)
    {
        var at = Latin.IndexOf(c, StringComparison.Ordinal);
        twin = at >= 0 ? Cyrillic[at] : c;
        return at >= 0;
    }

    /// <summary>A letter of the Russian alphabet (<c>А</c>–<c>я</c>, <c>Ё</c>, <c>ё</c>).</summary>
    public static bool IsCyrillic(char c) => c is >= 'А' and <= 'я' or 'ё' or 'Ё';

    /// <summary>True when a word is Russian as far as folding goes: it holds a Russian letter, or only look-alikes (<c>PEKA</c>).</summary>
    public static bool IsFoldable(ReadOnlySpan<char> word)
    {
        var onlyLookAlikes = true;
        foreach (var c in word)
        {
            if (IsCyrillic(c))
            {
                return true;
            }

            onlyLookAlikes &= IsLookAlike(c);
        }

        return onlyLookAlikes;
    }

    /// <summary>Replaces every look-alike of the word with its twin, in place, keeping case.</summary>
    public static void FoldWord(Span<char> word)
    {
        foreach (ref var c in word)
        {
            TryGetCyrillicTwin(c, out c);
        }
    }
}
