using RbIdp.Pipeline.Checks.Text;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;

namespace RbIdp.Pipeline.Checks.Classification;

/// <summary>How strongly the text speaks for one type (0–1) and the phrases that said so.</summary>
public sealed record TypeScore(DocumentType Type, double Score, IReadOnlyList<string> Evidence);

/// <summary>
/// The recognised type, or null when none is recognisable: the best score is under the policy's
/// minimum, or the runner-up is within the policy's margin. Scores are all types, best first.
/// </summary>
public sealed record DocumentClassification(DocumentType? Type, IReadOnlyList<TypeScore> Scores)
{
    public TypeScore Best => Scores[0];
}

/// <summary>
/// Recognises which of the nine document types an OCR text is. Each type's markers found in the text add
/// their weight W. The best type scores 1 − e^(−W) (one title phrase ≈ 0.9, a few side terms little), the
/// others W/W_best of that. Never guesses: a weak or a close call is unknown.
/// </summary>
public static class DocumentClassifier
{
    // A title phrase (weight 2 and more) down in the body, not opening a line, is a mention ("запись в трудовой
    // книжке" in a ЦЗН certificate, "листок нетрудоспособности не выдавался" in a medical one): it weighs less.
    private const double TitleWeight = 2.0;
    private const int MinTitleZone = 150;
    private const int MaxTitleZone = 500;
    private const double MentionFactor = 0.6;

    public static DocumentClassification Classify(string text, DecisionThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(thresholds);
        var tokens = OcrText.Tokenize(text);
        var weights = Enum.GetValues<DocumentType>().ToDictionary(t => t, _ => 0.0);
        var evidence = Enum.GetValues<DocumentType>().ToDictionary(t => t, _ => new List<string>());
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
                weights[marker.Type] += marker.Weight >= TitleWeight && !IsTitlePosition(text, found.Start, titleZone)
                    ? marker.Weight * MentionFactor
                    : marker.Weight;
                evidence[marker.Type].Add(OcrText.CollapseSpaces(text[found.Start..found.End]));
            }
        }

        // Confidence comes from the strongest type's weight; every type then scores in proportion to it,
        // so a side mention in a clear document stays far behind and two equal claims tie.
        var strongest = weights.Values.Max();
        var confidence = 1 - Math.Exp(-strongest);
        var scores = weights
            .Select(kv => new TypeScore(kv.Key, strongest == 0 ? 0 : Math.Round(confidence * kv.Value / strongest, 4), evidence[kv.Key]))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Type)
            .ToList();
        var best = scores[0];
        var margin = best.Score - scores[1].Score;
        var recognised = best.Score >= thresholds.ClassifierMinScore && margin >= thresholds.ClassifierMinMargin;
        return new DocumentClassification(recognised ? best.Type : null, scores);
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
