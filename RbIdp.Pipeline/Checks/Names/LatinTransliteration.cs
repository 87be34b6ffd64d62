using System.Text;

namespace RbIdp.Pipeline.Checks.Names;

/// <summary>Reads a Latin transliteration of a Russian name (passport ICAO style, or common English spellings) back into Cyrillic.</summary>
internal static class LatinTransliteration
{
    private static readonly (string Latin, string Cyrillic)[] Digraphs =
    [
        ("shch", "щ"), ("sch", "щ"), ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
        ("yu", "ю"), ("iu", "ю"), ("ya", "я"), ("ia", "я"), ("yo", "е"), ("ye", "е"), ("ie", "ье"),
    ];

    private static readonly Dictionary<char, string> Letters = new()
    {
        ['a'] = "а", ['b'] = "б", ['v'] = "в", ['w'] = "в", ['g'] = "г", ['d'] = "д", ['e'] = "е", ['z'] = "з",
        ['i'] = "и", ['k'] = "к", ['l'] = "л", ['m'] = "м", ['n'] = "н", ['o'] = "о", ['p'] = "п", ['r'] = "р",
        ['s'] = "с", ['t'] = "т", ['u'] = "у", ['f'] = "ф", ['h'] = "х", ['c'] = "к", ['q'] = "к", ['x'] = "кс", ['j'] = "й",
    };

    public static string ToCyrillic(string latin)
    {
        ArgumentNullException.ThrowIfNull(latin);
        var text = latin.ToLowerInvariant();
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var digraph = Digraphs.FirstOrDefault(d => string.CompareOrdinal(text, i, d.Latin, 0, d.Latin.Length) == 0);
            if (digraph.Latin is not null && !(digraph.Latin is "ia" or "iu" or "ie" && (i == 0 || !char.IsLetter(text[i - 1]))))
            {
                builder.Append(digraph.Cyrillic);
                i += digraph.Latin.Length;
                continue;
            }

            var c = text[i];
            if (c == 'y')
            {
                var afterVowel = i > 0 && "aeiouy".Contains(text[i - 1], StringComparison.Ordinal);
                builder.Append(afterVowel ? "й" : "ы");
            }
            else
            {
                builder.Append(Letters.TryGetValue(c, out var cyrillic) ? cyrillic : c.ToString());
            }

            i++;
        }

        return builder.ToString();
    }
}
