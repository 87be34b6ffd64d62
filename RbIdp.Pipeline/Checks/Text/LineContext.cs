using System.Buffers;

namespace RbIdp.Pipeline.Checks.Text;

/// <summary>
/// Where the words that label a value start: the value's own line, or the line above when the value opens its
/// line (a label over a field, a table header over its cell), never before <c>notBefore</c> (the previous value)
/// and never more than <c>maxChars</c> back.
/// </summary>
internal static class LineContext
{
    private static readonly SearchValues<char> Separators = SearchValues.Create(" \t|:.-_\r«\"");

    public static int StartBefore(string text, int start, int notBefore, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lineStart = start == 0 ? 0 : text.LastIndexOf('\n', start - 1) + 1;
        if (lineStart > 0 && !text.AsSpan(lineStart, start - lineStart).ContainsAnyExcept(Separators))
        {
            lineStart = lineStart < 2 ? 0 : text.LastIndexOf('\n', lineStart - 2) + 1;
        }

        return Math.Max(Math.Max(lineStart, notBefore), Math.Max(start - maxChars, 0));
    }

    /// <summary>The end of the stretch after a value: the end of its line, at most <paramref name="maxChars"/> on.</summary>
    public static int EndAfter(string text, int end, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lineEnd = text.IndexOf('\n', end);
        return Math.Min(lineEnd < 0 ? text.Length : lineEnd, Math.Min(end + maxChars, text.Length));
    }
}
