using System.Text;
using RbIdp.Pipeline.Documents;

namespace RbIdp.Pipeline.Ocr;

/// <summary>
/// Folds Latin look-alike letters (<see cref="LatinLookAlikes"/>, and a zero or a three) inside Cyrillic words of the
/// text OCR read to their Cyrillic twins: <c>rus+eng</c> OCR, and people, write <c>Ивaнов</c> with a Latin <c>a</c>.
/// This is the text that is stored and shown, so it folds only what is certain: a word with no Cyrillic letter is left
/// alone (a Latin name, an e-mail, a code), and so is a word that holds Latin letters with no twin.
/// </summary>
internal static class HomoglyphFolder
{

    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? folded = null;
        var start = 0;
        while (start < text.Length)
        {
            if (!char.IsLetterOrDigit(text[start]))
            {
                start++;
                continue;
            }

            var end = start;
            while (end < text.Length && char.IsLetterOrDigit(text[end]))
            {
                end++;
            }

            if (FoldWord(text.AsSpan(start, end - start)) is { } word)
            {
                folded ??= new StringBuilder(text);
                folded.Remove(start, word.Length).Insert(start, word);
            }

            start = end;
        }

        return folded?.ToString() ?? text;
    }

    /// <summary>The folded word, or null when it stays as it is.</summary>
    private static string? FoldWord(ReadOnlySpan<char> word)
    {
        int cyrillic = 0, foldableLatin = 0, otherLatin = 0, digits = 0;
        foreach (var c in word)
        {
            if (IsInCyrillicBlock(c))
            {
                cyrillic++;
            }
            else if (LatinLookAlikes.IsLookAlike(c))
            {
                foldableLatin++;
            }
            else if (char.IsAsciiLetter(c))
            {
                otherLatin++;
            }
            else if (char.IsDigit(c))
            {
                digits++;
            }
        }

        // Digits are folded only in an otherwise Cyrillic word of some length ("Ивaн0в"), never in "2НДФЛ" or "1а".
        var foldDigits = digits is > 0 and <= 2 && cyrillic + foldableLatin >= 3 && digits < (cyrillic + foldableLatin) / 2;
        if (cyrillic == 0 || otherLatin > 0 || (foldableLatin == 0 && !foldDigits))
        {
            return null;
        }

        var result = word.ToArray();
        for (var i = 0; i < result.Length; i++)
        {
            if (LatinLookAlikes.TryGetCyrillicTwin(result[i], out var twin))
            {
                result[i] = twin;
            }
            else if (foldDigits && result[i] is '0' or '3' && IsInsideWord(result, i))
            {
                var upper = IsUpperContext(result, i);
                result[i] = (result[i], upper) switch
                {
                    ('0', true) => 'О',
                    ('0', false) => 'о',
                    (_, true) => 'З',
                    _ => 'з',
                };
            }
        }

        return new string(result);
    }

    /// <summary>Between two letters, or first and followed by a small letter ("0бщество", not "3НДФЛ").</summary>
    private static bool IsInsideWord(char[] word, int at)
    {
        var after = at + 1 < word.Length && char.IsLetter(word[at + 1]);
        return at == 0 ? after && char.IsLower(word[at + 1]) : after && char.IsLetter(word[at - 1]);
    }

    /// <summary>Upper case at the start of a word, or next to upper-case letters.</summary>
    private static bool IsUpperContext(char[] word, int at)
    {
        var before = at > 0 && char.IsLetter(word[at - 1]) ? word[at - 1] : (char?)null;
        var after = at + 1 < word.Length && char.IsLetter(word[at + 1]) ? word[at + 1] : (char?)null;
        if (before is null)
        {
            return true;
        }

        return char.IsUpper(before.Value) && (after is null || char.IsUpper(after.Value));
    }

    /// <summary>Any Cyrillic letter, Russian or not: a Ukrainian word with a Latin <c>a</c> is a Cyrillic word too.</summary>
    private static bool IsInCyrillicBlock(char c) => c is >= '\u0400' and <= '\u04FF';
}
