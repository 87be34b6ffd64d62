using System.Text.Json.Serialization;
using RbIdp.Pipeline.Verdicts;

namespace RbIdp.Pipeline.Stamps;

/// <summary>Whether a stamp was seen. <see cref="Unknown"/>: the page carries no colour, so a missing stamp cannot be told from a grey one.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StampStatus>))]
internal enum StampStatus
{
    [JsonStringEnumMemberName("found")] Found,
    [JsonStringEnumMemberName("not_found")] NotFound,
    [JsonStringEnumMemberName("unknown")] Unknown,
}

/// <summary>What kind of stamp was found.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StampShapeKind>))]
internal enum StampShapeKind
{
    [JsonStringEnumMemberName("round")] Round,
    [JsonStringEnumMemberName("rectangular")] Rectangular,

    /// <summary>A round seal seen at an angle (a phone photo): its ring is an ellipse.</summary>
    [JsonStringEnumMemberName("elliptical")] Elliptical,
}

/// <summary>
/// The stamp check's answer for a page or a document. <paramref name="Score"/> is in [0, 1] with 0.5 at the
/// decision boundary; <paramref name="Box"/> is in the page's own pixels; <paramref name="Page"/> is 1-based.
/// <see cref="Candidates"/> lists every stamp-like shape considered on every page, with its cues and the
/// reason it was accepted or refused (the stamp artifact's evidence); it takes no part in equality.
/// </summary>
internal sealed record StampFinding(StampStatus Status, double Score, BoundingBox? Box, int? Page, StampShapeKind? Shape = null)
{
    /// <summary>Every candidate looked at, accepted or not, in page order.</summary>
    public IReadOnlyList<StampCandidate> Candidates { get; init; } = [];

    public bool Equals(StampFinding? other) =>
        other is not null && Status == other.Status && Score.Equals(other.Score) && Equals(Box, other.Box) && Page == other.Page && Shape == other.Shape;

    public override int GetHashCode() => HashCode.Combine(Status, Score, Box, Page, Shape);

    public static StampFinding NotFound(double score = 0, int? page = null) => new(StampStatus.NotFound, score, null, page);

    public static StampFinding Unknown(int? page = null) => new(StampStatus.Unknown, 0, null, page);
}
