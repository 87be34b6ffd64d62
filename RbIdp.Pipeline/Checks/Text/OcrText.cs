using System.Text;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Checks.Text;

/// <summary>A word of a text: its folded form and where it stands in the original.</summary>
internal sealed record TextToken(string Text, int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Undoes the usual OCR noise of Russian text without moving any character: Latin look-alikes
/// (<see cref="LatinLookAlikes"/>) become Russian letters in a word that is Russian or made only of them, italic
/// misreads too in a Russian word, ё becomes е. Folding keeps the length, so offsets into the folded text are offsets
/// into the original.
/// </summary>
internal static class OcrText
{
    // The one extra over the shared look-alike table (Documents/LatinLookAlikes), for document text only: italic и, п, т,
    // г, ь that an OCR engine reads as Latin u, n, m, r, b. They are folded only inside a word with Russian letters
    // ("Ивaнoв" read from italics as "Иuaнoв"); a typed name has no italics, and the stored OCR text keeps what was read.
    private const string LatinItalics = "unmrb";
    private const string CyrillicItalics = "иптгь";

    /// <summary>Folds look-alikes and ё, keeping case and length.</summary>
    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chars = text.ToCharArray();
        var i = 0;
        while (i < chars.Length)
        {
            if (!char.IsLetter(chars[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < chars.Length && char.IsLetter(chars[i]))
            {
                i++;
            }

            FoldWord(chars.AsSpan(start, i - start));
        }

        return new string(chars);
    }

    /// <summary>Folds and lower-cases: the form every comparison works on.</summary>
    public static string Normalize(string text) => Fold(text).ToLowerInvariant();

    /// <summary>Words of the normalised text: runs of letters, runs of digits.</summary>
    public static IReadOnlyList<TextToken> Tokenize(string text)
    {
        var normalized = Normalize(text);
        var tokens = new List<TextToken>();
        var i = 0;
        while (i < normalized.Length)
        {
            var c = normalized[i];
            if (!char.IsLetterOrDigit(c))
            {
                i++;
                continue;
            }

            var start = i;
            var digits = char.IsDigit(c);
            while (i < normalized.Length && char.IsLetterOrDigit(normalized[i]) && char.IsDigit(normalized[i]) == digits)
            {
                i++;
            }

            tokens.Add(new TextToken(normalized[start..i], start, i - start));
        }

        return tokens;
    }

    /// <summary>Collapses any run of whitespace to one space and trims.</summary>
    public static string CollapseSpaces(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString().TrimEnd();
    }

    private static void FoldWord(Span<char> word)
    {
        var foldable = LatinLookAlikes.IsFoldable(word);
        var cyrillic = false;
        for (var k = 0; k < word.Length; k++)
        {
            var c = word[k];
            cyrillic |= LatinLookAlikes.IsCyrillic(c);
            word[k] = c switch
            {
                'ё' => 'е',
                'Ё' => 'Е',
                _ => c,
            };
        }

        if (!foldable)
        {
            return;
        }

        LatinLookAlikes.FoldWord(word);
        if (!cyrillic)
        {
            return;
        }

        for (var k = 0; k < word.Length; k++)
        {
            var at = LatinItalics.IndexOf(word[k], StringComparison.Ordinal);
            if (at >= 0)
            {
                word[k] = CyrillicItalics[at];
            }
        }
    }
}
