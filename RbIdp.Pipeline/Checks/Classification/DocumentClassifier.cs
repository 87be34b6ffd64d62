using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;

namespace RbIdp.Pipeline.Checks.Classification;

/// <summary>
/// How strongly the text speaks for one type (0–1), the phrases that said so, and whether one of them defines the
/// type (its title: «листок нетрудоспособности», «справка о доходах и суммах налога физического лица»).
/// </summary>
internal sealed record TypeScore(DocumentType Type, double Score, IReadOnlyList<string> Evidence, bool Defined = false);

/// <summary>
/// The recognised type, or null when none is recognisable: the best score is under the policy's minimum, the
/// runner-up is within the policy's margin, or a type that must show its title does not. Scores are all types,
/// best first. <see cref="ForeignTitle"/> is the title of a document that is none of the nine (договор, счёт,
/// доверенность, авансовый отчёт…) when the text opens with one.
/// </summary>
internal sealed record DocumentClassification(DocumentType? Type, IReadOnlyList<TypeScore> Scores, string? ForeignTitle = null)
{
    public TypeScore Best => Scores[0];

    /// <summary>The score of one type.</summary>
    public TypeScore For(DocumentType type) => Scores.First(s => s.Type == type);
}

/// <summary>
/// Recognises which of the nine document types an OCR text is. Each type's markers found in the text add
/// their weight W. The best type scores 1 − e^(−W) (one title phrase ≈ 0.9, a few side terms little), the
/// others W/W_best of that. Never guesses: a weak or a close call is unknown. A type listed as needing its title
/// (the types no stamp stands behind: a sick leave, a 2-NDFL) is recognised only when its defining phrase is there.
/// Total over any text: nothing a document contains makes it throw.
/// </summary>
internal static class DocumentClassifier
{
    // A title phrase (weight 2 and more) down in the body, not opening a line, is a mention ("запись в трудовой
    // книжке" in a ЦЗН certificate, "листок нетрудоспособности не выдавался" in a medical one): it weighs less.
    private const double TitleWeight = 2.0;
    private const int MinTitleZone = 150;
    private const int MaxTitleZone = 500;
    private const double MentionFactor = 0.6;

    /// <param name="text">The document's text.</param>
    /// <param name="thresholds">The policy's minimum score and margin.</param>
    /// <param name="titleRequired">Types recognised only by their defining phrase (default: none).</param>
    public static DocumentClassification Classify(string text, DecisionThresholds thresholds, IReadOnlySet<DocumentType>? titleRequired = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(thresholds);
        var tokens = OcrText.Tokenize(text);
        var weights = Enum.GetValues<DocumentType>().ToDictionary(t => t, _ => 0.0);
        var evidence = Enum.GetValues<DocumentType>().ToDictionary(t => t, _ => new List<string>());
        var defined = new HashSet<DocumentType>();
        var counted = new List<(DocumentType Type, PhraseHit Hit)>();
        var titleZone = Math.Clamp(text.Length / 3, MinTitleZone, MaxTitleZone);
        foreach (var marker in DocumentMarkers.All.OrderByDescending(m => m.Weight))
        {
            // A marker counts once, and not again inside a heavier marker of its type ("справка о доходах" in the full 2-NDFL title).
            var hit = marker.Phrase.FindAll(tokens)
                .Cast<PhraseHit?>()
                .FirstOrDefault(h => !counted.Any(c => c.Type == marker.Type && c.Hit.Start < h!.Value.End && h.Value.Start < c.Hit.End));
            if (hit is { } found)
            {
                counted.Add((marker.Type, found));
                var asTitle = IsTitlePosition(text, found.Start, titleZone);
                weights[marker.Type] += marker.Weight >= TitleWeight && !asTitle ? marker.Weight * MentionFactor : marker.Weight;
                if (marker.Weight >= TitleWeight && asTitle)
                {
                    defined.Add(marker.Type);
                }

                evidence[marker.Type].Add(OcrText.CollapseSpaces(text[found.Start..found.End]));
            }
        }

        // Confidence comes from the strongest type's weight; every type then scores in proportion to it,
        // so a side mention in a clear document stays far behind and two equal claims tie.
        var strongest = weights.Values.Max();
        var confidence = 1 - Math.Exp(-strongest);
        var scores = weights
            .Select(kv => new TypeScore(kv.Key, strongest == 0 ? 0 : Math.Round(confidence * kv.Value / strongest, 4), evidence[kv.Key], defined.Contains(kv.Key)))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Type)
            .ToList();
        var best = scores[0];
        var margin = best.Score - scores[1].Score;
        var recognised = best.Score >= thresholds.ClassifierMinScore && margin >= thresholds.ClassifierMinMargin
            && (titleRequired is null || !titleRequired.Contains(best.Type) || best.Defined);
        return new DocumentClassification(recognised ? best.Type : null, scores, ForeignTitle(text, tokens, titleZone));
    }

    // The first foreign title that opens a line: in the title zone, or further down with nothing before it on its line
    // (the title of a second document in the file).
    private static string? ForeignTitle(string text, IReadOnlyList<TextToken> tokens, int titleZone)
    {
        foreach (var phrase in DocumentMarkers.ForeignTitles)
        {
            foreach (var hit in phrase.FindAll(tokens))
            {
                if (IsTitlePosition(text, hit.Start, titleZone) && OpensLine(text, hit.Start))
                {
                    return OcrText.CollapseSpaces(text[hit.Start..hit.End]);
                }
            }
        }

        return null;
    }

    private static bool OpensLine(string text, int start)
    {
        var lineStart = start == 0 ? 0 : text.LastIndexOf('\n', start - 1) + 1;
        return text.AsSpan(lineStart, start - lineStart).Trim(" \t\r«\"|-—0123456789.№").IsEmpty;
    }

    private static bool IsTitlePosition(string text, int start, int titleZone)
    {
        if (start <= titleZone)
        {
            return true;
        }

        var lineStart = text.LastIndexOf('\n', start - 1) + 1;
        return text.AsSpan(lineStart, start - lineStart).Trim(" \t\r«\"|-—0123456789.").IsEmpty;
    }
}
