using System.Text.RegularExpressions;

namespace RbIdp.Pipeline.Intake;

/// <summary>
/// A look at a PDF's syntax before the parser sees it, cheap and linear: how many indirect objects it declares and
/// how deep its arrays and dictionaries nest (a parser that recurses per level would run out of stack on a file of
/// nothing but <c>[</c>). Also applied to each decompressed stream that is not an image.
/// </summary>
internal static partial class PdfStructure
{
    /// <summary>
    /// Charges the file's objects to <paramref name="budget"/>, records the objects that are only a reference to
    /// another (refusing loops of them), and refuses nesting beyond the limit (the file's own bytes).
    /// </summary>
    public static void Check(ReadOnlySpan<byte> file, PdfBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        budget.AddObjects(CountObjects(file));
        var text = System.Text.Encoding.Latin1.GetString(file);
        if (DeclaredEntries(text) > budget.Limits.MaxObjects)
        {
            // A parser sizes its tables from these numbers before it reads a single entry.
            budget.Exhaust($"its cross-reference declares more than {budget.Limits.MaxObjects} objects");
        }

        foreach (var (from, to) in Aliases(text))
        {
            budget.AddAlias(from, to);
        }

        if (NestingDepth(file, budget.Limits.MaxNesting, skipStreamData: true) > budget.Limits.MaxNesting)
        {
            budget.Exhaust($"its arrays or dictionaries nest deeper than {budget.Limits.MaxNesting} levels");
        }
    }

    /// <summary>
    /// The most objects the file says it has, in any of the places a parser believes before reading: a trailer's or a
    /// cross-reference stream's <c>/Size</c>, the counts of a cross-reference stream's <c>/Index</c>, an object
    /// stream's <c>/N</c>, and the subsection headers of a classic <c>xref</c> table.
    /// </summary>
    private static long DeclaredEntries(string text)
    {
        long most = 0;
        foreach (Match match in DeclaredCountPattern().Matches(text))
        {
            most = Math.Max(most, ParseOrMax(match.Groups["count"].Value));
        }

        foreach (Match match in IndexPattern().Matches(text))
        {
            var numbers = match.Groups["pairs"].Value.Split((char[])[' ', '\n', '\r', '\t', '\f', '\0'], StringSplitOptions.RemoveEmptyEntries);
            long sum = 0;
            for (var i = 1; i < numbers.Length; i += 2)
            {
                sum = sum > long.MaxValue / 2 ? long.MaxValue : sum + ParseOrMax(numbers[i]);
            }

            most = Math.Max(most, sum);
        }

        return most;
    }

    private static long ParseOrMax(string digits) => long.TryParse(digits, out var value) ? value : long.MaxValue;

    /// <summary>Indirect objects whose whole body is a reference to another: <c>4 0 obj 4 0 R endobj</c>.</summary>
    private static List<(long From, long To)> Aliases(string text)
    {
        var found = new List<(long, long)>();
        foreach (Match match in AliasPattern().Matches(text))
        {
            if (long.TryParse(match.Groups["from"].ValueSpan, out var from) && long.TryParse(match.Groups["to"].ValueSpan, out var to))
            {
                found.Add((from, to));
            }
        }

        return found;
    }

    /// <summary>
    /// The objects of a decoded object stream that are only a reference: its header pairs (number, offset) name
    /// each object, its body from <c>/First</c> on holds them.
    /// </summary>
    public static IEnumerable<(long From, long To)> ObjectStreamAliases(ReadOnlySpan<byte> decoded, long count, long first)
    {
        var text = System.Text.Encoding.Latin1.GetString(decoded);
        var header = text[..(int)Math.Clamp(first, 0, text.Length)].Split((char[])[' ', '\n', '\r', '\t', '\f', '\0'], StringSplitOptions.RemoveEmptyEntries);
        var entries = new List<(long Number, int Start)>();
        for (var i = 0; i + 1 < header.Length && i / 2 < count; i += 2)
        {
            if (!long.TryParse(header[i], out var number) || !long.TryParse(header[i + 1], out var offset))
            {
                break;
            }

            entries.Add((number, (int)Math.Clamp(first + offset, 0, text.Length)));
        }

        var found = new List<(long, long)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var end = i + 1 < entries.Count && entries[i + 1].Start > entries[i].Start ? entries[i + 1].Start : text.Length;
            var match = BareReference().Match(text[entries[i].Start..end]);
            if (match.Success && long.TryParse(match.Groups["to"].ValueSpan, out var to))
            {
                found.Add((entries[i].Number, to));
            }
        }

