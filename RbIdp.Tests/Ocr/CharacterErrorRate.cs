namespace RbIdp.Tests.Ocr;

/// <summary>Edit distance between expected and read text over the expected length, whitespace runs collapsed.</summary>
public static class CharacterErrorRate
{
    public static double Of(string expected, string actual)
    {
        var a = Normalize(expected);
        var b = Normalize(actual);
        if (a.Length == 0)
        {
            return b.Length == 0 ? 0 : 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return (double)previous[b.Length] / a.Length;
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Replace('ё', 'е').Replace('Ё', 'Е').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
