using System.Globalization;

namespace RbIdp.Pipeline.Documents;

/// <summary>
/// The applicant's <c>fio</c> as DOMAIN.md §1 normalises it: trim, collapse spaces, <c>ё</c>→<c>е</c>, case-insensitive —
/// and, in a Cyrillic name, Latin look-alikes typed on the wrong keyboard layout (<c>Ивaнов</c>) read as their Russian
/// twins. The one place the API (what it validates and stores), the request hash, the duplicate-work key, the name check
/// and the log redactor take a name apart. (In logs a name is redacted by the logging pipeline: a parameter annotated
/// <see cref="PersonNameAttribute"/> is written as initials by <see cref="NameInitialsRedactor"/>.)
/// </summary>
public static class FioNormalizer
{
    private static readonly char[] WordSeparators = [' ', ','];

    /// <summary>Trimmed, every run of whitespace one space; letters, case and <c>ё</c> as typed: the name stored and shown.</summary>
    public static string Tidy(string? fio) =>
        fio is null ? "" : string.Join(' ', fio.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The form every spelling of one name shares: <see cref="Tidy"/>, then, when the name holds a Russian letter, each
    /// word that is Russian or made only of look-alikes folded (<see cref="LatinLookAlikes"/>), <c>ё</c>→<c>е</c>, lower case.
    /// A Latin name (<c>Ivanov Ivan</c>) keeps its letters.
    /// </summary>
    public static string Normalize(string fio)
    {
        ArgumentNullException.ThrowIfNull(fio);
        var chars = Tidy(fio).ToCharArray();
        if (chars.Any(LatinLookAlikes.IsCyrillic))
        {
            var start = 0;
            while (start < chars.Length)
            {
                var end = start;
                while (end < chars.Length && char.IsLetter(chars[end]))
                {
                    end++;
                }

                var word = chars.AsSpan(start, end - start);
                if (LatinLookAlikes.IsFoldable(word))
                {
                    LatinLookAlikes.FoldWord(word);
                }

                start = end + 1;
            }
        }

        return new string(chars).Replace('ё', 'е').Replace('Ё', 'Е').ToLower(CultureInfo.InvariantCulture);
    }

    /// <summary>The words of the <see cref="Normalize">normalised</see> name, split at spaces and commas, dots trimmed (<c>И.</c> → <c>и</c>).</summary>
    public static IReadOnlyList<string> Words(string fio) =>
        [.. Normalize(fio).Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('.')).Where(w => w.Length > 0)];
}