        return found;
    }

    /// <summary>The <c>obj</c> keywords that open an indirect object (<c>12 0 obj</c>).</summary>
    public static int CountObjects(ReadOnlySpan<byte> data)
    {
        var count = 0;
        var offset = 0;
        while (offset < data.Length)
        {
            var found = data[offset..].IndexOf("obj"u8);
            if (found < 0)
            {
                break;
            }

            var at = offset + found;
            if (at > 0 && IsWhitespace(data[at - 1]) && (at + 3 == data.Length || IsWhitespace(data[at + 3]) || IsDelimiter(data[at + 3])))
            {
                count++;
            }

            offset = at + 3;
        }

        return count;
    }

    /// <summary>
    /// The deepest nesting of arrays and dictionaries, counted outside strings and comments; stops counting once
    /// over <paramref name="limit"/>. With <paramref name="skipStreamData"/>, the data of a stream whose dictionary
    /// names a filter or an image is skipped (binary: its bytes are not syntax); an unfiltered stream (page content)
    /// is read as syntax.
    /// </summary>
    public static int NestingDepth(ReadOnlySpan<byte> data, int limit, bool skipStreamData)
    {
        int depth = 0, deepest = 0, dictionaryStart = -1;
        var lastDictionary = ReadOnlySpan<byte>.Empty;
        for (var i = 0; i < data.Length; i++)
        {
            switch (data[i])
            {
                case (byte)'%':
                    while (i < data.Length && data[i] is not ((byte)'\n' or (byte)'\r'))
                    {
                        i++;
                    }

                    break;
                case (byte)'(':
                    i = SkipString(data, i);
                    break;
                case (byte)'[':
                    deepest = Math.Max(deepest, ++depth);
                    break;
                case (byte)']':
                    depth = Math.Max(0, depth - 1);
                    break;
                case (byte)'<' when i + 1 < data.Length && data[i + 1] == '<':
                    if (depth == 0)
                    {
                        dictionaryStart = i;
                    }

                    deepest = Math.Max(deepest, ++depth);
                    i++;
                    break;
                case (byte)'<':
                    var close = data[i..].IndexOf((byte)'>');
                    i = close < 0 ? data.Length : i + close;
                    break;
                case (byte)'>' when i + 1 < data.Length && data[i + 1] == '>':
                    depth = Math.Max(0, depth - 1);
                    if (depth == 0 && dictionaryStart >= 0)
                    {
                        lastDictionary = data[dictionaryStart..(i + 2)];
                    }

                    i++;
                    break;
                case (byte)'s' when skipStreamData && data[i..].StartsWith("stream"u8) && (i == 0 || !IsRegular(data[i - 1]))
                    && (lastDictionary.IndexOf("/Filter"u8) >= 0 || lastDictionary.IndexOf("/Image"u8) >= 0):
                    var end = data[i..].IndexOf("endstream"u8);
                    i = end < 0 ? data.Length : i + end + "endstream".Length - 1;
                    break;
            }

            if (deepest > limit)
            {
                return deepest;
            }
        }

        return deepest;
    }

    private static int SkipString(ReadOnlySpan<byte> data, int start)
    {
        var open = 0;
        for (var i = start; i < data.Length; i++)
        {
            switch (data[i])
            {
                case (byte)'\\':
                    i++;
                    break;
                case (byte)'(':
                    open++;
                    break;
                case (byte)')' when --open == 0:
                    return i;
            }
        }

        return data.Length;
    }

    [GeneratedRegex(@"(?<from>\d{1,10})\s+\d{1,5}\s+obj\s*(?<to>\d{1,10})\s+\d{1,5}\s+R\s*endobj")]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"(?:/Size|/N)\s+(?<count>\d+)|\bxref\s+\d+\s+(?<count>\d+)")]
    private static partial Regex DeclaredCountPattern();

    [GeneratedRegex(@"/Index\s*\[(?<pairs>[\d\s]*)\]")]
    private static partial Regex IndexPattern();

    [GeneratedRegex(@"^\s*(?<to>\d{1,10})\s+\d{1,5}\s+R\s*$")]
    private static partial Regex BareReference();

    private static bool IsWhitespace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    private static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    private static bool IsRegular(byte b) => !IsWhitespace(b) && !IsDelimiter(b);
}
