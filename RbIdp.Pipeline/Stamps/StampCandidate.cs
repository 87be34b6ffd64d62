using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Stamps;

/// <summary>
/// One stamp-like shape the detector looked at: where it is (1-based page, box in the page's own pixels), what
/// shape it has, its score (0.5 at the decision boundary), the cue values the score came from, and the
/// decision: <see cref="StampCandidate.AcceptedDecision"/> or why it was refused (e.g. "ring coverage 0.31 &lt; 0.45").
/// </summary>
internal sealed record StampCandidate(
    int Page,
    BoundingBox Box,
    StampShapeKind Shape,
    double Score,
    string Decision,
    IReadOnlyDictionary<string, double> Cues)
{
    /// <summary>The <see cref="Decision"/> of a candidate taken for a stamp.</summary>
    public const string AcceptedDecision = "accepted";

    public bool Accepted => Decision == AcceptedDecision;
}
