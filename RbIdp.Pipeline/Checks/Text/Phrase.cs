namespace RbIdp.Pipeline.Checks.Text;

/// <summary>Where a phrase was found: the range of tokens and of characters in the original text.</summary>
internal readonly record struct PhraseHit(int FirstToken, int LastToken, int Start, int End);

/// <summary>
/// A phrase to look for in OCR text, written in normalised words; a word ending in <c>*</c> is a stem
/// (<c>лист* нетрудоспособност*</c>). Words are compared with <see cref="OcrEditDistance"/>; a word broken
/// in two by a stray space, two words run together, a preposition or conjunction dropped between two words
/// (never the first or the last word: «номер лн» is not «номер») and one stray one- or two-letter token between
/// words all still match. A match never ends before it starts, whatever the text.
/// </summary>
internal sealed class Phrase
{
    private readonly PhraseWord[] _words;

    private Phrase(string pattern, PhraseWord[] words)
    {
        Pattern = pattern;
        _words = words;
    }

    public string Pattern { get; }

    public static Phrase Parse(string pattern)
    {
        var words = pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.EndsWith('*') ? new PhraseWord(w[..^1], Stem: true) : new PhraseWord(w, Stem: false))
            .ToArray();
        for (var i = 1; i < words.Length - 1; i++)
        {
            words[i] = words[i] with { Optional = FunctionWords.Contains(words[i].Text) };
        }

        if (words.Length == 0)
        {
            throw new ArgumentException("A phrase needs at least one word.", nameof(pattern));
        }

        return new Phrase(pattern, words);
    }

    public IEnumerable<PhraseHit> FindAll(IReadOnlyList<TextToken> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var last = MatchAt(tokens, i);
            if (last >= 0)
            {
                yield return new PhraseHit(i, last, tokens[i].Start, tokens[last].End);
                i = last;
            }
        }
    }

    /// <summary>The index of the last token of a match starting at token <paramref name="index"/>, or -1.</summary>
    public int MatchAt(IReadOnlyList<TextToken> tokens, int index)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (index < 0 || index >= tokens.Count)
        {
            return -1;
        }

        // A first word read off the head of a run-together token ends inside that token: the match ends there too.
        var last = Match(tokens, index, 0, allowGap: false);
        return last < 0 ? -1 : Math.Max(last, index);
    }

    // Words a phrase may lose between two others ("справк* о доход*" read as "справка доходах").
    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "о", "об", "и", "в", "во", "с", "со", "по", "на", "к", "ко", "за", "от", "из", "у", "для",
    };

    private int Match(IReadOnlyList<TextToken> tokens, int t, int w, bool allowGap)
    {
        if (w == _words.Length)
        {
            return t - 1;
        }

        if (t >= tokens.Count)
        {
            return -1;
        }

        var word = _words[w];
        var token = tokens[t].Text;
        int end;
        if (word.Matches(token) && (end = Match(tokens, t + 1, w + 1, allowGap: true)) >= 0)
        {
            return end;
        }

        // A word broken in two by a stray space: "нетрудо способности".
        if (t + 1 < tokens.Count && !word.IsNumber && tokens[t + 1].Start - tokens[t].End <= 2 && word.MayStart(token)
            && word.Matches(token + tokens[t + 1].Text) && (end = Match(tokens, t + 2, w + 1, allowGap: true)) >= 0)
        {
            return end;
        }

        // Words run together: "листокнетрудоспособности", "свидетельствоорождении". The token's head is
        // this word, its tail is read as the next token.
        if (w + 1 < _words.Length && !word.IsNumber && token.Length > word.Text.Length + 2 && word.MayStart(token))
        {
            for (var split = Math.Max(word.Text.Length - 1, 1); split <= Math.Min(token.Length - 2, word.Text.Length + (word.Stem ? 4 : 1)); split++)
            {
                if (word.Matches(token.AsSpan(0, split)))
                {
                    var rest = tokens.ToList();
                    rest[t] = new TextToken(token[split..], tokens[t].Start + split, tokens[t].Length - split);
                    if ((end = Match(rest, t, w + 1, allowGap: false)) >= 0)
                    {
                        return end;
                    }
                }
            }
        }

        if (w > 0 && word.Optional && (end = Match(tokens, t, w + 1, allowGap)) >= 0)
        {
            return end;
        }

        return allowGap && w > 0 && token.Length <= 2 ? Match(tokens, t + 1, w, allowGap: false) : -1;
    }

    private sealed record PhraseWord(string Text, bool Stem)
    {
        /// <summary>A preposition or conjunction between two other words, which OCR or a clerk's wording may drop.</summary>
        public bool Optional { get; init; }

        public bool IsNumber => char.IsDigit(Text[0]);

        /// <summary>A cheap filter before any distance: OCR rarely damages both of the first two letters.</summary>
        public bool MayStart(ReadOnlySpan<char> token) =>
            token.Length > 0 && (token[0] == Text[0] || token.Length > 1 && Text.Length > 1 && token[1] == Text[1]
                || OcrEditDistance.Distance(token[..1], Text.AsSpan(0, 1)) < 1);

        public bool Matches(ReadOnlySpan<char> token)
        {
            if (IsNumber || Text.Length <= 3 && !Stem)
            {
                return token.SequenceEqual(Text);
            }

            if (!MayStart(token))
            {
                return false;
            }

            var tolerance = OcrEditDistance.Tolerance(Text.Length);
            if (!Stem)
            {
                return OcrEditDistance.Distance(token, Text, tolerance) <= tolerance;
            }

            for (var length = Text.Length - 1; length <= Text.Length + 1; length++)
            {
                if (length >= 1 && length <= token.Length
                    && OcrEditDistance.Distance(token[..length], Text, tolerance) <= tolerance)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
