using System.Text;

namespace RbIdp.Tests.Checks;

/// <summary>Deterministic OCR damage for tests: Latin look-alikes in every other word, и read as н in every fifth long word.</summary>
internal static class OcrNoise
{
    private const string Cyrillic = "аеорсхАВЕКМНОРСТХ";
    private const string Latin = "aeopcxABEKMHOPCTX";

    public static string Apply(string text)
    {
        var builder = new StringBuilder(text.Length);
        var word = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                builder.Append(text[i++]);
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            builder.Append(Damage(text[start..i], word++));
        }

        return builder.ToString();
    }

    private static string Damage(string word, int index)
    {
        var chars = word.ToCharArray();
        if (index % 2 == 0)
        {
            for (var k = 0; k < chars.Length; k++)
            {
                var at = Cyrillic.IndexOf(chars[k], StringComparison.Ordinal);
                if (at >= 0)
                {
                    chars[k] = Latin[at];
                }
            }
        }

        if (index % 5 == 1 && word.Length >= 8)
        {
            var at = Array.IndexOf(chars, 'и', 1);
            if (at > 0)
            {
                chars[at] = 'н';
            }
        }

        return new string(chars);
    }
}
