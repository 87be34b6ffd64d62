namespace RbIdp.Pipeline.Checks.Text;

/// <summary>
/// How far one word is from another when the difference may be OCR noise: an edit costs 1, swapping two
/// adjacent letters costs 1, and substituting letters that OCR confuses (и/н, и/й, л/п, ш/щ, ь/ъ) costs ½.
/// </summary>
internal static class OcrEditDistance
{
    private static readonly (char A, char B)[] Confusable =
    [
        ('и', 'н'), ('и', 'й'), ('л', 'п'), ('ш', 'щ'), ('ь', 'ъ'), ('ы', 'ь'), ('ц', 'щ'), ('е', 'ё'), ('3', 'з'), ('0', 'о'),
    ];

    /// <summary>How many OCR errors a word of this length may carry: none up to three letters, then ½, 1, 2.</summary>
    public static double Tolerance(int length) => length switch
    {
        <= 3 => 0,
        <= 5 => 0.5,
        <= 9 => 1,
        _ => 2,
    };

    /// <summary>True when <paramref name="seen"/> can be <paramref name="expected"/> read with OCR noise.</summary>
    public static bool IsClose(string seen, string expected) =>
        Distance(seen, expected, Tolerance(expected.Length)) <= Tolerance(expected.Length);

    /// <summary>Weighted optimal-string-alignment distance; stops early (returns more than the bound) past <paramref name="bound"/>.</summary>
    public static double Distance(ReadOnlySpan<char> a, ReadOnlySpan<char> b, double bound = double.MaxValue)
    {
        if (Math.Abs(a.Length - b.Length) > bound)
        {
            return bound + 1;
        }

        if (a.SequenceEqual(b))
        {
            return 0;
        }

        var width = b.Length + 1;
        Span<double> rows = width <= 64 ? stackalloc double[3 * width] : new double[3 * width];
        var previous2 = rows[..width];
        var previous = rows.Slice(width, width);
        var current = rows.Slice(2 * width, width);
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + SubstitutionCost(a[i - 1], b[j - 1]);
                var cost = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && a[i - 1] != b[j - 1])
                {
                    cost = Math.Min(cost, previous2[j - 2] + 1);
                }

                current[j] = cost;
                rowMin = Math.Min(rowMin, cost);
            }

            if (rowMin > bound)
            {
                return bound + 1;
            }

            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }

        return previous[b.Length];
    }

    private static double SubstitutionCost(char x, char y)
    {
        if (x == y)
        {
            return 0;
        }

        foreach (var (a, b) in Confusable)
        {
            if ((x == a && y == b) || (x == b && y == a))
            {
                return 0.5;
            }
        }

        return 1;
    }
}
